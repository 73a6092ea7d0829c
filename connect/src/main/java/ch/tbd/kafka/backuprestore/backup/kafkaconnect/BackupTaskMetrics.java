package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.UploadLatency;
import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.kafkaconnect.TaskMBeans;
import java.time.Clock;
import javax.management.ObjectName;

/**
 * The counters of one backup task, registered as a plain JMX bean ({@link TaskMBeans}). The task's thread
 * publishes them after each call; JMX reads them from another thread.
 */
final class BackupTaskMetrics implements BackupTaskMetricsMBean {

    private final Clock clock;
    private final StorageFailureMetrics failures;
    private volatile long objectsStored;
    private volatile long recordsStored;
    private volatile long bytesStored;
    private volatile int partitionsRetrying;
    private volatile long oldestUnstoredSinceMs = Long.MAX_VALUE;
    private volatile long bufferedBytes;
    private volatile int openObjects;
    private volatile UploadLatency uploadLatency;
    private ObjectName name;

    BackupTaskMetrics(Clock clock, StorageFailureMetrics failures) {
        this.clock = clock;
        this.failures = failures;
    }

    void register(String connector, String task) {
        name = TaskMBeans.register("backup-task", connector, task, this);
        failures.register(connector, task);
    }

    void unregister() {
        TaskMBeans.unregister(name);
        failures.unregister();
    }

    /** Takes the writer's figures; on the task's thread. */
    void update(BackupWriter writer, int retrying) {
        BackupWriter.BackupStats stats = writer.stats();
        objectsStored = stats.objectsStored();
        recordsStored = stats.recordsStored();
        bytesStored = stats.bytesStored();
        partitionsRetrying = retrying;
        oldestUnstoredSinceMs = writer.oldestUnstoredSinceMs();
        bufferedBytes = writer.bufferedHeapBytes();
        openObjects = writer.openObjects();
        uploadLatency = writer.uploadLatency();
    }

    @Override
    public long getObjectsStored() {
        return objectsStored;
    }

    @Override
    public long getRecordsStored() {
        return recordsStored;
    }

    @Override
    public long getBytesStored() {
        return bytesStored;
    }

    @Override
    public long getStoreRetries() {
        return failures.taskRetries().total();
    }

    @Override
    public long getStorageRequestRetries() {
        return failures.requestRetries().total();
    }

    @Override
    public int getPartitionsRetrying() {
        return partitionsRetrying;
    }

    @Override
    public long getBufferedBytes() {
        return bufferedBytes;
    }

    @Override
    public int getOpenObjects() {
        return openObjects;
    }

    @Override
    public long getUploadLatencyAvgMs() {
        UploadLatency latency = uploadLatency;
        return latency == null ? 0 : latency.averageMs();
    }

    @Override
    public long getUploadLatencyMaxMs() {
        UploadLatency latency = uploadLatency;
        return latency == null ? 0 : latency.maxMs();
    }

    @Override
    public long getOldestUnstoredRecordAgeMs() {
        long since = oldestUnstoredSinceMs;
        return since == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - since);
    }
}
