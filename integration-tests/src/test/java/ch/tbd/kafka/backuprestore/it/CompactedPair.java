package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A pair of {@code CompactBackupSinkConnector}s on a compacted topic, for the tests: their configurations (the original
 * README's bodies), updates and deletes to back up, waits on the snapshots' markers, and the comparison of latest
 * values.
 */
public final class CompactedPair {

    public static final String ACTIVATE = "backup-activate";
    public static final String PASSIVATE = "backup-passivate";
    public static final String CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact.CompactBackupSinkConnector";
    /** Topic settings under which the cleaner compacts within a second (with {@link CompactedTopic#BROKER_PROPS}). */
    public static final Map<String, String> FAST_COMPACTION = Map.of("cleanup.policy", "compact", "segment.ms", "500",
            "min.cleanable.dirty.ratio", "0.01");
    private static final int KEYS = 40;

    private final S3Server s3;
    private final String bucket;
    private final String bootstrapServers;

    public CompactedPair(S3Server s3, String bucket, String bootstrapServers) {
        this.s3 = s3;
        this.bucket = bucket;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The original README's body with its TBDs filled in and the three converters: the ACTIVATE connector reaches the
     * cluster through a worker properties file as the original did, the PASSIVATE one through source.cluster.*. A
     * snapshot lasts 7.2 seconds, so that handovers follow each other within a test.
     */
    public Map<String, String> config(String status, String topics, int tasks) throws IOException {
        Map<String, String> config = BackupConnectorConfigs.s3(s3, bucket, topics, 10);
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("compacted.log.backup.initial.status", status);
        config.put("compacted.log.backup.length.hours", "0.002");
        config.put("compacted.log.backup.interval.offsets", "10000");
        config.put("s3.proxy.url", "");
        if (status.equals("ACTIVATE")) {
            Path worker = Files.createTempFile("kafka-connect", ".properties");
            Files.writeString(worker, "bootstrap.servers=" + bootstrapServers
                    + "\ngroup.id=connect-cluster\nkey.converter=org.apache.kafka.connect.json.JsonConverter\n");
            worker.toFile().deleteOnExit();
            config.put("compacted.log.backup.path.configuration", worker.toString());
            config.put("compacted.log.backup.login.name.jaas.configuration", "LoginModuleName");
        } else {
            config.put("source.cluster.bootstrap.servers", bootstrapServers);
        }
        config.put("rotate.schedule.interval.ms", "500");
        return config;
    }

    public S3Storage storage() {
        return new S3Storage(S3Settings.of(bucket, s3.region()).withEndpoint(s3.endpoint(), true)
                .withStaticCredentials(s3.accessKey(), s3.secretKey()));
    }

    /** Updates of 40 keys, a tenth of them deletes, one every 2 ms until {@code producing} turns false. */
    public void produceUpdates(String topic, AtomicBoolean producing, AtomicLong produced) {
        Random random = new Random(13);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long sequence = 0;
            while (producing.get()) {
                byte[] key = ("key-" + random.nextInt(KEYS)).getBytes(StandardCharsets.UTF_8);
                byte[] value = random.nextInt(10) == 0 ? null
                        : ("value-" + sequence++).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value));
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

    /** Waits until every one of {@code partitions} (by topic) has a current snapshot that is {@code done}. */
    public static void awaitSnapshots(CompactSnapshots snapshots, Map<String, Integer> partitions,
            Predicate<SnapshotMarker> done, Duration timeout, Runnable onTimeout) throws InterruptedException {
        Await.until(() -> partitions.entrySet().stream().allMatch(topic -> {
            Map<Integer, SnapshotMarker> current = snapshots.current(topic.getKey());
            return current.size() == topic.getValue() && current.values().stream().allMatch(done);
        }), () -> {
            onTimeout.run();
            return "snapshots as expected; they are " + partitions.keySet().stream()
                    .map(snapshots::current).toList();
        }, timeout);
    }

    /** Waits until, per partition, only the current snapshot's connector has objects: the other deleted its own. */
    public void awaitOnlyCurrentSnapshotsStored(CompactSnapshots snapshots, List<String> topics, Duration timeout)
            throws InterruptedException {
        Await.until(() -> topics.stream().allMatch(topic -> snapshots.current(topic).entrySet().stream()
                .allMatch(current -> {
                    String other = current.getValue().instance().equals(ACTIVATE) ? PASSIVATE : ACTIVATE;
                    String prefix = topic + "/" + other + "/" + current.getKey() + "/";
                    return s3.client().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().isEmpty();
                })), () -> "the older snapshots deleted", timeout);
    }

    /** Every key's latest value (null for a tombstone), from records in offset order. */
    public static Map<String, String> latestValues(List<BackupRecord> records) {
        Map<String, String> latest = new HashMap<>();
        records.forEach(record -> latest.put(new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        return latest;
    }

    /** The layout of the pair's location. */
    public static BackupLayout layout() {
        return new BackupLayout("");
    }
}
