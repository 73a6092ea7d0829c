package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.restore.OffsetRange;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreSettingsTest {

    @Test
    void shouldParseTopicMappings() {
        assertThat(TopicMapping.parse("test-topic").targets()).containsExactly(Map.entry("test-topic", "test-topic"));
        assertThat(TopicMapping.parse("test-topic:new-topic").targets())
                .containsExactly(Map.entry("test-topic", "new-topic"));
        assertThat(TopicMapping.parse(" a:x, b:y ,c:z").targets())
                .containsExactly(Map.entry("a", "x"), Map.entry("b", "y"), Map.entry("c", "z"));
        assertThatThrownBy(() -> TopicMapping.parse("a:b:c")).hasMessageContaining("a:b:c");
        assertThatThrownBy(() -> TopicMapping.parse("a:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicMapping.parse("a,a:b")).hasMessageContaining("twice");
        assertThatThrownBy(() -> TopicMapping.parse(" , ")).hasMessageContaining("no topic");
    }

    @Test
    void shouldReportBadSettingsOnTheirKeysWhenValidating() {
        Map<String, List<String>> errors = new java.util.HashMap<>();
        new RestoreSourceConnector().validate(Map.of("topics", "a:b:c", "s3.bucket.name", "b",
                        "restore.time.from", "yesterday", "restore.offset.to", "t-x:1",
                        "value.converter", "org.apache.kafka.connect.storage.StringConverter"))
                .configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .forEach(v -> errors.put(v.name(), v.errorMessages()));

        assertThat(errors).containsOnlyKeys("topics", "restore.time.from", "restore.offset.to", "value.converter");
        assertThat(errors.get("restore.time.from").get(0)).contains("ISO-8601");
    }

    @Test
    void shouldReportAWindowThatEndsBeforeItStartsOnTheKeyThatEndsIt() {
        Map<String, List<String>> errors = new java.util.HashMap<>();
        new RestoreSourceConnector().validate(Map.of("topics", "a", "s3.bucket.name", "b",
                        "restore.time.from", "2026-11-25T12:00:00Z", "restore.time.to", "2026-11-25T06:00:00Z",
                        "restore.offset.from", "100,a-1:50", "restore.offset.to", "a-1:40"))
                .configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .forEach(v -> errors.put(v.name(), v.errorMessages()));

        assertThat(errors).containsOnlyKeys("restore.time.to", "restore.offset.to");
        assertThat(errors.get("restore.time.to").get(0)).contains("restore.time.from")
                .contains("2026-11-25T06:00:00Z");
        assertThat(errors.get("restore.offset.to").get(0)).contains("a-1").contains("40").contains("50");
    }

    @Test
    void shouldKeepAnOffsetMapOnlyWithTargetClusterAccess() {
        Map<String, String> base = Map.of("topics", "orders", "s3.bucket.name", "b");
        assertThat(new RestoreSourceConfig(base).offsetMapTopic()).isEmpty();

        Map<String, String> admin = new java.util.HashMap<>(base);
        admin.put("target.cluster.bootstrap.servers", "kafka:9092");
        assertThat(new RestoreSourceConfig(admin).offsetMapTopic()).isEqualTo("kafka-backup.offset-map");

        Map<String, String> namedWithoutAdmin = new java.util.HashMap<>(base);
        namedWithoutAdmin.put("restore.offset.map.topic", "my-map");
        assertThat(new RestoreSourceConnector().validate(namedWithoutAdmin).configValues())
                .filteredOn(v -> v.name().equals("restore.offset.map.topic"))
                .singleElement().satisfies(v -> assertThat(v.errorMessages().get(0))
                        .contains("target.cluster.bootstrap.servers"));
    }

    @Test
    void shouldParseGlobalAndPerPartitionOffsets() {
        Map<TopicPartitionId, Long> offsets = RestoreSettings.parseOffsets("100, my-topic-1:250");
        assertThat(offsets).containsEntry(null, 100L).containsEntry(new TopicPartitionId("my-topic", 1), 250L);
        assertThatThrownBy(() -> RestoreSettings.parseOffsets("topic:12")).hasMessageContaining("TOPIC-PARTITION");
        assertThatThrownBy(() -> RestoreSettings.parseOffsets("t-0:x")).hasMessageContaining("offset");
        assertThatThrownBy(() -> RestoreSettings.parseOffsets("-5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildTheWindowFromTheConfiguration() {
        RestoreSourceConfig config = new RestoreSourceConfig(Map.of(
                "topics", "orders", "s3.bucket.name", "b",
                "restore.time.from", "2026-11-25T10:00:00Z", "restore.time.to", "1795604400000",
                "restore.offset.from", "10,orders-1:20", "restore.offset.to", "orders-2:30"));

        RestoreWindow window = RestoreSettings.window(config);

        assertThat(window.fromTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
        assertThat(window.toTimestamp()).isEqualTo(1795604400000L);
        assertThat(window.offsetsFor(new TopicPartitionId("orders", 0))).isEqualTo(new OffsetRange(10, Long.MAX_VALUE));
        assertThat(window.offsetsFor(new TopicPartitionId("orders", 1))).isEqualTo(new OffsetRange(20, Long.MAX_VALUE));
        assertThat(window.offsetsFor(new TopicPartitionId("orders", 2))).isEqualTo(new OffsetRange(10, 30));
    }

    @Test
    void shouldSpreadPartitionsEvenlyOverNoMoreTasksThanPartitions() {
        List<TopicPartitionId> partitions = new java.util.ArrayList<>();
        partitions.add(new TopicPartitionId("one", 0));
        for (int p = 0; p < 10; p++) {
            partitions.add(new TopicPartitionId("ten", p));
        }

        List<List<TopicPartitionId>> six = PartitionAssignment.spread(partitions, 6);
        assertThat(six).hasSize(6);
        assertThat(six).allSatisfy(task -> assertThat(task.size()).isBetween(1, 2));
        assertThat(six.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(partitions);

        assertThat(PartitionAssignment.spread(partitions.subList(0, 2), 6)).hasSize(2);
        List<TopicPartitionId> roundTrip = PartitionAssignment.parse(PartitionAssignment.format(six.get(0)));
        assertThat(roundTrip).isEqualTo(six.get(0));
    }
}
