package ch.tbd.kafka.backuprestore.kafkaconnect;

/**
 * A task's storage failures of one kind, over JMX under
 * {@code kafka.backup:type=storage-failures,connector=NAME,task=ID,kind=KIND}; the kinds are {@code throttled},
 * {@code server-error}, {@code io}, {@code refused} and {@code other}.
 */
public interface StorageFailureKindMetricsMBean {

    /** Requests the storage client (the AWS SDK) retried on its own after a failure of this kind. */
    long getRequestRetries();

    /** Failures of this kind that reached the task: the storage client had given up on them, or does not retry. */
    long getFailures();

    /** Of {@link #getFailures()}, those the task retried under its retry policy; the others failed the task. */
    long getTaskRetries();
}
