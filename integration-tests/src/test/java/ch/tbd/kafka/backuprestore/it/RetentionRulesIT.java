package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The lifecycle rules a backup connector keeps, on a real worker and broker, in a server that stores them (S3Mock);
 * and the warning, with the backup going on, where the server does not (s3proxy).
 */
class RetentionRulesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WEEK_MS = Long.toString(Duration.ofDays(7).toMillis());

    private static ConnectCluster connect;
    private static LifecycleS3Server lifecycleS3;
    private static S3Server s3proxy;

    @BeforeAll
    static void startInfrastructure() {
        connect = ConnectCluster.start("retention-rules-it");
        lifecycleS3 = LifecycleS3Server.start();
        s3proxy = S3Server.start();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (lifecycleS3 != null) {
            lifecycleS3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void shouldDeriveEachTopicsRuleKeepOthersRulesAndFollowAChangedSetting() throws Exception {
        String bucket = "derived";
        lifecycleS3.createBucket(bucket);
        LifecycleRule others = LifecycleRule.builder().id("logs-cleanup").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix("logs/").build())
                .expiration(LifecycleExpiration.builder().days(3).build()).build();
        lifecycleS3.client().putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(others).build()));
        connect.createTopic("ret-week", 2, Map.of("retention.ms", WEEK_MS));
        connect.createTopic("ret-compacted", 1, Map.of("cleanup.policy", "compact"));
        connect.createTopic("ret-forever", 1, Map.of("retention.ms", "-1"));
        Map<String, String> config = backupConfig(bucket, "ret-week,ret-compacted,ret-forever");
        config.put("storage.prefix", "nightly");
        config.put("source.cluster.bootstrap.servers", connect.bootstrapServers());

        connect.putConnectorConfig("retention-derived", config);
        connect.awaitRunning("retention-derived", 1);

        Map<String, LifecycleRule> rules = awaitRules(bucket, found -> found.containsKey(
                "kafka-backup:expire:nightly/ret-week/"));
        assertThat(rules).containsOnlyKeys("logs-cleanup", "kafka-backup:expire:nightly/ret-week/",
                "kafka-backup:abort-incomplete-uploads:nightly/");
        assertThat(rules.get("logs-cleanup")).as("a rule not ours, kept as it was").isEqualTo(others);
        LifecycleRule week = rules.get("kafka-backup:expire:nightly/ret-week/");
        assertThat(week.filter().prefix()).isEqualTo("nightly/ret-week/");
        assertThat(week.expiration().days()).as("7 days of retention.ms plus the 7-day margin").isEqualTo(14);
        assertThat(week.transitions()).isEmpty();
        LifecycleRule abort = rules.get("kafka-backup:abort-incomplete-uploads:nightly/");
        assertThat(abort.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(1);
        assertThat(abort.expiration()).isNull();
        System.out.println("Lifecycle configuration of a derived retention:\n" + lifecycleS3.lifecycleXml(bucket));

        config.put("s3.retention.policy.days", "30");
        connect.putConnectorConfig("retention-derived", config);

        rules = awaitRules(bucket, found -> found.containsKey("kafka-backup:expire:nightly/ret-forever/"));
        assertThat(rules).containsKeys("logs-cleanup", "kafka-backup:abort-incomplete-uploads:nightly/");
        for (String topic : List.of("ret-week", "ret-compacted", "ret-forever")) {
            assertThat(rules.get("kafka-backup:expire:nightly/" + topic + "/").expiration().days())
                    .as("an explicit value, for every topic").isEqualTo(30);
        }
        assertThat(rules.get("kafka-backup:expire:nightly/ret-week/").filter().prefix())
                .as("updated in place, under the same id").isEqualTo("nightly/ret-week/");
        connect.deleteConnector("retention-derived");
    }

    @Test
    void shouldAddARuleForEachTopicThatAppearsUnderTopicsRegex() throws Exception {
        String bucket = "regex";
        lifecycleS3.createBucket(bucket);
        connect.createTopic("grow-a", 1, Map.of());
        Map<String, String> config = BackupConnectorConfigs.withTopicsRegex(backupConfig(bucket, "unused"),
                "grow-.*");
        config.put("s3.retention.policy.days", "5");
        config.put("consumer.override.metadata.max.age.ms", "1000");
        connect.putConnectorConfig("retention-regex", config);
        connect.awaitRunning("retention-regex", 1);
        awaitRules(bucket, found -> found.containsKey("kafka-backup:expire:grow-a/"));

        connect.createTopic("grow-b", 1, Map.of());

        Map<String, LifecycleRule> rules = awaitRules(bucket, found -> found.containsKey(
                "kafka-backup:expire:grow-b/"));
        assertThat(rules.get("kafka-backup:expire:grow-a/").expiration().days()).isEqualTo(5);
        assertThat(rules.get("kafka-backup:expire:grow-b/").expiration().days()).isEqualTo(5);
        connect.deleteConnector("retention-regex");
    }

    @Test
    void shouldLeaveAForeignRuleWithOurIdAloneAndGoOnBackingUp() throws Exception {
        String bucket = "conflict";
        lifecycleS3.createBucket(bucket);
        LifecycleRule foreign = LifecycleRule.builder().id("kafka-backup:expire:clash/")
                .status(ExpirationStatus.ENABLED).filter(LifecycleRuleFilter.builder().prefix("elsewhere/").build())
                .expiration(LifecycleExpiration.builder().days(2).build()).build();
        lifecycleS3.client().putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(foreign).build()));
        connect.createTopic("clash", 1, Map.of());
        Map<String, String> config = backupConfig(bucket, "clash");
        config.put("s3.retention.policy.days", "9");

        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            connect.putConnectorConfig("retention-conflict", config);
            connect.awaitRunning("retention-conflict", 1);
            produce("clash", 5);

            awaitObjects(lifecycleS3.client(), bucket, "clash/");
            awaitLog(logs, "kafka-backup:expire:clash/");
            assertThat(logs.containing("kafka-backup:expire:clash/")).first().satisfies(event -> assertThat(
                    event.text()).contains("s3://" + bucket, "Topic clash", "elsewhere/", "did not write"));
        }
        assertThat(rules(bucket).get("kafka-backup:expire:clash/")).isEqualTo(foreign);
        assertThat(connect.connectorStatus("retention-conflict").path("tasks").get(0).path("state").asText())
                .isEqualTo("RUNNING");
        connect.deleteConnector("retention-conflict");
    }

    @Test
    void shouldWarnOnceAndGoOnBackingUpWhereTheStoreKeepsNoLifecycleRules() throws Exception {
        String bucket = "no-lifecycle";
        s3proxy.createBucket(bucket);
        connect.createTopic("plain", 2, Map.of("retention.ms", WEEK_MS));
        Map<String, String> config = BackupConnectorConfigs.s3(s3proxy, bucket, "plain", 2);
        config.put("s3.retention.policy.days", "7");

        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            connect.putConnectorConfig("retention-unsupported", config);
            connect.awaitRunning("retention-unsupported", 1);
            produce("plain", 10);

            awaitObjects(s3proxy.client(), bucket, "plain/");
            awaitLog(logs, "does not implement lifecycle rules");
            assertThat(logs.containing("does not implement lifecycle rules")).singleElement().satisfies(event ->
                    assertThat(event.text()).contains("s3://" + bucket, "[plain]", "kafka-backup retention apply"));
        }
        assertThat(connect.connectorStatus("retention-unsupported").path("tasks").get(0).path("state").asText())
                .isEqualTo("RUNNING");
        connect.deleteConnector("retention-unsupported");
    }

    private static Map<String, String> backupConfig(String bucket, String topics) {
        Map<String, String> config = BackupConnectorConfigs.common(topics, 2);
        config.putAll(lifecycleS3.connectorSettings(bucket));
        return config;
    }

    private static Map<String, LifecycleRule> rules(String bucket) {
        try {
            Map<String, LifecycleRule> rules = new HashMap<>();
            lifecycleS3.client().getBucketLifecycleConfiguration(request -> request.bucket(bucket)).rules()
                    .forEach(rule -> rules.put(rule.id(), rule));
            return rules;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Map.of();
            }
            throw e;
        }
    }

    private static Map<String, LifecycleRule> awaitRules(String bucket, Predicate<Map<String, LifecycleRule>> done)
            throws InterruptedException {
        Await.until(() -> done.test(rules(bucket)), () -> "the lifecycle rules of " + bucket + " as expected; they"
                + " are " + rules(bucket).keySet(), TIMEOUT);
        return rules(bucket);
    }

    private static void awaitObjects(S3Client client, String bucket, String prefix) throws InterruptedException {
        Await.until(() -> client.listObjectsV2(request -> request.bucket(bucket).prefix(prefix)).keyCount() > 0,
                () -> "objects under " + bucket + "/" + prefix, TIMEOUT);
    }

    private static void awaitLog(LogCapture logs, String text) throws InterruptedException {
        Await.until(() -> !logs.containing(text).isEmpty(), () -> "a log event containing '" + text + "'",
                TIMEOUT);
    }

    private static void produce(String topic, int records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, ("value-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
