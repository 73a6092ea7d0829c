package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

/** What a backup task exposes over JMX, under {@code kafka.backup:type=backup-task,connector=NAME,task=ID}. */
public interface BackupTaskMetricsMBean {

    long getObjectsStored();

    long getRecordsStored();

    long getBytesStored();

    /** Storage failures retried since the task started, by the task (each a WARN naming the object). */
    long getStoreRetries();

    /** Requests the storage client (the AWS SDK) retried on its own since the task started, each a WARN too. */
    long getStorageRequestRetries();

    /** Partitions paused now, waiting to retry a failed store. */
    int getPartitionsRetrying();

    /**
     * Milliseconds since the oldest record the task holds but has not stored reached it, by the worker's clock; 0
     * when everything it was given is stored. This is how much the backup would lose with the worker now: alert when
     * it grows past rotate.schedule.interval.ms plus a margin.
     */
    long getOldestUnstoredRecordAgeMs();

    /**
     * Heap the task's objects take now: open ones, and completed ones on their way to the store. Bounded by
     * buffer.max.bytes; near it, the task rotates its largest object early to stay within it.
     */
    long getBufferedBytes();

    /** Objects the task has open now, one per partition that received records since its last object. */
    int getOpenObjects();

    /** The average time of the last 100 successful uploads, from the request to the store's answer; 0 before any. */
    long getUploadLatencyAvgMs();

    /** The longest of the last 100 successful uploads; 0 before any. */
    long getUploadLatencyMaxMs();
}
