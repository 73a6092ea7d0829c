package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Topic definitions through the connectors, on a real worker and a broker with the standard authorizer: a backup
 * captures a topic's definition and captures it again when a config changes while it runs; a restore into a new name
 * creates the topic with the captured configs and partitions and moves its ACLs to the new name; a definition the
 * target cannot take whole (an unknown config, more replicas than brokers, a retention that deletes restored records)
 * is created as far as it can be, with warnings, and the records are restored all the same; an existing topic whose
 * configs differ fails a strict restore, naming the topic and the config; a damaged definition is named, and the
 * records are restored all the same.
 */
class TopicDefinitionsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BUCKET = "definitions";
    private static final String TOPIC = "defs-orders";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 30;

    private static ConnectCluster connect;
    private static S3Server s3;
    private static org.apache.kafka.clients.admin.Admin admin;

    @BeforeAll
    static void startInfrastructure() {
        connect = ConnectCluster.start("topic-definitions-it", Map.of(), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS"));
        s3 = S3Server.start();
        s3.createBucket(BUCKET);
        admin = connect.admin();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (admin != null) {
            admin.close();
        }
        if (connect != null) {
            connect.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void shouldCaptureDefinitionsAndRestoreTopicsAsTheyWere() throws Exception {
        connect.createTopic(TOPIC, PARTITIONS, Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis()),
                "max.message.bytes", "2000000", "cleanup.policy", "compact,delete"));
        AclBinding read = acl(TOPIC, PatternType.LITERAL, "User:app", AclOperation.READ);
        AclBinding describe = acl("defs-", PatternType.PREFIXED, "User:audit", AclOperation.DESCRIBE);
        admin.createAcls(List.of(read, describe)).all().get(30, TimeUnit.SECONDS);
        Map<String, String> backup = BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 5);
        backup.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
        backup.put("topic.definitions.interval.ms", "1000");
        connect.putConnectorConfig("definitions-backup", backup);
        connect.awaitRunning("definitions-backup", 1);
        produce(Instant.now().minus(Duration.ofHours(1)).toEpochMilli());
        awaitKeys("~topics/" + TOPIC + "/", 1);

        setConfig(TOPIC, "retention.ms", Long.toString(Duration.ofDays(60).toMillis()));

        List<String> versions = awaitKeys("~topics/" + TOPIC + "/", 2);
        String latest = s3.client().getObjectAsBytes(request -> request.bucket(BUCKET)
                .key(versions.get(versions.size() - 1))).asUtf8String();
        System.out.println("Captured definition " + versions.get(versions.size() - 1) + ":\n" + latest);
        assertThat(latest).contains("\"retention.ms\" : \"5184000000\"", "\"cleanup.policy\" : \"compact,delete\"",
                "\"partitions\" : 3", "\"resourceName\" : \"defs-\"");
        awaitKeys(TOPIC + "/", RECORDS / 5);
        connect.deleteConnector("definitions-backup");

        restore("definitions-renamed", TOPIC + ":defs-orders-renamed", Map.of("restore.acls.enabled", "true"));

        assertThat(ownConfigs("defs-orders-renamed")).isEqualTo(ownConfigs(TOPIC));
        assertThat(admin.describeTopics(List.of("defs-orders-renamed")).allTopicNames()
                .get(30, TimeUnit.SECONDS).get("defs-orders-renamed").partitions()).hasSize(PARTITIONS);
        // The literal binding moves to the new name; the prefix 'defs-' covers it already and stays as it was.
        assertThat(new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                .get(30, TimeUnit.SECONDS))).isEqualTo(Set.of(read, describe,
                acl("defs-orders-renamed", PatternType.LITERAL, "User:app", AclOperation.READ)));

        // A newer definition that the target cannot take whole.
        s3.client().putObject(request -> request.bucket(BUCKET).key("~topics/" + TOPIC + "/29991231T000000.000Z.json"),
                RequestBody.fromString(latest.replace("\"replicationFactor\" : 1", "\"replicationFactor\" : 3")
                        .replace("\"retention.ms\" : \"5184000000\"", "\"retention.ms\" : \"60000\", "
                                + "\"made.up.config\" : \"1\"")));
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            restore("definitions-odd", TOPIC + ":defs-orders-odd", Map.of());

            assertThat(logs.containing("made.up.config=1")).singleElement().satisfies(event -> assertThat(
                    event.text()).contains("defs-orders-odd", "refused by the target cluster"));
            assertThat(logs.containing("replication factor 3 of the backup is more than the target's 1 broker(s)"))
                    .isNotEmpty();
            assertThat(logs.containing("keeps records for retention.ms=60000")).singleElement().satisfies(event ->
                    assertThat(event.text()).contains("defs-orders-odd", "restore.topic.config.overrides"));
        }
        assertThat(ownConfigs("defs-orders-odd")).containsEntry("retention.ms", "60000")
                .doesNotContainKey("made.up.config");

        connect.createTopic("defs-orders-strict", PARTITIONS, Map.of("cleanup.policy", "delete"));
        Map<String, String> strict = RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":defs-orders-strict",
                connect.bootstrapServers());
        strict.put("restore.topic.config.check", "strict");
        connect.putConnectorConfig("definitions-strict", strict);
        JsonNode failed = connect.awaitConnectorState("definitions-strict", "FAILED");
        assertThat(failed.path("connector").path("trace").asText()).contains("Target topic 'defs-orders-strict'",
                "cleanup.policy: compact,delete in the backup, delete on the target", "restore.topic.config.check");
        connect.deleteConnector("definitions-strict");

        // A damaged definition: named in a warning, and the records restored all the same.
        s3.client().putObject(request -> request.bucket(BUCKET).key("~topics/" + TOPIC + "/29991231T000001.000Z.json"),
                RequestBody.fromString("{\"formatVersion\" : 1, \"topic\" : "));
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            restore("definitions-damaged", TOPIC + ":defs-orders-damaged", Map.of());
            assertThat(logs.containing("cannot be read")).singleElement().satisfies(event -> assertThat(event.text())
                    .contains("29991231T000001.000Z.json", "broker's defaults"));
        }
    }

    private static AclBinding acl(String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static void restore(String connector, String topics, Map<String, String> extra) throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.s3(s3, BUCKET, topics, connect.bootstrapServers());
        config.putAll(extra);
        connect.putConnectorConfig(connector, config);
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                new TopicPartition(TOPIC, 2));
        RestoreProgress.awaitComplete(connect, connector, partitions, TIMEOUT);
        connect.deleteConnector(connector);
    }

    private static void produce(long timestamp) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, timestamp + i,
                        ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        ("value-" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static void setConfig(String topic, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> ownConfigs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                .get(resource);
        Map<String, String> own = new TreeMap<>();
        config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .forEach(e -> own.put(e.name(), e.value()));
        return own;
    }

    private static List<String> keys(String prefix) {
        return s3.client().listObjectsV2(request -> request.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static List<String> awaitKeys(String prefix, int atLeast) throws InterruptedException {
        Await.until(() -> keys(prefix).size() >= atLeast, () -> atLeast + " objects under " + prefix + "; there are "
                + keys(prefix), TIMEOUT);
        return keys(prefix);
    }
}
