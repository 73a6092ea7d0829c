package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never show: a backup and a restore whose every secret key comes from Connect's file config provider run to
 * completion, and then neither the worker's log (Kafka's and the connectors' loggers at INFO), nor the REST API's
 * answers (configurations, task configurations, status, offsets, the validate response to secrets given in clear),
 * holds any of the secret values. The tasks' metrics, read over JMX on the way, count what they stored and restored.
 */
class SecretsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BUCKET = "secrets";
    private static final String TOPIC = "secret-orders";
    private static final String JAAS_PASSWORD = "jaas-s3cr3t-7f3a";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"backup\" password=\"" + JAAS_PASSWORD + "\";";
    private static final String TRUST_PASSWORD = "trust-s3cr3t-19c2";
    private static final String KEY_PASSWORD = "key-s3cr3t-5d01";

    @TempDir
    static Path directory;

    private static ConnectCluster connect;
    private static S3Server s3;
    private static Path secrets;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        connect = ConnectCluster.start("secrets-it", Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
        s3 = S3Server.start();
        s3.createBucket(BUCKET);
        secrets = directory.resolve("secrets.properties");
        Properties values = new Properties();
        values.setProperty("s3.key", s3.accessKey());
        values.setProperty("s3.secret", s3.secretKey());
        values.setProperty("jaas", JAAS);
        values.setProperty("trust", TRUST_PASSWORD);
        values.setProperty("key", KEY_PASSWORD);
        try (var out = Files.newBufferedWriter(secrets)) {
            values.store(out, null);
        }
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

    private static String provided(String key) {
        return "${file:" + secrets + ":" + key + "}";
    }

    /** Every secret key of a connector, from the provider; PLAINTEXT clusters ignore the SASL and SSL ones. */
    private static Map<String, String> withSecrets(Map<String, String> config, String clusterPrefix) {
        Map<String, String> secret = new HashMap<>(config);
        secret.put("s3.access.key.id", provided("s3.key"));
        secret.put("s3.secret.access.key", provided("s3.secret"));
        secret.put(clusterPrefix + "sasl.jaas.config", provided("jaas"));
        secret.put(clusterPrefix + "ssl.truststore.password", provided("trust"));
        secret.put(clusterPrefix + "ssl.key.password", provided("key"));
        return secret;
    }

    @Test
    void shouldKeepEverySecretOutOfTheLogsAndTheRestApi() throws Exception {
        connect.createTopic(TOPIC, 2, Map.of());
        List<String> answers = new ArrayList<>();
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        Configurator.setLevel("ch.tbd", Level.INFO);
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            Map<String, String> clear = new HashMap<>(BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 5));
            clear.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
            clear.put("source.cluster.sasl.jaas.config", JAAS);
            clear.put("source.cluster.ssl.truststore.password", TRUST_PASSWORD);
            answers.add(connect.put("connector-plugins/BackupSinkConnector/config/validate",
                    ConnectRest.toJson(clear)).body());

            Map<String, String> backup = withSecrets(BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 5),
                    "source.cluster.");
            backup.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
            connect.putConnectorConfig("secrets-backup", backup);
            connect.awaitRunning("secrets-backup", 1);
            produce(10);
            Await.until(() -> s3.client().listObjectsV2(request -> request.bucket(BUCKET).prefix(TOPIC + "/"))
                    .keyCount() >= 2, () -> "two objects of " + TOPIC, TIMEOUT);
            answers.addAll(restAnswers("secrets-backup"));
            long storedBytes = s3.client().listObjectsV2(request -> request.bucket(BUCKET).prefix(TOPIC + "/"))
                    .contents().stream().mapToLong(object -> object.size()).sum();
            Await.until(() -> metric("backup-task", "secrets-backup", "RecordsStored") == 10,
                    () -> "the backup task's metrics to count 10 records", TIMEOUT);
            assertThat(metric("backup-task", "secrets-backup", "ObjectsStored")).isEqualTo(2);
            assertThat(metric("backup-task", "secrets-backup", "BytesStored")).isEqualTo(storedBytes);
            assertThat(metric("backup-task", "secrets-backup", "UploadLatencyMaxMs")).isPositive();
            connect.deleteConnector("secrets-backup");

            Map<String, String> restore = withSecrets(RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":secret-copy",
                    connect.bootstrapServers()), "target.cluster.");
            connect.putConnectorConfig("secrets-restore", restore);
            RestoreProgress.awaitComplete(connect, "secrets-restore", List.of(new TopicPartition(TOPIC, 0),
                    new TopicPartition(TOPIC, 1)), TIMEOUT);
            answers.addAll(restAnswers("secrets-restore"));
            assertThat(metric("restore-task", "secrets-restore", "RecordsRestored")).isEqualTo(10);
            connect.deleteConnector("secrets-restore");

            assertThat(logs.events()).as("the run logged at INFO").hasSizeGreaterThan(20);
            for (String secret : List.of(s3.secretKey(), JAAS_PASSWORD, TRUST_PASSWORD, KEY_PASSWORD)) {
                assertThat(logs.containing(secret)).as("log events holding '%s'", secret).isEmpty();
                assertThat(answers).as("REST answers holding '%s'", secret).noneMatch(body -> body.contains(secret));
            }
        } finally {
            Configurator.setLevel("org.apache.kafka", Level.WARN);
        }
        assertThat(String.join("\n", answers)).as("the validate response hides what was given in clear")
                .contains("[hidden]");
        assertThat(answers.stream().filter(body -> body.contains("\"s3.secret.access.key\":\"${file:")))
                .as("configurations and task configurations keep the provider's placeholder").hasSizeGreaterThan(3);
    }

    /** A task attribute over JMX: the worker runs in this JVM. */
    private static long metric(String type, String connector, String attribute) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            long total = 0;
            for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName(
                    "kafka.backup:type=" + type + ",connector=" + javax.management.ObjectName.quote(connector)
                            + ",task=*"), null)) {
                total += ((Number) server.getAttribute(name, attribute)).longValue();
            }
            return total;
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> restAnswers(String connector) {
        return List.of(connect.get("connectors/" + connector + "/config").body(),
                connect.get("connectors/" + connector + "/tasks").body(),
                connect.get("connectors/" + connector + "/status").body(),
                connect.get("connectors/" + connector + "/offsets").body(),
                connect.get("connectors?expand=info&expand=status").body());
    }

    private static void produce(int records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, null,
                        ("value-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
