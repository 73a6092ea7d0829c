package ch.tbd.kafka.backuprestore.cli.quickstart;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every record of a topic as stored, partition by partition in offset order, read without a consumer group. */
public final class TopicContents {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** What must survive a backup and restore; offsets may differ, their order may not. */
    public record StoredRecord(long offset, byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers,
            long timestamp, TimestampType timestampType) {

        /** The first difference to {@code other}, described, or empty when they are the same. */
        Optional<String> difference(StoredRecord other) {
            if (!Arrays.equals(key, other.key)) {
                return Optional.of("the keys differ");
            }
            if (!Arrays.equals(value, other.value)) {
                return Optional.of("the values differ");
            }
            if (timestamp != other.timestamp || timestampType != other.timestampType) {
                return Optional.of("the timestamps differ: " + timestampType + " " + timestamp + " and "
                        + other.timestampType + " " + other.timestamp);
            }
            if (headers.size() != other.headers.size()) {
                return Optional.of("the header counts differ: " + headers.size() + " and " + other.headers.size());
            }
            for (int i = 0; i < headers.size(); i++) {
                Map.Entry<String, byte[]> mine = headers.get(i);
                Map.Entry<String, byte[]> theirs = other.headers.get(i);
                if (!mine.getKey().equals(theirs.getKey()) || !Arrays.equals(mine.getValue(), theirs.getValue())) {
                    return Optional.of("header " + i + " differs ('" + mine.getKey() + "' and '" + theirs.getKey()
                            + "')");
                }
            }
            return Optional.empty();
        }
    }

    private final String topic;
    private final SortedMap<Integer, List<StoredRecord>> partitions;

    private TopicContents(String topic, SortedMap<Integer, List<StoredRecord>> partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    public static TopicContents read(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, Map.of());
    }

    /** @param clientSettings client settings besides these, such as security.protocol and sasl.* */
    public static TopicContents read(String bootstrapServers, String topic, Map<String, Object> clientSettings) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        SortedMap<Integer, List<StoredRecord>> partitions = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
                assignment.add(new TopicPartition(topic, info.partition()));
                partitions.put(info.partition(), new ArrayList<>());
            }
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            Map<TopicPartition, Long> end = consumer.endOffsets(assignment, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (assignment.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot read topic " + topic + " to its end offsets " + end
                            + " within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        partitions.get(record.partition()).add(stored(record));
                    }
                }
            }
        }
        return new TopicContents(topic, partitions);
    }

    private static StoredRecord stored(ConsumerRecord<byte[], byte[]> record) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(header.key(), header.value()));
        }
        return new StoredRecord(record.offset(), record.key(), record.value(), headers, record.timestamp(),
                record.timestampType());
    }

    public String topic() {
        return topic;
    }

    public SortedMap<Integer, List<StoredRecord>> partitions() {
        return partitions;
    }

    /** The last offset of each partition that holds records. */
    public Map<Integer, Long> lastOffsets() {
        Map<Integer, Long> last = new TreeMap<>();
        partitions.forEach((partition, records) -> {
            if (!records.isEmpty()) {
                last.put(partition, records.get(records.size() - 1).offset());
            }
        });
        return last;
    }

    public long recordCount() {
        return partitions.values().stream().mapToLong(List::size).sum();
    }

    /** The first difference between this topic and {@code restored}, described, or empty when they are equal. */
    public Optional<String> difference(TopicContents restored) {
        if (!partitions.keySet().equals(restored.partitions.keySet())) {
            return Optional.of("topic " + topic + " has partitions " + partitions.keySet() + " but "
                    + restored.topic + " has " + restored.partitions.keySet());
        }
        for (var entry : partitions.entrySet()) {
            int partition = entry.getKey();
            List<StoredRecord> mine = entry.getValue();
            List<StoredRecord> theirs = restored.partitions.get(partition);
            for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
                Optional<String> difference = mine.get(i).difference(theirs.get(i));
                if (difference.isPresent()) {
                    return Optional.of("record " + i + " of partition " + partition + " (offset "
                            + mine.get(i).offset() + " in " + topic + ", " + theirs.get(i).offset() + " in "
                            + restored.topic + "): " + difference.get());
                }
            }
            if (mine.size() != theirs.size()) {
                return Optional.of("partition " + partition + " holds " + mine.size() + " records in " + topic
                        + " but " + theirs.size() + " in " + restored.topic);
            }
        }
        return Optional.empty();
    }
}
