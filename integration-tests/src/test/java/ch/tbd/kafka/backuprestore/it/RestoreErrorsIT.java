package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a restore does with a damaged object, a target that cannot take the records, and a location without a backup:
 * fail with a message that names the culprit, or, where asked to, skip and say so. Never write damaged data.
 */
class RestoreErrorsIT {

    private static final String BUCKET = "errors-backup";
    private static final String DAMAGED = "damaged";
    private static final String HEALTHY = "healthy";
    private static final int DAMAGED_RECORDS = 60;
    private static final int HEALTHY_PARTITIONS = 4;
    private static final int HEALTHY_RECORDS = 40;
    private static final int FLUSH_SIZE = 20;
    private static final int VALUE_BYTES = 1024;
    /** The object of partition 0 that holds offsets 20 to 39, the middle one of three. */
    private static final long DAMAGED_START = 20;
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server s3;
    private static ConnectCluster connect;
    private static TopicContents source;
    private static String damagedKey;

    private final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void backUpAndDamageOneObject() throws Exception {
        s3 = S3Server.start();
        connect = ConnectCluster.start("restore-errors-it");
        s3.createBucket(BUCKET);
        connect.createTopic(DAMAGED, 2, Map.of());
        connect.createTopic(HEALTHY, HEALTHY_PARTITIONS, Map.of());
        Random random = new Random(3);
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < DAMAGED_RECORDS; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    producer.sendAsync(new ProducerRecord<>(DAMAGED, partition, EdgeCaseProducer.bytes("key-" + i),
                            value));
                }
            }
            for (int i = 0; i < HEALTHY_RECORDS; i++) {
                for (int partition = 0; partition < HEALTHY_PARTITIONS; partition++) {
                    producer.sendAsync(new ProducerRecord<>(HEALTHY, partition,
                            EdgeCaseProducer.bytes("key-" + partition + "-" + i),
                            EdgeCaseProducer.bytes(HEALTHY + "-" + partition + " record " + i)));
                }
            }
            producer.flush();
        }
        source = TopicContents.read(connect.bootstrapServers(), DAMAGED, HEALTHY);
        Map<String, String> backup = BackupConnectorConfigs.s3(s3, BUCKET, DAMAGED + "," + HEALTHY, FLUSH_SIZE);
        // Uncompressed, so that a flipped byte inside a value still decodes: only the checksum can tell.
        backup.put("avro.codec", "none");
        Backups.backUp(connect, s3, "backup", backup, source.asProduced());

        damagedKey = new BackupLayout("").objectKey(DAMAGED, 0, DAMAGED_START);
        flipAByteInsideAValue(damagedKey, source.of(DAMAGED, 0).get(30).value());
    }

    /** Flips the middle byte of {@code value} where the object stores it, near the middle of the object. */
    private static void flipAByteInsideAValue(String key, byte[] value) {
        byte[] object = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        int at = indexOf(object, value);
        assertThat(at).as("position of the value of offset 30 in %s", key).isNotNegative();
        s3.flipByte(BUCKET, key, at + value.length / 2);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void deleteConnectors() throws InterruptedException {
        for (String connector : connectors) {
            connect.deleteConnectorAndOffsets(connector);
        }
    }

    @Test
    void shouldFailTheTaskNamingTheDamagedObjectAndWriteNothingOfIt() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(RestoreConnectorConfigs.s3(s3,
                BUCKET, DAMAGED + ":damaged-strict", connect.bootstrapServers()));
        // Objects larger than a poll's batch, as with the defaults (flush.size 10000, restore.batch.max.records 2000):
        // records of an object reach Connect before its end, where the checksum is.
        config.put("restore.batch.max.records", "5");
        start("strict", config);

        JsonNode task = connect.awaitTaskState("strict", "FAILED");
        assertThat(task.path("trace").asText()).as("trace of the failed task").contains(damagedKey);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "damaged-strict");
        assertNothingDamagedWritten(target, "damaged-strict");
        assertThat(target.of("damaged-strict", 0)).as("records of partition 0 restored before the task failed")
                .allSatisfy(r -> assertThat(RestoreAssertions.originalOffset(r))
                        .as("original offset of %s-%d@%d", r.topic(), r.partition(), r.offset())
                        .matches(offset -> offset < DAMAGED_START || offset >= DAMAGED_START + FLUSH_SIZE,
                                "outside the damaged object's offsets"));
    }

    @Test
    void shouldSkipTheDamagedObjectReportItAndCompleteWhenAskedToSkipDamage() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(RestoreConnectorConfigs.s3(s3,
                BUCKET, DAMAGED + ":damaged-tolerant", connect.bootstrapServers()));
        config.put("restore.skip.damaged.enabled", "true");
        List<TopicPartition> partitions = source.partitionsOf(DAMAGED);
        RestoreProgress progress;
        try (LogCapture logs = LogCapture.start()) {
            start("tolerant", config);
            progress = RestoreProgress.awaitComplete(connect, "tolerant", partitions, RESTORE_TIMEOUT);
            assertThat(logs.containing(damagedKey)).as("WARN or ERROR log events naming %s", damagedKey)
                    .isNotEmpty();
        }

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "damaged-tolerant");
        assertNothingDamagedWritten(target, "damaged-tolerant");
        List<BackupRecord> expected = source.of(DAMAGED, 0).stream()
                .filter(r -> r.offset() < DAMAGED_START || r.offset() >= DAMAGED_START + FLUSH_SIZE)
                .toList();
        RestoreAssertions.assertPartitionRestored(expected, partitions.get(0), target.of("damaged-tolerant", 0),
                new TopicPartition("damaged-tolerant", 0), true);
        RestoreAssertions.assertPartitionRestored(source.of(DAMAGED, 1), partitions.get(1),
                target.of("damaged-tolerant", 1), new TopicPartition("damaged-tolerant", 1), true);
        progress.assertCompleted(partitions.get(0), DAMAGED_RECORDS - 1, DAMAGED_RECORDS - FLUSH_SIZE);
        progress.assertCompletedWhole(partitions.get(1), DAMAGED_RECORDS - 1, DAMAGED_RECORDS);
        assertThat(connect.connectorStatus("tolerant").path("tasks"))
                .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
        assertThat(taskMetric("tolerant", "CorruptObjects")).as("CorruptObjects of the task's JMX bean").isEqualTo(1L);
        assertThat((String[]) taskMetric("tolerant", "SkippedOffsetRanges")).as("SkippedOffsetRanges")
                .singleElement().asString().contains(damagedKey)
                .endsWith(".." + (DAMAGED_START + FLUSH_SIZE - 1) + ")");
    }

    /** An attribute of the JMX bean {@code kafka.backup:type=restore-task,connector=NAME,task=0} (README). */
    private static Object taskMetric(String connector, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("kafka.backup:type=restore-task,connector=" + ObjectName.quote(connector)
                + ",task=" + ObjectName.quote("0"));
        assertThat(server.isRegistered(name)).as("JMX bean %s among %s", name,
                server.queryNames(new ObjectName("kafka.backup:*"), null)).isTrue();
        return server.getAttribute(name, attribute);
    }

    @Test
    void shouldFailClearlyWhenTheTargetTopicIsMissingAndCreationIsDisabled() throws Exception {
        Map<String, String> config =
                RestoreConnectorConfigs.s3(s3, BUCKET, HEALTHY + ":absent-target", connect.bootstrapServers());
        config.put("restore.topic.create.enabled", "false");
        start("no-create", config);

        JsonNode status = connect.awaitConnectorState("no-create", "FAILED");
        assertThat(status.path("connector").path("trace").asText()).as("trace in %s", status)
                .contains("absent-target")
                .contains("restore.topic.create.enabled");
        try (Admin admin = connect.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain("absent-target");
        }
    }

    @Test
    void shouldFailWhenTheTargetTopicHasFewerPartitionsThanTheBackup() throws Exception {
        connect.createTopic("narrow-strict", 2, Map.of());
        start("narrow", RestoreConnectorConfigs.s3(s3, BUCKET, HEALTHY + ":narrow-strict",
                connect.bootstrapServers()));

        JsonNode status = connect.awaitConnectorState("narrow", "FAILED");
        assertThat(status.path("connector").path("trace").asText()).as("trace in %s", status)
                .contains("narrow-strict")
                .contains("2 partitions")
                .contains(Integer.toString(HEALTHY_PARTITIONS))
                .contains("restore.repartition.enabled");
        assertThat(TopicContents.read(connect.bootstrapServers(), "narrow-strict").all()).isEmpty();
    }

    @Test
    void shouldPartitionByKeyHashWhenRepartitioningIsEnabled() throws Exception {
        connect.createTopic("narrow-hashed", 2, Map.of());
        Map<TopicPartition, Long> mapStart;
        try (Admin admin = connect.admin()) {
            mapStart = OffsetMap.endOffsets(admin, RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC);
        }
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, HEALTHY + ":narrow-hashed", connect.bootstrapServers()));
        config.put("restore.repartition.enabled", "true");
        start("hashed", config);

        List<TopicPartition> partitions = source.partitionsOf(HEALTHY);
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "hashed", partitions, RESTORE_TIMEOUT);

        Map<String, BackupRecord> originals = new HashMap<>();
        source.partitionsOf(HEALTHY).forEach(tp -> source.of(tp).forEach(r -> originals.put(text(r.value()), r)));
        TopicContents target = TopicContents.read(connect.bootstrapServers(), "narrow-hashed");
        assertThat(target.all()).as("restored records").hasSize(HEALTHY_PARTITIONS * HEALTHY_RECORDS);
        List<OffsetMap.Mapping> moves = new ArrayList<>();
        Map<String, Long> lastOffsetPerSourceAndTarget = new HashMap<>();
        for (BackupRecord restored : target.all()) {
            BackupRecord original = originals.remove(text(restored.value()));
            assertThat(original).as("original of %s-%d@%d, not restored before", restored.topic(),
                    restored.partition(), restored.offset()).isNotNull();
            RestoreAssertions.assertSameContent(original, restored, true);
            assertThat(restored.partition()).as("partition of key %s", text(restored.key()))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(restored.key())) % 2);
            // Records of one source partition keep their order inside each target partition.
            String lane = original.partition() + "->" + restored.partition();
            Long previous = lastOffsetPerSourceAndTarget.put(lane, original.offset());
            if (previous != null && previous >= original.offset()) {
                fail("%s: original offset %d restored after %d", lane, original.offset(), previous);
            }
            moves.add(new OffsetMap.Mapping(original.topic(), original.partition(), original.offset(),
                    restored.topic(), restored.partition(), restored.offset()));
        }
        assertThat(originals).as("records not restored").isEmpty();
        partitions.forEach(tp -> progress.assertCompletedWhole(tp, HEALTHY_RECORDS - 1, HEALTHY_RECORDS));
        OffsetMap.awaitCoversExactly(connect.bootstrapServers(), RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC,
                mapStart, Set.of("narrow-hashed"), moves, Duration.ofSeconds(15));
    }

    @Test
    void shouldFailNamingTheLocationWhenThePrefixHoldsNoBackup() throws Exception {
        Map<String, String> config =
                RestoreConnectorConfigs.s3(s3, BUCKET, HEALTHY + ":never-created", connect.bootstrapServers());
        config.put("storage.prefix", "nothing-here/");
        start("empty-prefix", config);

        JsonNode status = connect.awaitConnectorState("empty-prefix", "FAILED");
        assertThat(status.path("connector").path("trace").asText()).as("trace in %s", status)
                .contains("s3://" + BUCKET)
                .contains("nothing-here");
    }

    /** Every record in the target is an exact copy of its original: nothing damaged got through. */
    private static void assertNothingDamagedWritten(TopicContents target, String targetTopic) {
        for (TopicPartition tp : target.partitionsOf(targetTopic)) {
            Map<Long, BackupRecord> originals = new HashMap<>();
            source.of(DAMAGED, tp.partition()).forEach(r -> originals.put(r.offset(), r));
            for (BackupRecord restored : target.of(tp)) {
                BackupRecord original = originals.get(RestoreAssertions.originalOffset(restored));
                assertThat(original).as("original of %s-%d@%d", restored.topic(), restored.partition(),
                        restored.offset()).isNotNull();
                RestoreAssertions.assertSameContent(original, restored, true);
            }
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void start(String connector, Map<String, String> config) {
        connectors.add(connector);
        connect.putConnectorConfig(connector, config);
    }
}
