package ch.tbd.kafka.backuprestore.cli.watch;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a backup holds so far, read the way the restore connector reads it: the catalog lists the objects, and each
 * object's header says up to which offset it goes. A partition is backed up to an offset once an object reaches it.
 */
public final class StoredBackup {

    private final ObjectStorage storage;
    private final BackupCatalog catalog;
    /** Offset spans by object key and size: an object's header is read once. */
    private final Map<String, Coverage.Span> spans = new HashMap<>();

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
        return span(object).lastOffset();
    }

    private Coverage.Span span(BackupObjectRef object) {
        // Keyed by size too: an object damaged and replaced under the same name may end elsewhere.
        return spans.computeIfAbsent(object.key() + "@" + object.size(), ignored -> {
            ObjectSummary summary = BackupObjectReader.readSummary(storage, object.key(), bytes -> { });
            return new Coverage.Span(summary.firstOffset(), summary.lastOffset());
        });
    }

    /**
     * For each partition, the offsets from its start to its last record that no stored object holds although the
     * topic has records there: empty for every partition when the backup is complete.
     *
     * @param lastRecords by partition, the last record to hold
     * @param starts      by partition, the first offset to hold
     * @param gaps        tells whether the topic has records in offsets that no object spans
     */
    public Map<TopicPartitionId, List<Coverage.Missing>> missing(Map<TopicPartitionId, Long> lastRecords,
            Map<TopicPartitionId, Long> starts, Function<TopicPartitionId, Coverage.GapCheck> gaps) {
        Map<TopicPartitionId, List<Coverage.Missing>> missing = new TreeMap<>(
                Comparator.comparing(TopicPartitionId::topic).thenComparingInt(TopicPartitionId::partition));
        Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = new HashMap<>();
        for (Map.Entry<TopicPartitionId, Long> target : lastRecords.entrySet()) {
            TopicPartitionId tp = target.getKey();
            List<Coverage.Span> spans = listings.computeIfAbsent(tp.topic(), catalog::partitions)
                    .getOrDefault(tp.partition(), List.of()).stream().map(this::span).toList();
            List<Coverage.Missing> lost = Coverage.missing(spans, starts.getOrDefault(tp, 0L), target.getValue(),
                    gaps.apply(tp));
            if (!lost.isEmpty()) {
                missing.put(tp, lost);
            }
        }
        return missing;
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
