package ch.tbd.kafka.backuprestore.it;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * What a backup held at one moment.
 *
 * @param objects     every object whose key the layout understands
 * @param foreignKeys keys under the layout's prefix that are not backup objects (temporary files, strays)
 */
public record BackupSnapshot(List<BackupObject> objects, List<String> foreignKeys) {

    /** The objects of one partition, by start offset then key. */
    public List<BackupObject> objectsOf(TopicPartition partition) {
        return objects.stream()
                .filter(o -> o.topicPartition().equals(partition))
                .sorted(Comparator.comparingLong((BackupObject o) -> o.name().startOffset())
                        .thenComparing(BackupObject::key))
                .toList();
    }

    /** Committed offsets that no object holds yet, per partition; empty when the backup is complete. */
    public Map<TopicPartition, NavigableSet<Long>> missing(ProducedRecords produced) {
        Map<TopicPartition, NavigableSet<Long>> missing = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition partition : produced.partitions()) {
            NavigableSet<Long> offsets = new TreeSet<>(produced.committed(partition).keySet());
            objectsOf(partition).forEach(o -> o.records().forEach(r -> offsets.remove(r.offset())));
            if (!offsets.isEmpty()) {
                missing.put(partition, offsets);
            }
        }
        return missing;
    }

    /** A short account of what is missing, for timeout messages. */
    public String describeMissing(ProducedRecords produced) {
        return missing(produced).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().size() + " offsets missing, first " + e.getValue().first()
                        + ", last " + e.getValue().last())
                .collect(Collectors.joining("; ", objects.size() + " objects; ", ""));
    }
}
