package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.storage.StorageException;

/**
 * Storing an object of a partition failed. The object's records are dropped from memory: the caller rewinds the
 * partition to {@link #startOffset()} to have them delivered again when the failure is {@link #retriable()}.
 */
public class ObjectUploadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartitionId partition;
    private final long startOffset;
    private final boolean retriable;

    public ObjectUploadException(TopicPartitionId partition, long startOffset, String key, StorageException cause) {
        super("Failed to store backup object '" + key + "' of " + partition + ": " + cause.getMessage(), cause);
        this.partition = partition;
        this.startOffset = startOffset;
        this.retriable = cause.retriable();
    }

    public TopicPartitionId partition() {
        return partition;
    }

    public long startOffset() {
        return startOffset;
    }

    public boolean retriable() {
        return retriable;
    }
}
