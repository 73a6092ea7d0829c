package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.offsets.OffsetRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the restore's offset map ({@code restore.offset.map.topic}) from the target cluster: every run of original
 * offsets and the target offsets they became, the last version of each run as the compacted topic keeps it.
 */
public final class OffsetMapReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private OffsetMapReader() {}

    /**
     * The runs of the backed-up {@code sourceTopics}, by backed-up partition.
     *
     * @param clientConfig how to reach the target cluster
     * @throws IllegalStateException naming the topic when it does not exist or cannot be read to its end
     */
    public static Map<TopicPartitionId, List<OffsetRun>> read(Map<String, Object> clientConfig, String mapTopic,
            Set<String> sourceTopics) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-backup-offset-map-reader");
        Map<String, JsonNode> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(mapTopic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("The offset map topic '" + mapTopic + "' does not exist on the target"
                        + " cluster: restore with restore.offset.map.topic and target.cluster.bootstrap.servers, or"
                        + " name the map topic the restore used");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(mapTopic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.key() == null) {
                        continue;
                    }
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, parse(record.value(), mapTopic, record));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot read the offset map topic '" + mapTopic + "' to its end"
                            + " within " + TIMEOUT.toMinutes() + " minutes");
                }
            }
        }
        Map<TopicPartitionId, List<OffsetRun>> runs = new HashMap<>();
        for (JsonNode run : latest.values()) {
            if (!run.has("targetTopic") || !sourceTopics.contains(run.path("sourceTopic").asText())) {
                continue; // a completion record, or another topic's run
            }
            OffsetRun parsed = new OffsetRun(run.path("sourceTopic").asText(), run.path("sourcePartition").asInt(),
                    run.path("sourceOffset").asLong(), run.path("targetTopic").asText(),
                    run.path("targetPartition").asInt(), run.path("targetOffset").asLong(),
                    run.path("count").asLong());
            runs.computeIfAbsent(new TopicPartitionId(parsed.sourceTopic(), parsed.sourcePartition()),
                    tp -> new ArrayList<>()).add(parsed);
        }
        return runs;
    }

    private static JsonNode parse(byte[] value, String mapTopic, ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("The record at " + mapTopic + "-" + record.partition() + "@"
                    + record.offset() + " is not an offset map entry: " + e.getMessage()
                    + ". Is this the restore's offset map topic?", e);
        }
    }
}
