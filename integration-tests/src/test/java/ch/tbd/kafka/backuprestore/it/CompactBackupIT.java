package ch.tbd.kafka.backuprestore.it;

import static ch.tbd.kafka.backuprestore.it.CompactedPair.ACTIVATE;
import static ch.tbd.kafka.backuprestore.it.CompactedPair.PASSIVATE;
import static ch.tbd.kafka.backuprestore.it.CompactedPair.latestValues;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pair of compacted-topic backup connectors on a real worker and a broker whose cleaner compacts within a second:
 * handovers in a row while updates and deletes are produced, on a busy topic of two partitions (the PASSIVATE
 * connector with two tasks) and on an idle one, with both connectors restarted half-way. Afterwards, the newest
 * complete snapshot restores the latest value of every key, tombstones included, and the older snapshots are gone.
 */
class CompactBackupIT {

    private static final String BUCKET = "compact-backups";
    private static final String PLAIN_BUCKET = "plain-backups";
    private static final String BUSY = "prices";
    private static final String IDLE = "settings";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("compact-backup-it", Map.of(), CompactedTopic.BROKER_PROPS);
        s3.createBucket(BUCKET);
        s3.createBucket(PLAIN_BUCKET);
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

    @Test
    void shouldHandOverInARowAndRestoreTheLatestValueOfEveryKey() throws Exception {
        CompactedPair pair = new CompactedPair(s3, BUCKET, connect.bootstrapServers());
        connect.createTopic(BUSY, 2, CompactedPair.FAST_COMPACTION);
        connect.createTopic(IDLE, 1, CompactedPair.FAST_COMPACTION);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> once = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int key = 0; key < 5; key++) {
                once.send(new ProducerRecord<>(IDLE, bytes("setting-" + key), bytes("value-" + key)));
            }
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> pair.produceUpdates(BUSY, producing, produced), "updates");
        producer.start();

        // A plain backup of the same topic beside the pair, for the comparison the pair is for.
        Map<String, String> plain = BackupConnectorConfigs.s3(s3, PLAIN_BUCKET, BUSY, 10);
        plain.put("rotate.schedule.interval.ms", "500");
        connect.putConnectorConfig("plain-backup", plain);
        connect.putConnectorConfig(ACTIVATE, pair.config("ACTIVATE", BUSY + "," + IDLE, 1));
        connect.putConnectorConfig(PASSIVATE, pair.config("PASSIVATE", BUSY + "," + IDLE, 2));
        connect.awaitRunning(ACTIVATE, 1);
        connect.awaitRunning(PASSIVATE, 2);

        Map<String, Integer> partitions = Map.of(BUSY, 2, IDLE, 1);
        Runnable status = () -> System.out.println("Connectors: " + connect.connectorStatus(ACTIVATE) + " "
                + connect.connectorStatus(PASSIVATE));
        try (S3Storage storage = pair.storage()) {
            CompactSnapshots snapshots = new CompactSnapshots(storage, CompactedPair.layout());
            CompactedPair.awaitSnapshots(snapshots, partitions, current -> current.generation() >= 2, TIMEOUT, status);
            // Both connectors restarted in the middle of the next handovers: each resumes the role it published.
            assertThat(connect.post("connectors/" + PASSIVATE + "/restart?includeTasks=true", "").statusCode() / 100)
                    .isEqualTo(2);
            assertThat(connect.post("connectors/" + ACTIVATE + "/restart?includeTasks=true", "").statusCode() / 100)
                    .isEqualTo(2);
            // Two more handovers on every partition, busy or idle.
            CompactedPair.awaitSnapshots(snapshots, partitions, current -> current.generation() >= 4, TIMEOUT, status);
            producing.set(false);
            producer.join();
            long stoppedAt = System.currentTimeMillis();
            // A snapshot completed after the last update holds every key's latest value.
            CompactedPair.awaitSnapshots(snapshots, partitions, current -> current.completedAt() > stoppedAt,
                    TIMEOUT, status);
            pair.awaitOnlyCurrentSnapshotsStored(snapshots, List.of(BUSY, IDLE), TIMEOUT);
        }

        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, BUCKET, BUSY + ":prices-restored,"
                + IDLE + ":settings-restored", connect.bootstrapServers());
        long restoreStart = System.nanoTime();
        connect.putConnectorConfig("restore-snapshot", restore);
        RestoreProgress.awaitComplete(connect, "restore-snapshot", List.of(new TopicPartition(BUSY, 0),
                new TopicPartition(BUSY, 1), new TopicPartition(IDLE, 0)), TIMEOUT);
        long restoreMs = Duration.ofNanos(System.nanoTime() - restoreStart).toMillis();

        TopicContents source = TopicContents.read(connect.bootstrapServers(), BUSY, IDLE);
        TopicContents restored = TopicContents.read(connect.bootstrapServers(), "prices-restored",
                "settings-restored");
        for (int partition = 0; partition < 2; partition++) {
            assertThat(latestValues(restored.of("prices-restored", partition)))
                    .as("latest value of every key of %s-%d", BUSY, partition)
                    .isEqualTo(latestValues(source.of(BUSY, partition)));
        }
        assertThat(latestValues(restored.of("settings-restored", 0))).isEqualTo(latestValues(source.of(IDLE, 0)))
                .hasSize(5);
        long restoredRecords = restored.of("prices-restored", 0).size() + restored.of("prices-restored", 1).size();
        assertThat(restoredRecords).as("a snapshot replays little more than the compacted topic")
                .isLessThan(produced.get() / 10);

        connect.deleteConnector("plain-backup");
        long plainStart = System.nanoTime();
        connect.putConnectorConfig("restore-plain", RestoreConnectorConfigs.s3(s3, PLAIN_BUCKET,
                BUSY + ":prices-restored-plain", connect.bootstrapServers()));
        RestoreProgress.awaitComplete(connect, "restore-plain", List.of(new TopicPartition(BUSY, 0),
                new TopicPartition(BUSY, 1)), TIMEOUT);
        long plainMs = Duration.ofNanos(System.nanoTime() - plainStart).toMillis();
        TopicContents plainRestored = TopicContents.read(connect.bootstrapServers(), "prices-restored-plain");
        System.out.println("Compacted backup of " + produced.get() + " updates: the snapshot holds "
                + bytes(BUCKET, BUSY + "/") + " bytes and restores " + restoredRecords + " records in " + restoreMs
                + " ms; a plain backup holds " + bytes(PLAIN_BUCKET, BUSY + "/") + " bytes and restores "
                + plainRestored.all().size() + " records in " + plainMs + " ms");
        connect.deleteConnectorAndOffsets("restore-plain");
        connect.deleteConnector(ACTIVATE);
        connect.deleteConnector(PASSIVATE);
        connect.deleteConnectorAndOffsets("restore-snapshot");
    }

    @Test
    void shouldFailTheSecondActivateConnectorNamingBoth() throws Exception {
        CompactedPair pair = new CompactedPair(s3, BUCKET, connect.bootstrapServers());
        connect.createTopic("twice", 1, CompactedPair.FAST_COMPACTION);
        connect.putConnectorConfig("first-activate", pair.config("ACTIVATE", "twice", 1));
        connect.awaitRunning("first-activate", 1);
        try (S3Storage storage = pair.storage()) {
            CompactedPair.awaitSnapshots(new CompactSnapshots(storage, CompactedPair.layout()), Map.of("twice", 1),
                    current -> true, TIMEOUT, () -> { });
        }

        connect.putConnectorConfig("second-activate", pair.config("ACTIVATE", "twice", 1));

        String trace = connect.awaitTaskState("second-activate", "FAILED").path("trace").asText();
        assertThat(trace).contains("first-activate", "second-activate", "twice-0",
                "ACTIVATE on one connector of the pair and PASSIVATE on the other");
        assertThat(connect.connectorStatus("first-activate").path("tasks").get(0).path("state").asText())
                .as("the first connector goes on").isEqualTo("RUNNING");
        connect.deleteConnector("second-activate");
        connect.deleteConnector("first-activate");
    }

    private static long bytes(String bucket, String prefix) {
        return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .mapToLong(object -> object.size()).sum();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
