package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A whole topic as a {@code read_committed} consumer sees it, from the log start to the last stable offset: every
 * partition (empty ones included) with its records in offset order, each with offset, timestamp and its type, key,
 * value and headers.
 *
 * @param partitions every partition of the topics read, by topic then partition number
 */
public record TopicContents(Map<TopicPartition, List<BackupRecord>> partitions) {

    public static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Reads every partition of the topics up to their last stable offset at the time of the call. */
    public static TopicContents read(String bootstrapServers, String... topics) {
        return read(bootstrapServers, Map.of(), topics);
    }

    /** As {@link #read(String, String...)}, starting some partitions at a given offset instead of the beginning. */
    public static TopicContents read(String bootstrapServers, Map<TopicPartition, Long> startOffsets,
            String... topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ConnectCluster.MAX_MESSAGE_BYTES);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    fail("topic %s does not exist", topic);
                }
                infos.forEach(info -> assigned.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            startOffsets.forEach((tp, offset) -> {
                if (assigned.contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
            // For read_committed the end offsets are the last stable offsets.
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);

            Map<TopicPartition, List<BackupRecord>> records = new TreeMap<>(BY_TOPIC_PARTITION);
            assigned.forEach(tp -> records.put(tp, new ArrayList<>()));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, assigned, end)) {
                if (System.nanoTime() > deadline) {
                    fail("could not read %s up to %s in %s; positions %s", List.of(topics), end, TIMEOUT,
                            assigned.stream().collect(Collectors.toMap(tp -> tp, consumer::position)));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        records.get(tp).add(toBackupRecord(record));
                    }
                }
            }
            records.replaceAll((tp, list) -> List.copyOf(list));
            return new TopicContents(records);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp));
    }

    public static BackupRecord toBackupRecord(ConsumerRecord<byte[], byte[]> record) {
        List<BackupHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new BackupHeader(header.key(), header.value()));
        }
        TimestampType type = switch (record.timestampType()) {
            case CREATE_TIME -> TimestampType.CREATE_TIME;
            case LOG_APPEND_TIME -> TimestampType.LOG_APPEND_TIME;
            case NO_TIMESTAMP_TYPE -> TimestampType.NO_TIMESTAMP_TYPE;
        };
        return new BackupRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), type,
                record.key(), record.value(), List.copyOf(headers));
    }

    /** The records of one partition in offset order; empty for a partition without records. */
    public List<BackupRecord> of(TopicPartition partition) {
        List<BackupRecord> records = partitions.get(partition);
        if (records == null) {
            throw new IllegalArgumentException(partition + " was not read; read were " + partitions.keySet());
        }
        return records;
    }

    public List<BackupRecord> of(String topic, int partition) {
        return of(new TopicPartition(topic, partition));
    }

    /** The partitions of one topic that were read. */
    public List<TopicPartition> partitionsOf(String topic) {
        return partitions.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList();
    }

    public int count(String topic) {
        return partitionsOf(topic).stream().mapToInt(tp -> of(tp).size()).sum();
    }

    public List<BackupRecord> all() {
        return partitions.values().stream().flatMap(List::stream).toList();
    }

    /** The same records as {@link ProducedRecords}, so that a backup can be awaited and checked against them. */
    public ProducedRecords asProduced() {
        ProducedRecords produced = new ProducedRecords();
        all().forEach(produced::addCommitted);
        return produced;
    }
}
