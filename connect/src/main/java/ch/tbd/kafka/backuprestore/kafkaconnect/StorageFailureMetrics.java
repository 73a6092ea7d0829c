package ch.tbd.kafka.backuprestore.kafkaconnect;

import ch.tbd.kafka.backuprestore.storage.FailureCounts;
import ch.tbd.kafka.backuprestore.storage.FailureKind;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/**
 * A task's storage failures by {@link FailureKind}, one JMX bean per kind, so that an alert can tell a store that
 * throttles (add time or spread the load) from one that is down or refuses the credentials. The backup and the
 * restore tasks count into it where they decide to retry or to fail; the storage client's own retries come from the
 * storage.
 */
public final class StorageFailureMetrics {

    private final ObjectStorage storage;
    private final FailureCounts failures = new FailureCounts();
    private final FailureCounts taskRetries = new FailureCounts();
    private final List<ObjectName> names = new ArrayList<>();

    public StorageFailureMetrics(ObjectStorage storage) {
        this.storage = storage;
    }

    /** Counts a failure that reached the task, which retries it when {@code retrying}, else fails. */
    public void failed(Throwable failure, boolean retrying) {
        FailureKind kind = FailureKind.of(failure);
        failures.add(kind);
        if (retrying) {
            taskRetries.add(kind);
        }
    }

    public void register(String connector, String task) {
        for (FailureKind kind : FailureKind.values()) {
            ObjectName name = TaskMBeans.register("storage-failures", connector, task, kind.label(),
                    new StorageFailureKindMetrics(this, kind));
            if (name != null) {
                names.add(name);
            }
        }
    }

    public void unregister() {
        names.forEach(TaskMBeans::unregister);
        names.clear();
    }

    public FailureCounts requestRetries() {
        return storage.requestRetries();
    }

    public FailureCounts failures() {
        return failures;
    }

    public FailureCounts taskRetries() {
        return taskRetries;
    }
}
