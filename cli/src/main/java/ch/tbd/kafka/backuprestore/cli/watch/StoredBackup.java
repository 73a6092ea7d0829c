package ch.tbd.kafka.backuprestore.cli.watch;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What a backup holds so far, read the way the restore connector reads it: the catalog lists the objects, and each
 * object's header says up to which offset it goes. A partition is backed up to an offset once an object reaches it.
 */
public final class StoredBackup {

    private final ObjectStorage storage;
    private final BackupCatalog catalog;
    /** Last offsets by object key and size: an object's header is read once. */
    private final Map<String, Long> lastOffsets = new HashMap<>();

    public StoredBackup(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.catalog = new BackupCatalog(storage, layout);
    }

    /** Whether every partition's objects reach its offset in {@code offsetsToReach}. */
    public boolean reaches(Map<TopicPartitionId, Long> offsetsToReach) {
        Set<String> topics = new TreeSet<>();
        offsetsToReach.keySet().forEach(tp -> topics.add(tp.topic()));
        for (String topic : topics) {
            SortedMap<Integer, List<BackupObjectRef>> partitions = catalog.partitions(topic);
            for (Map.Entry<TopicPartitionId, Long> entry : offsetsToReach.entrySet()) {
                if (!entry.getKey().topic().equals(topic)) {
                    continue;
                }
                long stored = partitions.getOrDefault(entry.getKey().partition(), List.of()).stream()
                        .mapToLong(this::lastOffset)
                        .max()
                        .orElse(-1);
                if (stored < entry.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private long lastOffset(BackupObjectRef object) {
        // Keyed by size too: a restarted task may rewrite an object under the same name with a different end.
        return lastOffsets.computeIfAbsent(object.key() + "@" + object.size(),
                ignored -> BackupObjectReader.readSummary(storage, object.key(), bytes -> { }).lastOffset());
    }

    /** The objects of these topics and their stored size. */
    public Totals totals(Collection<String> topics) {
        int objects = 0;
        long bytes = 0;
        for (String topic : topics) {
            for (List<BackupObjectRef> refs : catalog.partitions(topic).values()) {
                objects += refs.size();
                bytes += refs.stream().mapToLong(BackupObjectRef::size).sum();
            }
        }
        return new Totals(objects, bytes);
    }

    public record Totals(int objects, long bytes) {}
}
