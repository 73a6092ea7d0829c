package ch.tbd.kafka.backuprestore.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.cli.quickstart.SampleData;
import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents;
import ch.tbd.kafka.backuprestore.cli.watch.StoredBackup;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore commands against a real broker, with a local directory as the store: a snapshot backup, then
 * a dry run and the restore it announces, in full and for a window of time.
 */
class BackupAndRestoreCommandTest {

    private static final int RECORDS = 3000;
    private static final int PARTITIONS = 3;
    /**
     * An hour ago, on a whole second: recent enough for the broker's default time retention (7 days) to keep the
     * records whatever the day the test runs, and the windows below stay whole seconds.
     */
    private static final long FIRST_TIMESTAMP =
            Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    private static final Pattern PLAN_TOTAL =
            Pattern.compile("Total: ([\\d,]+) partitions, ([\\d,]+) objects to read, ([\\d,]+) records");

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        kafka.createTopic("orders", PARTITIONS);
        SampleData.produce(kafka.bootstrapServers(), "orders", PARTITIONS, RECORDS, FIRST_TIMESTAMP);
        // A committed transaction last in partition 1: the partition then ends in a marker no object can hold.
        produceTransaction("orders", 1, 5);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldBackUpASnapshotAndRestoreWhatTheDryRunAnnounces() {
        Path backup = work.resolve("backup");

        Cli.Result backedUp = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "orders",
                "--to", backup.toString(), "--snapshot", "--progress", "log");

        assertThat(backedUp.exitCode()).as(backedUp.err()).isEqualTo(ExitCodes.OK);
        assertThat(backedUp.out()).contains("Snapshot complete: [orders] of 3 partitions backed up to " + backup)
                .contains("checked: every record up to the end offsets seen at start is in an object");
        assertThat(backedUp.err()).contains("backup: ").contains(" records");
        assertThat(Cli.run("verify", "--from", backup.toString()).exitCode()).isEqualTo(ExitCodes.OK);

        Cli.Result plan = Cli.run("restore", "--from", backup.toString(), "--topics", "orders:orders-copy",
                "--dry-run");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ExitCodes.OK);
        long plannedRecords = plannedRecords(plan.out());
        TopicContents source = TopicContents.read(kafka.bootstrapServers(), "orders");
        assertThat(plannedRecords).isEqualTo(source.recordCount());

        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", "orders:orders-copy",
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "log");

        assertThat(restored.exitCode()).as(restored.err()).isEqualTo(ExitCodes.OK);
        assertThat(restored.out()).contains("Restore complete: " + String.format("%,d", plannedRecords) + " records");
        TopicContents copy = TopicContents.read(kafka.bootstrapServers(), "orders-copy");
        assertThat(source.difference(copy)).isEmpty();
    }

    @Test
    void shouldRestoreAWindowOfTimeAsPlanned() {
        Path backup = work.resolve("window-backup");
        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "orders",
                "--to", backup.toString(), "--snapshot", "--progress", "none").exitCode()).isEqualTo(ExitCodes.OK);
        String from = Instant.ofEpochMilli(FIRST_TIMESTAMP + 1000).toString();
        String to = Long.toString(FIRST_TIMESTAMP + 1500);

        Cli.Result plan = Cli.run("restore", "--from", backup.toString(), "--topics", "orders:orders-window",
                "--time-from", from, "--time-to", to, "--dry-run");
        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", "orders:orders-window",
                "--time-from", from, "--time-to", to, "--bootstrap-server", kafka.bootstrapServers(),
                "--progress", "none");

        assertThat(plannedRecords(plan.out())).isEqualTo(500);
        assertThat(restored.exitCode()).as(restored.err()).isEqualTo(ExitCodes.OK);
        assertThat(TopicContents.read(kafka.bootstrapServers(), "orders-window").recordCount()).isEqualTo(500);
    }

    /**
     * A topic deleted and created again between two backups to the same place: the second backup goes to a directory
     * of its own, nothing of the first is replaced, and either incarnation can be restored.
     */
    @Test
    void shouldBackUpATopicCreatedAgainApartAndRestoreEitherIncarnation() throws Exception {
        Path backup = work.resolve("recreated-backup");
        kafka.createTopic("recreated", 1);
        SampleData.produce(kafka.bootstrapServers(), "recreated", 1, 200, FIRST_TIMESTAMP);
        TopicContents first = TopicContents.read(kafka.bootstrapServers(), "recreated");
        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "recreated",
                "--to", backup.toString(), "--snapshot", "--progress", "none").exitCode()).isEqualTo(ExitCodes.OK);

        try (var admin = kafka.admin()) {
            admin.deleteTopics(List.of("recreated")).all().get();
        }
        awaitTopicGone("recreated");
        kafka.createTopic("recreated", 1);
        SampleData.produce(kafka.bootstrapServers(), "recreated", 1, 50, FIRST_TIMESTAMP + 100_000);
        TopicContents second = TopicContents.read(kafka.bootstrapServers(), "recreated");
        Cli.Result again = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "recreated",
                "--to", backup.toString(), "--snapshot", "--progress", "none");
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(ExitCodes.OK);

        Cli.Result described = Cli.run("describe", "--from", backup.toString(), "recreated");
        assertThat(described.out()).contains("Incarnations").contains("  1  topic id ").contains("  2  topic id ")
                .contains("recreated/incarnation-2-");
        assertThat(Cli.run("restore", "--from", backup.toString(), "--topics", "recreated:recreated-newest",
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none").exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(Cli.run("restore", "--from", backup.toString(), "--topics", "recreated:recreated-first",
                "--incarnation", "recreated:1", "--name", "restore-first",
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none").exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(second.difference(TopicContents.read(kafka.bootstrapServers(), "recreated-newest"))).isEmpty();
        assertThat(first.difference(TopicContents.read(kafka.bootstrapServers(), "recreated-first"))).isEmpty();
    }

    @Test
    void shouldSayARestoreIsIncompleteWhenItSkippedADamagedObject() throws Exception {
        Path backup = work.resolve("damaged-backup");
        kafka.createTopic("damaged", 1);
        SampleData.produce(kafka.bootstrapServers(), "damaged", 1, 300, FIRST_TIMESTAMP);
        Path config = work.resolve("small-objects.properties");
        java.nio.file.Files.writeString(config, "flush.size=100\nrestore.skip.damaged.enabled=true\n");
        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "damaged",
                "--to", backup.toString(), "--snapshot", "--config", config.toString(), "--progress", "none")
                .exitCode()).isEqualTo(ExitCodes.OK);
        Path middle = backup.resolve(new BackupLayout("").objectKey("damaged", 0, 100));
        byte[] bytes = java.nio.file.Files.readAllBytes(middle);
        bytes[bytes.length - 10] ^= 0x40;
        java.nio.file.Files.write(middle, bytes);

        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", "damaged:damaged-copy",
                "--config", config.toString(), "--name", "restore-damaged",
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none");

        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(restored.out()).contains("Restore INCOMPLETE").contains("damaged-0: 1 damaged object(s) skipped")
                .contains("offsets 100-199 not restored").containsPattern("damaged-0: \\d+ records restored, \\d+ planned");
    }

    private static void awaitTopicGone(String topic) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (var admin = kafka.admin()) {
            while (admin.listTopics().names().get().contains(topic)) {
                assertThat(System.nanoTime()).as("topic %s deleted", topic).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void shouldNameATopicThatDoesNotExist() {
        Cli.Result result = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "nowhere",
                "--to", work.resolve("none").toString(), "--snapshot");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("Topic nowhere does not exist in cluster " + kafka.bootstrapServers());
    }

    @Test
    void shouldAskForTheClusterOfARestore() {
        Cli.Result result = Cli.run("restore", "--from", work.toString(), "--topics", "orders");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Which Kafka cluster?");
    }

    @Test
    void shouldStoreEverythingConsumedWhenStoppedBySignal() throws Exception {
        kafka.createTopic("events", 2);
        SampleData.produce(kafka.bootstrapServers(), "events", 2, 500, FIRST_TIMESTAMP);
        Path backup = work.resolve("continuous");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ch.tbd.kafka.backuprestore.cli.KafkaBackupCommand",
                "backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", "events",
                "--to", backup.toString(), "--name", "events-backup", "--progress", "none")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("continuous.log").toFile())
                .start();
        try {
            // The default rotation (10,000 records or a minute) stores nothing of 501 records in the seconds it runs.
            awaitConsumed("connect-events-backup", 501);
        } finally {
            process.destroy();
            process.waitFor();
        }

        TopicContents events = TopicContents.read(kafka.bootstrapServers(), "events");
        Map<TopicPartitionId, Long> lastOffsets = new HashMap<>();
        events.lastOffsets().forEach((partition, offset) -> lastOffsets.put(new TopicPartitionId("events", partition),
                offset));
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(backup)) {
            assertThat(new StoredBackup(storage, new BackupLayout("")).reaches(lastOffsets))
                    .as("everything consumed is stored after SIGTERM; log in " + work.resolve("continuous.log"))
                    .isTrue();
        }
    }

    /** Waits until the backup's consumers have fetched the records, read from the broker's view of their lag. */
    private static void awaitConsumed(String group, long records) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean assigned;
            try {
                assigned = !kafka.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members()
                        .isEmpty();
            } catch (ExecutionException notThereYet) {
                assigned = false;
            }
            if (assigned) {
                // Assigned and polling: give the fetches a moment to bring the few records in.
                Thread.sleep(3000);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The backup's consumer group " + group + " never got members");
    }

    private static long plannedRecords(String out) {
        Matcher matcher = PLAN_TOTAL.matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return Long.parseLong(matcher.group(3).replace(",", ""));
    }

    private static void produceTransaction(String topic, int partition, int records) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "command-test");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, partition, FIRST_TIMESTAMP + RECORDS + i, null,
                        ("tx-" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
            producer.commitTransaction();
        }
    }
}
