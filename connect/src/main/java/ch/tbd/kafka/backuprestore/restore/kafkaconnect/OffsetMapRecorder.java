package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Keeps the offsets restored records got in the target, as runs: original offsets {@code o..o+n-1} of a backed-up
 * partition became {@code t..t+n-1} of a target partition. Runs are written to the offset-map topic, keyed by their
 * source partition and first original offset, so that a run written again when it grows replaces the earlier version
 * in the compacted topic.
 *
 * <p>Connect reports written offsets from its producer thread while the task polls, hence the locking.
 */
final class OffsetMapRecorder {

    private final String topic;
    private final Map<TopicPartitionId, Run> open = new HashMap<>();
    private final List<Run> closed = new ArrayList<>();
    private final Map<TopicPartitionId, Run> changed = new HashMap<>();

    OffsetMapRecorder(String topic) {
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    synchronized void written(TopicPartitionId source, long sourceOffset, String targetTopic, int targetPartition,
            long targetOffset) {
        Run run = open.get(source);
        if (run != null && run.extendsWith(sourceOffset, targetTopic, targetPartition, targetOffset)) {
            run.count++;
            changed.put(source, run);
            return;
        }
        if (run != null) {
            closed.add(run);
            changed.remove(source);
        }
        Run started = new Run(source, sourceOffset, targetTopic, targetPartition, targetOffset);
        open.put(source, started);
        changed.put(source, started);
    }

    /** Records for every run closed or grown since the last call. */
    synchronized List<SourceRecord> drain() {
        List<SourceRecord> records = new ArrayList<>(closed.size() + changed.size());
        closed.forEach(run -> records.add(run.toRecord(topic)));
        changed.values().forEach(run -> records.add(run.toRecord(topic)));
        closed.clear();
        changed.clear();
        return records;
    }

    /**
     * A record that carries the final progress of a partition whose last written record did not: one with nothing to
     * restore in the window, or whose tail was skipped as damaged. Connect commits its source offset like any other,
     * so the connector's offsets show every partition complete.
     */
    SourceRecord completion(TopicPartitionId source, RestoreProgress progress) {
        String key = source.topic() + "/" + source.partition() + "/complete";
        String value = "{\"sourceTopic\":\"" + source.topic() + "\",\"sourcePartition\":" + source.partition()
                + ",\"complete\":true,\"records\":" + progress.records() + "}";
        return new SourceRecord(RestoreProgress.sourcePartition(source), progress.sourceOffset(), topic, null,
                Schema.BYTES_SCHEMA, key.getBytes(StandardCharsets.UTF_8), Schema.BYTES_SCHEMA,
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Run {
        final TopicPartitionId source;
        final long sourceOffset;
        final String targetTopic;
        final int targetPartition;
        final long targetOffset;
        long count = 1;

        Run(TopicPartitionId source, long sourceOffset, String targetTopic, int targetPartition, long targetOffset) {
            this.source = source;
            this.sourceOffset = sourceOffset;
            this.targetTopic = targetTopic;
            this.targetPartition = targetPartition;
            this.targetOffset = targetOffset;
        }

        boolean extendsWith(long nextSource, String topic, int partition, long nextTarget) {
            return nextSource == sourceOffset + count && nextTarget == targetOffset + count
                    && partition == targetPartition && topic.equals(targetTopic);
        }

        SourceRecord toRecord(String mapTopic) {
            // Topic names are limited to [a-zA-Z0-9._-], so they need no escaping in JSON.
            String key = source.topic() + "/" + source.partition() + "/" + sourceOffset;
            String value = "{\"sourceTopic\":\"" + source.topic() + "\",\"sourcePartition\":" + source.partition()
                    + ",\"sourceOffset\":" + sourceOffset + ",\"targetTopic\":\"" + targetTopic
                    + "\",\"targetPartition\":" + targetPartition + ",\"targetOffset\":" + targetOffset
                    + ",\"count\":" + count + "}";
            // No source partition or offset: these records say nothing about restore progress.
            return new SourceRecord(null, null, mapTopic, null, Schema.BYTES_SCHEMA,
                    key.getBytes(StandardCharsets.UTF_8), Schema.BYTES_SCHEMA,
                    value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
