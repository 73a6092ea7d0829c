package ch.tbd.kafka.backuprestore.cli.backup;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a snapshot backup ends: for each partition, the offset of the last committed record below the end offset seen
 * now that the backup keeps. The end offset itself will never be stored in an object when the partition ends in a
 * transaction marker, holds only aborted records at its end, or ends in records the backup leaves out on purpose, so
 * the snapshot waits for the last record instead, found by reading the partition's tail backwards in growing steps.
 */
final class SnapshotTargets {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PARTITION_TIMEOUT = Duration.ofSeconds(60);

    private SnapshotTargets() {}

    /**
     * @param lastRecords    last record offsets by partition; partitions without committed records to keep are left
     *                       out, as there is nothing to wait for
     * @param startOffsets   each partition's start offset when the snapshot began: what the backup holds from
     * @param offsetsToCopy  offsets from the start to the end of every partition: the records to back up, counting
     *                       transaction markers and aborted records too
     */
    record Snapshot(Map<TopicPartitionId, Long> lastRecords, Map<TopicPartitionId, Long> startOffsets,
            long offsetsToCopy) {}

    /** @param leftOut the records the backup leaves out on purpose */
    static Snapshot read(Map<String, String> clientProps, List<TopicPartitionId> partitions,
            Predicate<ConsumerRecord<byte[], byte[]>> leftOut) {
        Map<String, Object> config = new HashMap<>(clientProps);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-backup-snapshot-end");
        Map<TopicPartitionId, Long> targets = new HashMap<>();
        Map<TopicPartitionId, Long> starts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = partitions.stream()
                    .map(tp -> new TopicPartition(tp.topic(), tp.partition())).toList();
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            long offsetsToCopy = 0;
            for (TopicPartition tp : all) {
                offsetsToCopy += ends.get(tp) - beginnings.get(tp);
                long last = lastRecordOffset(consumer, tp, beginnings.get(tp), ends.get(tp), leftOut);
                TopicPartitionId id = new TopicPartitionId(tp.topic(), tp.partition());
                starts.put(id, beginnings.get(tp));
                if (last >= 0) {
                    targets.put(id, last);
                }
            }
            return new Snapshot(targets, starts, offsetsToCopy);
        }
    }

    private static long lastRecordOffset(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long beginning,
            long end, Predicate<ConsumerRecord<byte[], byte[]>> leftOut) {
        consumer.assign(List.of(tp));
        long step = 1;
        while (end > beginning) {
            long from = Math.max(beginning, end - step);
            long last = lastRecordBetween(consumer, tp, from, end, leftOut);
            if (last >= 0 || from == beginning) {
                return last;
            }
            step *= 16;
        }
        return -1;
    }

    private static long lastRecordBetween(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from,
            long end, Predicate<ConsumerRecord<byte[], byte[]>> leftOut) {
        consumer.seek(tp, from);
        long last = -1;
        long deadline = System.nanoTime() + PARTITION_TIMEOUT.toNanos();
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end && !leftOut.test(record)) {
                    last = Math.max(last, record.offset());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cannot read partition " + tp + " up to its end offset " + end
                        + " within " + PARTITION_TIMEOUT.toSeconds() + " s: check that the cluster is reachable");
            }
        }
        return last;
    }
}
