package ch.tbd.kafka.backuprestore.offsets;

/**
 * Where a committed offset lands in the restored partition, and why.
 *
 * @param offset the committed offset to set in the target partition; {@link #EARLIEST} for the partition's start
 * @param detail for a person: what decided the offset
 */
public record Translation(Outcome outcome, String targetTopic, int targetPartition, long offset, String detail) {

    /** The target partition's earliest offset, for an offset that cannot be placed more precisely without skipping. */
    public static final long EARLIEST = -2;

    public enum Outcome {
        /** The committed offset is a restored record's: the group goes on at that record's copy. */
        EXACT(true),
        /** No record was restored at the committed offset: the group goes on at the next restored record. */
        NEXT_RECORD(true),
        /** No record was restored at or after the committed offset: the group goes on after the last one. */
        END_OF_PARTITION(true),
        /**
         * The offset map lacks some restored records near the committed offset (the runs of a restore task's last
         * batch before it stopped): the group goes on before them, re-reading at most those, never skipping one.
         */
        REREADS(true),
        /** Nothing of the partition was restored: nothing to set. */
        NOT_RESTORED(false),
        /** The restore spread the partition over several target partitions (repartitioned by key): no one offset. */
        SPREAD_OVER_PARTITIONS(false);

        private final boolean applicable;

        Outcome(boolean applicable) {
            this.applicable = applicable;
        }

        /** Whether the translation gives an offset to set. */
        public boolean applicable() {
            return applicable;
        }
    }
}
