package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A pair of compacted-topic backup connectors on a real worker and a broker whose cleaner compacts within a second:
 * handovers in a row while updates and deletes are produced, on a busy topic of two partitions (the PASSIVATE
 * connector with two tasks) and on an idle one, with both connectors restarted half-way. Afterwards, the newest
 * complete snapshot restores the latest value of every key, tombstones included, and the older snapshots are gone.
 */
class CompactBackupIT {

    private static final String BUCKET = "compact-backups";
    private static final String BUSY = "prices";
    private static final String IDLE = "settings";
    private static final String ACTIVATE = "backup-activate";
    private static final String PASSIVATE = "backup-passivate";
    private static final int KEYS = 40;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("compact-backup-it", Map.of(), CompactedTopic.BROKER_PROPS);
        s3.createBucket(BUCKET);
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

    /**
     * The original README's body, with its TBDs filled in and the three converters: the ACTIVATE connector reaches the
     * cluster through a worker properties file as the original did, the PASSIVATE one through source.cluster.*.
     */
    private static Map<String, String> pairConfig(String status, int tasks) throws java.io.IOException {
        Map<String, String> config = BackupConnectorConfigs.s3(s3, BUCKET, BUSY + "," + IDLE, 10);
        config.put("connector.class", "ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact.CompactBackupSinkConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("compacted.log.backup.initial.status", status);
        // 7.2 seconds: handovers in a row within the test.
        config.put("compacted.log.backup.length.hours", "0.002");
        config.put("compacted.log.backup.interval.offsets", "10000");
        if (status.equals("ACTIVATE")) {
            java.nio.file.Path worker = java.nio.file.Files.createTempFile("kafka-connect", ".properties");
            java.nio.file.Files.writeString(worker, "bootstrap.servers=" + connect.bootstrapServers()
                    + "\ngroup.id=connect-cluster\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n");
            worker.toFile().deleteOnExit();
            config.put("compacted.log.backup.path.configuration", worker.toString());
            config.put("compacted.log.backup.login.name.jaas.configuration", "LoginModuleName");
        } else {
            config.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
        }
        config.put("rotate.schedule.interval.ms", "500");
        return config;
    }

    @Test
    void shouldHandOverInARowAndRestoreTheLatestValueOfEveryKey() throws Exception {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "segment.ms", "500",
                "min.cleanable.dirty.ratio", "0.01");
        connect.createTopic(BUSY, 2, compacted);
        connect.createTopic(IDLE, 1, compacted);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> produce(producing, produced), "updates");
        try (KafkaProducer<byte[], byte[]> once = producer()) {
            for (int key = 0; key < 5; key++) {
                once.send(new ProducerRecord<>(IDLE, bytes("setting-" + key), bytes("value-" + key)));
            }
        }
        producer.start();

        connect.putConnectorConfig(ACTIVATE, pairConfig("ACTIVATE", 1));
        connect.putConnectorConfig(PASSIVATE, pairConfig("PASSIVATE", 2));
        connect.awaitRunning(ACTIVATE, 1);
        connect.awaitRunning(PASSIVATE, 2);

        try (S3Storage storage = new S3Storage(S3Settings.of(BUCKET, s3.region()).withEndpoint(s3.endpoint(), true)
                .withStaticCredentials(s3.accessKey(), s3.secretKey()))) {
            CompactSnapshots snapshots = new CompactSnapshots(storage, new BackupLayout(""));
            awaitSnapshots(snapshots, current -> current.generation() >= 2);
            // Both connectors restarted in the middle of the next handovers: each resumes the role it published.
            assertThat(connect.post("connectors/" + PASSIVATE + "/restart?includeTasks=true", "").statusCode() / 100)
                    .isEqualTo(2);
            assertThat(connect.post("connectors/" + ACTIVATE + "/restart?includeTasks=true", "").statusCode() / 100)
                    .isEqualTo(2);
            // Two more handovers on every partition, busy or idle.
            awaitSnapshots(snapshots, current -> current.generation() >= 4);
            producing.set(false);
            producer.join();
            long stoppedAt = System.currentTimeMillis();
            // A snapshot completed after the last update holds every key's latest value.
            awaitSnapshots(snapshots, current -> current.completedAt() > stoppedAt);
            awaitOnlyCurrentSnapshotsStored(snapshots);
            System.out.println("Compacted backup: " + produced.get() + " updates produced; current snapshots "
                    + snapshots.current(BUSY) + snapshots.current(IDLE));
        }

        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, BUCKET, BUSY + ":prices-restored,"
                + IDLE + ":settings-restored", connect.bootstrapServers());
        connect.putConnectorConfig("restore-snapshot", restore);
        RestoreProgress.awaitComplete(connect, "restore-snapshot", List.of(new TopicPartition(BUSY, 0),
                new TopicPartition(BUSY, 1), new TopicPartition(IDLE, 0)), TIMEOUT);

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
        System.out.println("Compacted backup: restored " + restoredRecords + " records of " + produced.get()
                + " updates");
        connect.deleteConnector(ACTIVATE);
        connect.deleteConnector(PASSIVATE);
        connect.deleteConnectorAndOffsets("restore-snapshot");
    }

    private static void awaitSnapshots(CompactSnapshots snapshots, Predicate<SnapshotMarker> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Map<Integer, SnapshotMarker> busy = snapshots.current(BUSY);
            Map<Integer, SnapshotMarker> idle = snapshots.current(IDLE);
            if (busy.size() == 2 && idle.size() == 1 && busy.values().stream().allMatch(done)
                    && idle.values().stream().allMatch(done)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("snapshots not as expected within %s: %s %s; connectors %s %s", TIMEOUT, busy, idle,
                        connect.connectorStatus(ACTIVATE), connect.connectorStatus(PASSIVATE));
            }
            Thread.sleep(250);
        }
    }

    /** Waits until, per partition, only the current snapshot's instance has objects: the older one deleted its own. */
    private static void awaitOnlyCurrentSnapshotsStored(CompactSnapshots snapshots) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            boolean only = true;
            for (String topic : List.of(BUSY, IDLE)) {
                for (Map.Entry<Integer, SnapshotMarker> current : snapshots.current(topic).entrySet()) {
                    String other = current.getValue().instance().equals(ACTIVATE) ? PASSIVATE : ACTIVATE;
                    String prefix = topic + "/" + other + "/" + current.getKey() + "/";
                    only &= s3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                            .map(S3Object::key).findAny().isEmpty();
                }
            }
            if (only) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the older snapshots were not deleted within %s", TIMEOUT);
            }
            Thread.sleep(250);
        }
    }

    /** Every key's latest value (null for a tombstone), from records in offset order. */
    private static Map<String, String> latestValues(List<BackupRecord> records) {
        Map<String, String> latest = new HashMap<>();
        records.forEach(record -> latest.put(new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        return latest;
    }

    private static void produce(AtomicBoolean producing, AtomicLong produced) {
        Random random = new Random(13);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long sequence = 0;
            while (producing.get()) {
                String key = "key-" + random.nextInt(KEYS);
                byte[] value = random.nextInt(10) == 0 ? null : bytes("value-" + sequence++);
                producer.send(new ProducerRecord<>(BUSY, bytes(key), value));
                produced.incrementAndGet();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
