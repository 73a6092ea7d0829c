package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore task over a real backup in a local directory, with a small fake of Connect's context. */
class RestoreSourceTaskTest {

    private static final String TOPIC = "orders";

    @TempDir
    Path directory;

    private final Map<Map<String, ?>, Map<String, Object>> committedOffsets = new HashMap<>();

    @BeforeEach
    void backUp() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            BackupWriter writer = new BackupWriter(storage, new BackupLayout(""), Codec.ZSTD,
                    new RotationPolicy(4, -1, -1, Long.MAX_VALUE), 1 << 24, 64 * 1024, Clock.systemUTC());
            for (int partition = 0; partition < 2; partition++) {
                for (long offset = 0; offset < 10; offset++) {
                    // Odd offsets only in partition 1: gaps like those of a compacted topic.
                    if (partition == 1 && offset % 2 == 0) {
                        continue;
                    }
                    writer.write(new BackupRecord(TOPIC, partition, offset, 1_000 + offset,
                            TimestampType.CREATE_TIME, offset == 3 ? null : ("k" + offset).getBytes(),
                            offset == 5 ? new byte[0] : ("v" + offset).getBytes(),
                            List.of(new BackupHeader("h", null), new BackupHeader("h", new byte[] {1}))));
                }
            }
            writer.storeAll();
        }
    }

    private RestoreSourceTask startTask(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "restore-test");
        props.put("topics", TOPIC + ":restored");
        props.put("storage.type", "local");
        props.put("storage.local.directory", directory.toString());
        props.put(PartitionAssignment.TASK_PARTITIONS, TOPIC + ":0," + TOPIC + ":1");
        // The task never connects to it; a configured target cluster is what lets the connector keep an offset map.
        props.put("target.cluster.bootstrap.servers", "localhost:9");
        props.putAll(extra);
        RestoreSourceTask task = new RestoreSourceTask();
        task.initialize(new FakeContext());
        task.start(props);
        return task;
    }

    /** Polls until the task goes idle, acknowledging every record as a worker would, and committing offsets. */
    private List<SourceRecord> drain(RestoreSourceTask task) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        long nextOffset = 0;
        while (true) {
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                return all;
            }
            for (SourceRecord record : batch) {
                task.commitRecord(record, new RecordMetadata(new TopicPartition(record.topic(),
                        record.kafkaPartition() == null ? 0 : record.kafkaPartition()), nextOffset++, 0, 0, 0, 0));
                if (record.sourcePartition() != null) {
                    committedOffsets.put(Map.copyOf(record.sourcePartition()), progress(record));
                }
                all.add(record);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> progress(SourceRecord record) {
        return (Map<String, Object>) record.sourceOffset();
    }

    private static Object offset(SourceRecord record) {
        return record.sourceOffset().get("offset");
    }

    private static List<SourceRecord> restoredOf(List<SourceRecord> records, int partition) {
        return records.stream().filter(r -> r.topic().equals("restored") && r.kafkaPartition() == partition).toList();
    }

    @Test
    void shouldRestoreEveryRecordExactlyAndThenGoIdle() throws InterruptedException {
        RestoreSourceTask task = startTask(Map.of());
        List<SourceRecord> records = drain(task);
        task.stop();

        List<SourceRecord> partition0 = restoredOf(records, 0);
        assertThat(partition0).extracting(RestoreSourceTaskTest::offset)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        SourceRecord nullKey = partition0.get(3);
        assertThat(nullKey.key()).isNull();
        assertThat((byte[]) partition0.get(5).value()).isEmpty();
        assertThat(nullKey.timestamp()).isEqualTo(1_003L);
        List<Header> headers = new ArrayList<>();
        nullKey.headers().forEach(headers::add);
        assertThat(headers).extracting(Header::key).containsExactly("h", "h");
        assertThat(headers.get(0).value()).isNull();
        assertThat((byte[]) headers.get(1).value()).containsExactly(1);
        assertThat(restoredOf(records, 1)).extracting(RestoreSourceTaskTest::offset)
                .containsExactly(1L, 3L, 5L, 7L, 9L);

        Map<String, Object> last = progress(partition0.get(9));
        assertThat(last).containsEntry("complete", true).containsEntry("records", 10L)
                .containsEntry("total.records", 10L);
        assertThat(progress(partition0.get(8))).containsEntry("complete", false);
    }

    @Test
    void shouldContinueAfterTheCommittedOffsetWhenRestarted() throws InterruptedException {
        committedOffsets.put(RestoreProgress.sourcePartition(new ch.tbd.kafka.backuprestore.backup.TopicPartitionId(
                TOPIC, 0)), new RestoreProgress(5, 6, 10, 0, 0, false).sourceOffset());

        RestoreSourceTask task = startTask(Map.of());
        List<SourceRecord> records = drain(task);
        task.stop();

        assertThat(restoredOf(records, 0)).extracting(RestoreSourceTaskTest::offset)
                .containsExactly(6L, 7L, 8L, 9L);
        assertThat(progress(restoredOf(records, 0).get(3))).containsEntry("records", 10L);
    }

    @Test
    void shouldMapOriginalOffsetsToTargetOffsetsInRuns() throws InterruptedException {
        RestoreSourceTask task = startTask(Map.of());
        List<SourceRecord> records = drain(task);
        task.stop();

        List<String> runs = records.stream().filter(r -> r.topic().equals("kafka-backup.offset-map"))
                .map(r -> new String((byte[]) r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(runs).isNotEmpty();
        assertThat(runs).anySatisfy(run -> assertThat(run).contains("\"sourcePartition\":0", "\"sourceOffset\":0"));
        // Partition 1 has gaps: each of its five records is a run of its own.
        assertThat(runs.stream().filter(run -> run.contains("\"sourcePartition\":1")).map(
                run -> run.substring(run.indexOf("\"sourceOffset\":"), run.indexOf(",\"targetTopic\""))).distinct())
                .hasSize(5);
    }

    @Test
    void shouldAddProvenanceHeadersOnlyWhenAsked() throws InterruptedException {
        RestoreSourceTask task = startTask(Map.of("restore.provenance.headers.enabled", "true",
                "restore.offset.map.topic", ""));
        List<SourceRecord> records = drain(task);
        task.stop();

        List<String> keys = new ArrayList<>();
        records.get(0).headers().forEach(h -> keys.add(h.key()));
        assertThat(keys).containsExactly("h", "h", "x-old-offset", "x-restored");
    }

    @Test
    void shouldRestoreOnlyTheTimeWindow() throws Exception {
        RestoreSourceTask task = startTask(Map.of("restore.time.from", "1004", "restore.time.to", "1008",
                "restore.offset.map.topic", ""));
        List<SourceRecord> records = drain(task);
        // Partition 0's objects hold 1000..1003, 1004..1007 and 1008..1009: two are skipped on their header alone.
        Object skipped = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                new javax.management.ObjectName("kafka.backup:type=restore-task,connector=\"restore-test\","
                        + "task=\"0\""), "ObjectsSkipped");
        task.stop();

        assertThat(records).extracting(SourceRecord::timestamp)
                .containsExactlyInAnyOrder(1_004L, 1_005L, 1_006L, 1_007L, 1_005L, 1_007L);
        assertThat((Long) skipped).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldReportAPartitionWithNothingInTheWindowAsComplete() throws InterruptedException {
        RestoreSourceTask task = startTask(Map.of("restore.offset.from", "orders-1:100"));
        List<SourceRecord> records = drain(task);
        task.stop();

        assertThat(restoredOf(records, 1)).isEmpty();
        assertThat(committedOffsets.get(RestoreProgress.sourcePartition(
                new ch.tbd.kafka.backuprestore.backup.TopicPartitionId(TOPIC, 1))))
                .containsEntry("complete", true).containsEntry("records", 0L);
        assertThat(committedOffsets.get(RestoreProgress.sourcePartition(
                new ch.tbd.kafka.backuprestore.backup.TopicPartitionId(TOPIC, 0))))
                .containsEntry("complete", true).containsEntry("records", 10L);
    }

    @Test
    void shouldFailNamingTheObjectWhenAnObjectIsDamaged() throws Exception {
        damage("orders/0/orders-0-00000000000000000004.avro");
        RestoreSourceTask task = startTask(Map.of());

        assertThatThrownBy(() -> drain(task)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders-0-00000000000000000004.avro")
                .hasMessageContaining("restore.skip.damaged.enabled=true");
        task.stop();
    }

    @Test
    void shouldNotSkipADamagedObjectUnderConnectsErrorTolerance() throws Exception {
        damage("orders/0/orders-0-00000000000000000004.avro");
        RestoreSourceTask task = startTask(Map.of("errors.tolerance", "all"));

        assertThatThrownBy(() -> drain(task)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders-0-00000000000000000004.avro");
        task.stop();
    }

    @Test
    void shouldSkipADamagedObjectAndReportTheOffsetsItHeldWhenAskedTo() throws Exception {
        damage("orders/0/orders-0-00000000000000000004.avro");
        RestoreSourceTask task = startTask(Map.of("restore.skip.damaged.enabled", "true",
                "restore.offset.map.topic", ""));
        List<SourceRecord> records = drain(task);
        Object reported = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                new javax.management.ObjectName("kafka.backup:type=restore-task,connector=\"restore-test\","
                        + "task=\"0\""), "SkippedOffsetRanges");
        task.stop();

        List<Object> offsets = restoredOf(records, 0).stream().map(RestoreSourceTaskTest::offset).toList();
        assertThat(offsets).contains(0L, 1L, 2L, 3L, 8L, 9L).doesNotContain(7L);
        assertThat(restoredOf(records, 1)).hasSize(5);
        Map<String, Object> last = progress(restoredOf(records, 0).get(restoredOf(records, 0).size() - 1));
        assertThat(last).containsEntry("complete", true).containsEntry("skipped.objects", 1L);
        // The damage is near the object's end: the records before it were restored, the rest up to 7 skipped.
        assertThat((String) last.get("skipped.offsets")).matches("[4-7]-7");
        assertThat((String[]) reported).singleElement().asString()
                .startsWith("orders-0: orders/0/orders-0-00000000000000000004.avro (offsets ").endsWith("..7)");
    }

    private void damage(String key) throws Exception {
        Path file = directory.resolve(key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x55;
        Files.write(file, bytes);
    }

    private final class FakeContext implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return committedOffsets.get(partition);
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                    partitions.forEach(p -> result.put(p, committedOffsets.get(p)));
                    return result;
                }
            };
        }
    }
}
