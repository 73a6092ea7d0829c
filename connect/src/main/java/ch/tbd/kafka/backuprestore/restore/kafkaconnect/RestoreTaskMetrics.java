package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.kafkaconnect.TaskMBeans;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * The counters of one restore task, registered as a plain JMX bean ({@link TaskMBeans}).
 */
final class RestoreTaskMetrics implements RestoreTaskMetricsMBean {

    final AtomicLong recordsRestored = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong objectsRead = new AtomicLong();
    final AtomicLong objectsSkipped = new AtomicLong();
    final AtomicLong corruptObjects = new AtomicLong();
    final AtomicLong failedWrites = new AtomicLong();
    private volatile StorageFailureMetrics storageFailures;
    final AtomicInteger partitionsAssigned = new AtomicInteger();
    final AtomicInteger partitionsComplete = new AtomicInteger();
    volatile String[] skippedRanges = new String[0];
    volatile java.util.function.LongSupplier stalledMs = () -> 0;
    private ObjectName name;

    /** Registers the beans of a task that reads {@code storageFailures}' storage. */
    void register(String connector, String task, StorageFailureMetrics storageFailures) {
        this.storageFailures = storageFailures;
        name = TaskMBeans.register("restore-task", connector, task, this);
        storageFailures.register(connector, task);
    }

    void unregister() {
        TaskMBeans.unregister(name);
        if (storageFailures != null) {
            storageFailures.unregister();
        }
    }

    StorageFailureMetrics storageFailures() {
        return storageFailures;
    }

    @Override
    public long getRecordsRestored() {
        return recordsRestored.get();
    }

    @Override
    public long getBytesRead() {
        return bytesRead.get();
    }

    @Override
    public long getObjectsRead() {
        return objectsRead.get();
    }

    @Override
    public long getObjectsSkipped() {
        return objectsSkipped.get();
    }

    @Override
    public long getCorruptObjects() {
        return corruptObjects.get();
    }

    @Override
    public long getReadRetries() {
        return storageFailures == null ? 0 : storageFailures.taskRetries().total();
    }

    @Override
    public long getStorageRequestRetries() {
        return storageFailures == null ? 0 : storageFailures.requestRetries().total();
    }

    @Override
    public long getFailedWrites() {
        return failedWrites.get();
    }

    @Override
    public int getPartitionsAssigned() {
        return partitionsAssigned.get();
    }

    @Override
    public int getPartitionsComplete() {
        return partitionsComplete.get();
    }

    @Override
    public String[] getSkippedOffsetRanges() {
        return skippedRanges.clone();
    }

    @Override
    public long getWritesStalledMs() {
        return stalledMs.getAsLong();
    }

    @Override
    public boolean isComplete() {
        return partitionsAssigned.get() > 0 && partitionsComplete.get() == partitionsAssigned.get();
    }
}
