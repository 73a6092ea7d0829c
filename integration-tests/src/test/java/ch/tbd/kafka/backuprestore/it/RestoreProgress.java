package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A restore connector's source offsets as {@code GET /connectors/{name}/offsets} shows them: for each backed-up
 * partition {@code {"topic": T, "partition": N}}, an offset {@code {"offset": last original offset written, "records":
 * ..., "total.records": ..., "bytes": ..., "total.bytes": ..., "complete": ...}}.
 *
 * @param offsets the offset map of each source partition, by backed-up topic and partition
 */
public record RestoreProgress(Map<TopicPartition, JsonNode> offsets) {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** A partition listed without an offset this many times in a row is not a passing state. */
    private static final int NULL_POLLS_TOLERATED = 20;

    public static RestoreProgress of(JsonNode response) {
        Map<TopicPartition, JsonNode> offsets = new TreeMap<>(TopicContents.BY_TOPIC_PARTITION);
        for (JsonNode entry : response.path("offsets")) {
            JsonNode partition = entry.path("partition");
            offsets.put(new TopicPartition(partition.path("topic").asText(), partition.path("partition").asInt()),
                    entry.path("offset"));
        }
        return new RestoreProgress(offsets);
    }

    public static RestoreProgress read(ConnectRest connect, String connector) {
        return of(connect.connectorOffsets(connector));
    }

    /**
     * Waits until every one of {@code sourcePartitions} is complete. Fails at once, with the trace, when the connector
     * or a task fails: a failed restore does not need the whole timeout to say so.
     */
    public static RestoreProgress awaitComplete(ConnectRest connect, String connector,
            Collection<TopicPartition> sourcePartitions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int nullPolls = 0;
        while (true) {
            JsonNode status = connect.connectorStatus(connector);
            if (status != null) {
                if ("FAILED".equals(status.path("connector").path("state").asText())) {
                    fail("connector %s failed instead of completing: %s", connector,
                            status.path("connector").path("trace").asText());
                }
                for (JsonNode task : status.path("tasks")) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        fail("task %s of %s failed instead of completing: %s", task.path("id").asText(), connector,
                                task.path("trace").asText());
                    }
                }
                RestoreProgress progress = read(connect, connector);
                if (progress.completeFor(sourcePartitions)) {
                    return progress;
                }
                nullPolls = progress.offsets().values().stream().anyMatch(JsonNode::isNull) ? nullPolls + 1 : 0;
                if (nullPolls >= NULL_POLLS_TOLERATED) {
                    fail("GET /connectors/%s/offsets lists source partitions without an offset: %s. Likely cause:"
                            + " Connect finds a stored offset by the bytes of its serialized source partition, and a"
                            + " partition map whose iteration order differs from the one Connect serializes (Map.of"
                            + " orders its keys differently in every JVM) is stored under keys this lookup never finds",
                            connector, progress.offsets());
                }
                if (System.nanoTime() > deadline) {
                    fail("restore %s not complete for %s after %s: offsets %s, status %s", connector, sourcePartitions,
                            timeout, progress.offsets(), status);
                }
            } else if (System.nanoTime() > deadline) {
                fail("connector %s unknown after %s", connector, timeout);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    public boolean completeFor(Collection<TopicPartition> sourcePartitions) {
        return sourcePartitions.stream().allMatch(tp -> offsets.containsKey(tp)
                && offsets.get(tp).path("complete").asBoolean(false));
    }

    public JsonNode offset(TopicPartition sourcePartition) {
        JsonNode offset = offsets.get(sourcePartition);
        assertThat(offset).as("source offset of %s among %s", sourcePartition, offsets).isNotNull();
        return offset;
    }

    /** Records restored so far from one source partition. */
    public long records(TopicPartition sourcePartition) {
        return offset(sourcePartition).path("records").asLong(-1);
    }

    /**
     * The offset of a finished partition is the last original offset written and counts the records restored; the
     * byte counts are there.
     */
    public void assertCompleted(TopicPartition sourcePartition, long lastOriginalOffset, long records) {
        JsonNode offset = offset(sourcePartition);
        assertThat(offset.path("complete").asBoolean(false)).as("complete in %s of %s", offset, sourcePartition)
                .isTrue();
        assertThat(offset.path("offset").asLong(-1)).as("offset in %s of %s", offset, sourcePartition)
                .isEqualTo(lastOriginalOffset);
        assertThat(offset.path("records").asLong(-1)).as("records in %s of %s", offset, sourcePartition)
                .isEqualTo(records);
        assertThat(offset.path("bytes").isIntegralNumber()).as("bytes in %s of %s", offset, sourcePartition).isTrue();
        assertThat(offset.path("total.bytes").isIntegralNumber()).as("total.bytes in %s of %s", offset,
                sourcePartition).isTrue();
        assertThat(offset.path("bytes").asLong()).as("bytes in %s of %s", offset, sourcePartition)
                .isPositive()
                .isLessThanOrEqualTo(offset.path("total.bytes").asLong());
    }

    /** As {@link #assertCompleted}, for a restore of the whole backup: the totals are what was restored. */
    public void assertCompletedWhole(TopicPartition sourcePartition, long lastOriginalOffset, long records) {
        assertCompleted(sourcePartition, lastOriginalOffset, records);
        JsonNode offset = offset(sourcePartition);
        assertThat(offset.path("total.records").asLong(-1)).as("total.records in %s of %s", offset, sourcePartition)
                .isEqualTo(records);
        assertThat(offset.path("bytes").asLong(-1)).as("bytes in %s of %s", offset, sourcePartition)
                .isEqualTo(offset.path("total.bytes").asLong());
    }
}
