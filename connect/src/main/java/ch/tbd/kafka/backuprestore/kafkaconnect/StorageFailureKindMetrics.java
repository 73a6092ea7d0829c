package ch.tbd.kafka.backuprestore.kafkaconnect;

import ch.tbd.kafka.backuprestore.storage.FailureKind;

/** The bean of one kind of {@link StorageFailureMetrics}. */
final class StorageFailureKindMetrics implements StorageFailureKindMetricsMBean {

    private final StorageFailureMetrics metrics;
    private final FailureKind kind;

    StorageFailureKindMetrics(StorageFailureMetrics metrics, FailureKind kind) {
        this.metrics = metrics;
        this.kind = kind;
    }

    @Override
    public long getRequestRetries() {
        return metrics.requestRetries().get(kind);
    }

    @Override
    public long getFailures() {
        return metrics.failures().get(kind);
    }

    @Override
    public long getTaskRetries() {
        return metrics.taskRetries().get(kind);
    }
}
