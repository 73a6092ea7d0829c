package ch.tbd.kafka.backuprestore.cli.backup;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks the cluster whether offsets that no stored object spans hold records, as a {@code read_committed} consumer sees
 * them: transaction markers, aborted records and records removed by compaction are not records to back up, nor are
 * records the backup leaves out on purpose. Answers are remembered, since a log never gains records below its end.
 */
final class TopicGaps implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> answers = new HashMap<>();
    private final Predicate<ConsumerRecord<byte[], byte[]>> leftOut;

    /** @param leftOut the records the backup leaves out on purpose */
    TopicGaps(Map<String, String> clientProps, Predicate<ConsumerRecord<byte[], byte[]>> leftOut) {
        this.leftOut = leftOut;
        Map<String, Object> config = new HashMap<>(clientProps);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-backup-snapshot-check");
        // Below the log's start, records may have been deleted unseen: that must not pass for "no records".
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The gap check of one partition. */
    Coverage.GapCheck of(TopicPartitionId partition) {
        TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
        return (from, to) -> answers.computeIfAbsent(tp + "@" + from + "-" + to, key -> firstRecord(tp, from, to));
    }

    /**
     * The first offset in the range of a record to back up; {@code from} when the log no longer reaches back to it.
     */
    private long firstRecord(TopicPartition tp, long from, long to) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + GAP_TIMEOUT.toNanos();
        while (consumer.position(tp) <= to) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (OffsetOutOfRangeException e) {
                return from;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.offset() >= from && record.offset() <= to && !leftOut.test(record)) {
                    return record.offset();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cannot read offsets " + from + ".." + to + " of " + tp + " within "
                        + GAP_TIMEOUT.toSeconds() + " s to check that no record there is missing from the backup:"
                        + " check that the cluster is reachable");
            }
        }
        return -1;
    }

    /** Each partition's start offset now: offsets below it are gone from the topic. */
    Map<TopicPartitionId, Long> startOffsets(Collection<TopicPartitionId> partitions) {
        Map<TopicPartitionId, Long> starts = new HashMap<>();
        consumer.beginningOffsets(partitions.stream().map(tp -> new TopicPartition(tp.topic(), tp.partition()))
                .toList()).forEach((tp, offset) -> starts.put(new TopicPartitionId(tp.topic(), tp.partition()), offset));
        return starts;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
