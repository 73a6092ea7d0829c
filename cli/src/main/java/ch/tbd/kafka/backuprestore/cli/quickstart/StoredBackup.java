package ch.tbd.kafka.backuprestore.cli.quickstart;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the backup of one topic holds so far, read the way the restore connector reads it: the catalog lists the
 * objects, and each object's header says up to which offset it goes. A backup is complete for a partition once an
 * object reaches the partition's last offset.
 */
final class StoredBackup {

    private final ObjectStorage storage;
    private final BackupCatalog catalog;
    private final String topic;
    /** Last offsets by object key and size: an object's header is read once. */
    private final Map<String, Long> lastOffsets = new HashMap<>();

    StoredBackup(ObjectStorage storage, String topic) {
        this.storage = storage;
        this.catalog = new BackupCatalog(storage, new BackupLayout(""));
        this.topic = topic;
    }

    /** Whether every partition's objects reach its last offset in {@code lastOffsetsToReach}. */
    boolean reaches(Map<Integer, Long> lastOffsetsToReach) {
        Map<Integer, List<BackupObjectRef>> partitions = catalog.partitions(topic);
        for (Map.Entry<Integer, Long> entry : lastOffsetsToReach.entrySet()) {
            long stored = partitions.getOrDefault(entry.getKey(), List.of()).stream()
                    .mapToLong(this::lastOffset)
                    .max()
                    .orElse(-1);
            if (stored < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private long lastOffset(BackupObjectRef object) {
        // Keyed by size too: a restarted task may rewrite an object under the same name with a different end.
        return lastOffsets.computeIfAbsent(object.key() + "@" + object.size(),
                ignored -> BackupObjectReader.readSummary(storage, object.key(), bytes -> { }).lastOffset());
    }

    int objectCount() {
        return catalog.partitions(topic).values().stream().mapToInt(List::size).sum();
    }

    long storedBytes() {
        return catalog.partitions(topic).values().stream().flatMap(List::stream)
                .mapToLong(BackupObjectRef::size).sum();
    }
}
