package ch.tbd.kafka.backuprestore.offsets;

/**
 * What the restore wrote, as its offset map records it: the records of original offsets {@code sourceOffset} to
 * {@code sourceOffset + count - 1} of a backed-up partition became the records of offsets {@code targetOffset} to
 * {@code targetOffset + count - 1} of a target partition, one for one. A gap in the original offsets (compaction,
 * transaction markers) starts a new run.
 */
public record OffsetRun(String sourceTopic, int sourcePartition, long sourceOffset, String targetTopic,
        int targetPartition, long targetOffset, long count) {

    public OffsetRun {
        if (count < 1) {
            throw new IllegalArgumentException("a run holds at least one record, not " + count);
        }
    }

    /** The original offset after the run's last record. */
    public long sourceEnd() {
        return sourceOffset + count;
    }

    /** The target offset after the run's last record. */
    public long targetEnd() {
        return targetOffset + count;
    }
}
