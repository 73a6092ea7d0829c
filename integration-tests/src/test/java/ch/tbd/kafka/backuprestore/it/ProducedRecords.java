package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a test produced, as the records a backup should hold: offsets and timestamps are those the broker assigned
 * ({@code RecordMetadata}), so the expectation needs no guessing. Thread-safe, so that producer callbacks can add.
 */
public final class ProducedRecords {

    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, NavigableMap<Long, BackupRecord>> committed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, NavigableMap<Long, BackupRecord>> aborted = new ConcurrentHashMap<>();

    void addCommitted(BackupRecord record) {
        add(committed, record);
    }

    void addAborted(BackupRecord record) {
        add(aborted, record);
    }

    /** Committed records of one partition by offset; empty when nothing went there. */
    public NavigableMap<Long, BackupRecord> committed(TopicPartition partition) {
        return committed.getOrDefault(partition, new TreeMap<>());
    }

    /** Offsets of records whose transaction was aborted: a backup must not hold them. */
    public NavigableMap<Long, BackupRecord> aborted(TopicPartition partition) {
        return aborted.getOrDefault(partition, new TreeMap<>());
    }

    /** Every partition that received a committed or an aborted record, in topic and partition order. */
    public Set<TopicPartition> partitions() {
        Set<TopicPartition> all = new TreeSet<>(BY_TOPIC_PARTITION);
        all.addAll(committed.keySet());
        all.addAll(aborted.keySet());
        return all;
    }

    public List<BackupRecord> allCommitted() {
        List<BackupRecord> all = new ArrayList<>();
        for (TopicPartition partition : partitions()) {
            all.addAll(committed(partition).values());
        }
        return all;
    }

    public int committedCount() {
        return committed.values().stream().mapToInt(Map::size).sum();
    }

    public int abortedCount() {
        return aborted.values().stream().mapToInt(Map::size).sum();
    }

    /** The same records restricted to some topics, for a connector that only backs those up. */
    public ProducedRecords onlyTopics(Collection<String> topics) {
        ProducedRecords subset = new ProducedRecords();
        committed.forEach((tp, records) -> {
            if (topics.contains(tp.topic())) {
                records.values().forEach(subset::addCommitted);
            }
        });
        aborted.forEach((tp, records) -> {
            if (topics.contains(tp.topic())) {
                records.values().forEach(subset::addAborted);
            }
        });
        return subset;
    }

    private static void add(Map<TopicPartition, NavigableMap<Long, BackupRecord>> target, BackupRecord record) {
        NavigableMap<Long, BackupRecord> partition = target.computeIfAbsent(
                new TopicPartition(record.topic(), record.partition()), tp -> new ConcurrentSkipListMap<>());
        if (partition.putIfAbsent(record.offset(), record) != null) {
            throw new IllegalStateException("two records produced at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset());
        }
    }
}
