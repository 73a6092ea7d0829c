package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

/** What a restore task exposes over JMX, under {@code kafka.backup:type=restore-task,connector=NAME,task=ID}. */
public interface RestoreTaskMetricsMBean {

    long getRecordsRestored();

    long getBytesRead();

    long getObjectsRead();

    long getObjectsSkipped();

    long getCorruptObjects();

    /** Reads and listings the task retried after a failure that may pass, each a WARN naming the partition. */
    long getReadRetries();

    /** Requests the storage client (the AWS SDK) retried on its own, each a WARN too. */
    long getStorageRequestRetries();

    /**
     * What damaged objects made this task skip (restore.skip.damaged.enabled): "TOPIC-PARTITION: OBJECT (offsets
     * FROM..TO)" each; empty when nothing was skipped.
     */
    String[] getSkippedOffsetRanges();

    /**
     * How long records handed to Connect have waited without any reaching Kafka; 0 while they flow. Above a minute the
     * task logs an ERROR: usually a missing target topic or partition, which Connect's producer waits for without end.
     */
    long getWritesStalledMs();

    long getFailedWrites();

    int getPartitionsAssigned();

    int getPartitionsComplete();

    boolean isComplete();
}
