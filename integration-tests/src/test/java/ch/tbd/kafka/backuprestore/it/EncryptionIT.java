package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.crypto.KmsTestServer;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.KeyGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Client-side encryption through the connectors, on a real worker, broker and S3 server: a backup encrypted with one
 * key and, after a rotation, another is restored byte-exact with a keystore holding both; without the old key, and
 * with a byte of an encrypted block flipped, the restore fails naming the object (and the key), and restores nothing
 * of the object it cannot read. A backup whose data keys AWS KMS wraps (a server speaking KMS's protocol: no KMS
 * emulator installs here) is restored byte-exact too.
 */
class EncryptionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BUCKET = "encrypted";
    private static final String TOPIC = "enc-orders";
    private static final String PASSWORD = "keystore-pw-31";

    @TempDir
    static Path directory;

    private static ConnectCluster connect;
    private static S3Server s3;
    private static Path bothKeys;
    private static Path newKeyOnly;
    private static KmsTestServer kms;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        connect = ConnectCluster.start("encryption-it");
        s3 = S3Server.start();
        s3.createBucket(BUCKET);
        kms = KmsTestServer.start();
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        var old = generator.generateKey();
        var current = generator.generateKey();
        bothKeys = keystore("both.p12", Map.of("kek-1", old, "kek-2", current));
        newKeyOnly = keystore("new-only.p12", Map.of("kek-2", current));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (kms != null) {
            kms.close();
        }
    }

    private static Path keystore(String name, Map<String, javax.crypto.SecretKey> keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Map.Entry<String, javax.crypto.SecretKey> key : keys.entrySet()) {
            store.setEntry(key.getKey(), new KeyStore.SecretKeyEntry(key.getValue()),
                    new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        }
        Path file = directory.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static Map<String, String> withKeys(Map<String, String> config, Path keystore, String alias) {
        Map<String, String> keyed = new HashMap<>(config);
        keyed.put("encryption.key.provider", "keystore");
        keyed.put("encryption.keystore.location", keystore.toString());
        keyed.put("encryption.keystore.password", PASSWORD);
        keyed.put("encryption.key.alias", alias);
        return keyed;
    }

    @Test
    void shouldRestoreAnEncryptedBackupByteExactAndRefuseWhatItCannotRead() throws Exception {
        connect.createTopic(TOPIC, 2, Map.of());
        Map<String, String> backup = withKeys(BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 5), bothKeys, "kek-1");
        // The task restarted by the rotation stores what it holds, and its successor the rest, fewer than flush.size.
        backup.put("rotate.schedule.interval.ms", "1000");
        connect.putConnectorConfig("enc-backup", backup);
        connect.awaitRunning("enc-backup", 1);
        produce(0, 20);
        awaitStoredUpTo(9);

        connect.putConnectorConfig("enc-backup", withKeys(backup, bothKeys, "kek-2"));
        produce(20, 20);
        List<String> objects = awaitStoredUpTo(19);
        List<String> headers = new ArrayList<>();
        for (String key : objects) {
            headers.add(new String(s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(key))
                    .asByteArray(), StandardCharsets.ISO_8859_1));
        }
        assertThat(headers).allMatch(object -> object.contains("algorithm=AES-256-GCM;key=kek-"))
                .noneMatch(object -> object.contains("value-7"));
        assertThat(headers).anyMatch(object -> object.contains("key=kek-1;"))
                .anyMatch(object -> object.contains("key=kek-2;"));

        Map<String, String> restore = withKeys(RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":enc-copy",
                connect.bootstrapServers()), bothKeys, "kek-2");
        connect.putConnectorConfig("enc-restore", restore);
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
        RestoreProgress.awaitComplete(connect, "enc-restore", partitions, TIMEOUT);
        connect.deleteConnector("enc-restore");
        TopicContents source = TopicContents.read(connect.bootstrapServers(), TOPIC);
        TopicContents copy = TopicContents.read(connect.bootstrapServers(), "enc-copy");
        for (int partition = 0; partition < 2; partition++) {
            RestoreAssertions.assertPartitionRestored(source.of(TOPIC, partition), new TopicPartition(TOPIC,
                    partition), copy.of("enc-copy", partition), new TopicPartition("enc-copy", partition), false);
        }

        connect.putConnectorConfig("enc-no-old-key", withKeys(RestoreConnectorConfigs.s3(s3, BUCKET,
                TOPIC + ":enc-no-key", connect.bootstrapServers()), newKeyOnly, "kek-2"));
        JsonNode failed = connect.awaitTaskState("enc-no-old-key", "FAILED");
        assertThat(failed.toString()).contains("is encrypted with key 'kek-1'", "[kek-2]", TOPIC + "/");
        connect.deleteConnector("enc-no-old-key");
        assertThat(TopicContents.read(connect.bootstrapServers(), "enc-no-key").of("enc-no-key", 0))
                .as("nothing of the objects it could not read").isEmpty();

        String damaged = objects.get(0);
        byte[] bytes = s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(damaged)).asByteArray();
        bytes[bytes.length - 40] ^= 0x01;
        s3.client().putObject(request -> request.bucket(BUCKET).key(damaged), RequestBody.fromBytes(bytes));
        connect.putConnectorConfig("enc-damaged", withKeys(RestoreConnectorConfigs.s3(s3, BUCKET,
                TOPIC + ":enc-damaged", connect.bootstrapServers()), bothKeys, "kek-2"));
        JsonNode broken = connect.awaitTaskState("enc-damaged", "FAILED");
        assertThat(broken.toString()).contains(damaged);
        connect.deleteConnector("enc-damaged");
    }

    @Test
    void shouldRestoreABackupWhoseDataKeysKmsWrapsByteExact() throws Exception {
        String topic = "kms-orders";
        kms.createKey("alias/kafka-backup");
        s3.createBucket("kms-encrypted");
        connect.createTopic(topic, 1, Map.of());
        Map<String, String> backup = withKms(BackupConnectorConfigs.s3(s3, "kms-encrypted", topic, 5));
        int encryptsBefore = kms.encrypts();
        connect.putConnectorConfig("kms-backup", backup);
        connect.awaitRunning("kms-backup", 1);
        produce(topic, 0, 20);
        Await.until(() -> kmsObjects(topic).size() == 4, () -> "4 objects; objects: " + kmsObjects(topic), TIMEOUT);
        connect.deleteConnector("kms-backup");
        String header = new String(s3.client().getObjectAsBytes(request -> request.bucket("kms-encrypted")
                .key(kmsObjects(topic).get(0))).asByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(header).contains("algorithm=AES-256-GCM;key=aws-kms:alias/kafka-backup;")
                .doesNotContain("value-3");
        assertThat(kms.encrypts() - encryptsBefore).as("one KMS call per object").isEqualTo(4);

        connect.putConnectorConfig("kms-restore", withKms(RestoreConnectorConfigs.s3(s3, "kms-encrypted",
                topic + ":kms-copy", connect.bootstrapServers())));
        RestoreProgress.awaitComplete(connect, "kms-restore", List.of(new TopicPartition(topic, 0)), TIMEOUT);
        connect.deleteConnector("kms-restore");
        RestoreAssertions.assertPartitionRestored(TopicContents.read(connect.bootstrapServers(), topic).of(topic, 0),
                new TopicPartition(topic, 0), TopicContents.read(connect.bootstrapServers(), "kms-copy")
                        .of("kms-copy", 0), new TopicPartition("kms-copy", 0), false);
    }

    private static Map<String, String> withKms(Map<String, String> config) {
        Map<String, String> keyed = new HashMap<>(config);
        keyed.put("encryption.key.provider", "aws-kms");
        keyed.put("encryption.kms.key.id", "alias/kafka-backup");
        keyed.put("encryption.kms.endpoint.url", kms.endpoint().toString());
        return keyed;
    }

    private static List<String> kmsObjects(String topic) {
        return s3.client().listObjectsV2(request -> request.bucket("kms-encrypted").prefix(topic + "/")).contents()
                .stream().map(S3Object::key).sorted().toList();
    }

    /**
     * Waits until both partitions' objects hold every offset from 0 to {@code lastOffset}, by their headers alone: a
     * task that stops after a rewind leaves the offsets past it to its successor, so the newest object alone does not
     * say that everything before it is stored.
     */
    private static List<String> awaitStoredUpTo(long lastOffset) throws InterruptedException {
        Await.until(() -> storedThrough(0) >= lastOffset && storedThrough(1) >= lastOffset, () -> "offsets 0.."
                + lastOffset + " stored; objects: " + keys(), TIMEOUT);
        return keys();
    }

    /** The last offset up to which the partition's objects hold every offset from 0. */
    private static long storedThrough(int partition) {
        long through = -1;
        for (String key : keys()) { // in offset order: the start offset in the name is zero-padded
            if (key.startsWith(TOPIC + "/" + partition + "/")) {
                var summary = BackupObjectReader.readSummary(s3.client().getObject(request -> request
                        .bucket(BUCKET).key(key)), key);
                if (summary.firstOffset() > through + 1) {
                    break;
                }
                through = Math.max(through, summary.lastOffset());
            }
        }
        return through;
    }

    private static List<String> keys() {
        return s3.client().listObjectsV2(request -> request.bucket(BUCKET).prefix(TOPIC + "/")).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static void produce(int first, int count) throws Exception {
        produce(TOPIC, first, count);
    }

    private static void produce(String topic, int first, int count) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = first; i < first + count; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % partitions(topic),
                        System.currentTimeMillis(),
                        ("key-" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8),
                        List.of(new RecordHeader("trace", new byte[] {(byte) i, 0, -1})));
                producer.send(record).get();
            }
        }
    }

    private static int partitions(String topic) {
        return topic.equals(TOPIC) ? 2 : 1;
    }
}
