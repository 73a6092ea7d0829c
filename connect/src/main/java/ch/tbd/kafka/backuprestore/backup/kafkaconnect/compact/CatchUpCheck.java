package ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact;

import ch.tbd.kafka.backuprestore.compact.CatchUp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells a building instance whether it has read every record below the partition's last stable offset ({@link CatchUp}).
 * The task sees only the records it is given: when what it read ends below the last stable offset, a consumer of its
 * own looks whether anything readable is left there (transaction markers and compacted records are not), and the last
 * stable offset is asked again to make sure nothing arrived meanwhile.
 */
final class CatchUpCheck implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    /** Each partition's last stable offset at its previous check. */
    private final Map<TopicPartition, Long> previous = new HashMap<>();

    CatchUpCheck(Map<String, Object> clientConfig, String clientId) {
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.put("client.id", clientId + "-catch-up");
        this.admin = Admin.create(adminConfig);
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-catch-up-probe");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.probe = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param readEnd one past the last offset the builder has read
     * @return the last stable offset when everything below it has been read, else -1
     */
    long caughtUpTo(TopicPartition tp, long readEnd) throws InterruptedException {
        long lastStable = lastStable(tp);
        Long before = previous.put(tp, lastStable);
        if (CatchUp.completeUpTo(readEnd, lastStable, readEnd) >= 0) {
            return lastStable;
        }
        long sinceBefore = CatchUp.completeUpToSince(readEnd, before == null ? -1 : before);
        if (sinceBefore >= 0) {
            return sinceBefore;
        }
        if (readableBetween(tp, readEnd, lastStable)) {
            return -1;
        }
        return lastStable(tp) == lastStable ? lastStable : -1;
    }

    /** Forgets a partition's previous check, when its build starts over. */
    void restart(TopicPartition tp) {
        previous.remove(tp);
    }

    private long lastStable(TopicPartition tp) throws InterruptedException {
        try {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the last stable offset of " + tp + ": " + e.getMessage(), e);
        }
    }

    /** Whether a committed record lies in {@code from..to-1}; when in doubt (a slow read), yes. */
    private boolean readableBetween(TopicPartition tp, long from, long to) {
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(200))) {
                if (record.offset() < to) {
                    return true;
                }
            }
            if (probe.position(tp) >= to) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        probe.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
