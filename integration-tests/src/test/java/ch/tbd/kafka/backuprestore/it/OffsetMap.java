package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The offset map a restore writes: runs of records whose original offsets {@code sourceOffset ..} became
 * {@code targetOffset ..}, {@code count} of them, both sides consecutive.
 *
 * <p>The map topic is compacted: a run that grew may be written again under the same key, and only the last value of
 * a key counts, as for any reader of a compacted topic.
 */
public final class OffsetMap {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OffsetMap() {}

    /** One record of the offset map. */
    public record Run(String sourceTopic, int sourcePartition, long sourceOffset, String targetTopic,
            int targetPartition, long targetOffset, long count) {}

    /** One restored record: where it was in the backup and where it is now. */
    public record Mapping(String sourceTopic, int sourcePartition, long sourceOffset, String targetTopic,
            int targetPartition, long targetOffset) implements Comparable<Mapping> {

        @Override
        public int compareTo(Mapping other) {
            return java.util.Comparator.comparing(Mapping::sourceTopic)
                    .thenComparingInt(Mapping::sourcePartition)
                    .thenComparingLong(Mapping::sourceOffset)
                    .thenComparing(Mapping::targetTopic)
                    .thenComparingInt(Mapping::targetPartition)
                    .thenComparingLong(Mapping::targetOffset)
                    .compare(this, other);
        }

        @Override
        public String toString() {
            return sourceTopic + "-" + sourcePartition + "@" + sourceOffset + " -> " + targetTopic + "-"
                    + targetPartition + "@" + targetOffset;
        }
    }

    /** The end offsets of the map topic now, or none when it does not exist yet: read from there after a restore. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The committed runs of the map topic from {@code startOffsets} (the beginning where none is given), the last
     * value of each key.
     */
    public static List<Run> read(String bootstrapServers, String topic, Map<TopicPartition, Long> startOffsets) {
        Map<String, Run> byKey = new java.util.LinkedHashMap<>();
        List<Run> unkeyed = new ArrayList<>();
        for (BackupRecord record : TopicContents.read(bootstrapServers, startOffsets, topic).all()) {
            Run run = parse(record);
            if (run == null) {
                continue;
            }
            if (record.key() == null) {
                unkeyed.add(run);
            } else {
                String key = record.partition() + "/" + java.util.Base64.getEncoder().encodeToString(record.key());
                byKey.remove(key);
                byKey.put(key, run);
            }
        }
        List<Run> runs = new ArrayList<>(byKey.values());
        runs.addAll(unkeyed);
        return runs;
    }

    /**
     * Reads the map until its runs into {@code targetTopics} state exactly the restored records' moves. The map is
     * written after the records it describes, so it may lag behind a restore that just completed.
     */
    public static List<Run> awaitCoversExactly(String bootstrapServers, String topic,
            Map<TopicPartition, Long> startOffsets, Collection<String> targetTopics, Collection<Mapping> restored,
            java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Run> runs = into(read(bootstrapServers, topic, startOffsets), targetTopics);
            try {
                assertCoversExactly(runs, restored);
                return runs;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
    }

    /** The run a record states, or {@code null} for a completion marker. */
    private static Run parse(BackupRecord record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            fail("offset map record %s has no value", where);
        }
        try {
            JsonNode value = JSON.readTree(record.value());
            if (value.has("complete") && !value.has("targetOffset")) {
                // The connector's marker that a partition is done, not a run.
                return null;
            }
            for (String field : List.of("sourceTopic", "sourcePartition", "sourceOffset", "targetTopic",
                    "targetPartition", "targetOffset", "count")) {
                assertThat(value.has(field)).as("field %s in offset map record %s: %s", field, where, value).isTrue();
            }
            return new Run(value.get("sourceTopic").asText(), value.get("sourcePartition").asInt(),
                    value.get("sourceOffset").asLong(), value.get("targetTopic").asText(),
                    value.get("targetPartition").asInt(), value.get("targetOffset").asLong(),
                    value.get("count").asLong());
        } catch (IOException e) {
            throw new AssertionError("offset map record " + where + " is not JSON", e);
        }
    }

    /** Every (original offset, new offset) pair the runs state, each once; fails if a pair is stated twice. */
    public static Set<Mapping> expand(Collection<Run> runs) {
        Set<Mapping> mappings = new TreeSet<>();
        for (Run run : runs) {
            assertThat(run.count()).as("count of %s", run).isPositive();
            for (long i = 0; i < run.count(); i++) {
                Mapping mapping = new Mapping(run.sourceTopic(), run.sourcePartition(), run.sourceOffset() + i,
                        run.targetTopic(), run.targetPartition(), run.targetOffset() + i);
                if (!mappings.add(mapping)) {
                    fail("the offset map states %s twice (again in %s)", mapping, run);
                }
            }
        }
        return mappings;
    }

    /** The runs into some target topics, for a map topic that other restores also wrote to. */
    public static List<Run> into(Collection<Run> runs, Collection<String> targetTopics) {
        return runs.stream().filter(r -> targetTopics.contains(r.targetTopic())).toList();
    }

    /** The runs state exactly the restored records' moves: none missing, none extra. */
    public static void assertCoversExactly(Collection<Run> runs, Collection<Mapping> restored) {
        Set<Mapping> stated = expand(runs);
        Set<Mapping> actual = new TreeSet<>(restored);
        Set<Mapping> missing = new TreeSet<>(actual);
        missing.removeAll(stated);
        Set<Mapping> extra = new TreeSet<>(stated);
        extra.removeAll(actual);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            fail("the offset map (%d runs, %d moves) does not match the %d restored records: %d missing (first %s),"
                            + " %d that no restored record made (first %s)", runs.size(), stated.size(), actual.size(),
                    missing.size(), first(missing), extra.size(), first(extra));
        }
    }

    /**
     * After a task stopped mid-restore: every run stated is right, and what is missing is, per source partition, one
     * stretch of consecutive restored records no longer than a batch. Those are the runs of the last batch the stopped
     * task wrote, whose target offsets it learned too late to record.
     */
    public static void assertCoversAllButTheLastBatchBeforeAStop(Collection<Run> runs, Collection<Mapping> restored,
            int batchSize) {
        Set<Mapping> stated = expand(runs);
        Set<Mapping> actual = new TreeSet<>(restored);
        Set<Mapping> extra = new TreeSet<>(stated);
        extra.removeAll(actual);
        assertThat(extra).as("moves in the offset map that no restored record made").isEmpty();
        Map<String, List<Mapping>> restoredBySource = actual.stream().collect(Collectors.groupingBy(
                m -> m.sourceTopic() + "-" + m.sourcePartition(), TreeMap::new, Collectors.toList()));
        restoredBySource.forEach((source, moves) -> {
            List<Integer> missingIndexes = new ArrayList<>();
            for (int i = 0; i < moves.size(); i++) {
                if (!stated.contains(moves.get(i))) {
                    missingIndexes.add(i);
                }
            }
            assertThat(missingIndexes.size()).as("moves of %s missing from the offset map", source)
                    .isLessThanOrEqualTo(batchSize);
            if (!missingIndexes.isEmpty()) {
                assertThat(missingIndexes.get(missingIndexes.size() - 1) - missingIndexes.get(0) + 1)
                        .as("missing moves of %s form one stretch", source).isEqualTo(missingIndexes.size());
            }
        });
    }

    /** Runs per source partition, for messages. */
    public static Map<String, Long> runsPerSourcePartition(Collection<Run> runs) {
        return runs.stream().collect(Collectors.groupingBy(r -> r.sourceTopic() + "-" + r.sourcePartition(),
                TreeMap::new, Collectors.counting()));
    }

    private static List<Mapping> first(Set<Mapping> mappings) {
        return mappings.stream().limit(5).toList();
    }
}
