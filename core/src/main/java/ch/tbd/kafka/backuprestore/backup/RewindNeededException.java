package ch.tbd.kafka.backuprestore.backup;

/** A partition's records must be delivered again from {@link #offset()}, because what came before it was dropped. */
public class RewindNeededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartitionId partition;
    private final long offset;

    public RewindNeededException(TopicPartitionId partition, long offset) {
        super("Partition " + partition + " must be delivered again from offset " + offset);
        this.partition = partition;
        this.offset = offset;
    }

    public TopicPartitionId partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
