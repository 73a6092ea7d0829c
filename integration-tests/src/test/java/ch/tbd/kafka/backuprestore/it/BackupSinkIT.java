package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The backup sink on a real broker, a real Connect worker and an S3 server that checks signatures. */
class BackupSinkIT {

    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server s3;
    private static FaultInjectingProxy proxy;
    private static ConnectCluster connect;

    private final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        proxy = FaultInjectingProxy.forward();
        connect = ConnectCluster.start("backup-sink-it");
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void deleteConnectors() throws InterruptedException {
        for (String connector : connectors) {
            connect.deleteConnector(connector);
        }
    }

    @Test
    void shouldBackUpEveryCommittedRecordExactlyWithTheReadmeConfiguration() throws Exception {
        String bucket = "readme-backup";
        s3.createBucket(bucket);
        EdgeCaseScenario scenario = new EdgeCaseScenario("test-topic");
        try (Admin admin = connect.admin()) {
            scenario.createTopics(admin);
        }

        // The README's curl body, key for key; only the values that point at this test's servers differ (the S3 traffic
        // goes through a real HTTP proxy), and the keys after "tasks.max" are the only additions.
        String readmeJson = """
                {
                     "connector.class":"ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector",
                     "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                     "key.converter":"org.apache.kafka.connect.converters.ByteArrayConverter",
                     "topics":"%s",
                     "flush.size":"3",
                     "s3.bucket.name":"%s",
                     "s3.region":"eu-central-1",
                     "s3.proxy.url": "%s",
                     "tasks.max":"1",
                     "header.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                     "s3.endpoint.url": "%s",
                     "s3.path.style.access.enabled": "true",
                     "s3.access.key.id": "%s",
                     "s3.secret.access.key": "%s",
                     "consumer.override.isolation.level": "read_committed"
                }
                """.formatted(scenario.topics(), bucket, proxy.endpoint(), s3.endpoint(), s3.accessKey(), s3.secretKey());
        HttpResponse<String> created = connect.put("/connectors/backup/config", readmeJson);
        connectors.add("backup");
        assertThat(created.statusCode()).as("PUT /connectors/backup/config: %s", created.body()).isEqualTo(201);
        connect.awaitRunning("backup", 1);

        ProducedRecords produced = scenario.produce(connect.bootstrapServers(), 3);

        BackupLayout layout = new BackupLayout("");
        BackupSnapshot snapshot = Await.backedUp(
                new BackupReadback(BackupReadback.s3(s3.client(), bucket), layout), produced, BACKUP_TIMEOUT);
        BackupAssertions.assertExactBackup(snapshot, produced, layout);
        assertThat(produced.abortedCount()).as("aborted records produced").isPositive();
        assertThat(proxy.handled().size()).as("requests through s3.proxy.url").isPositive();
        assertThat(snapshot.objects()).as("objects holding the 5 MiB value")
                .anySatisfy(o -> assertThat(o.records())
                        .anySatisfy(r -> assertThat(r.value()).hasSize(EdgeCaseProducer.LARGE_VALUE_BYTES)));
    }

    @Test
    void shouldWriteUnderThePrefixOnlyTheTopicsThatMatchTheRegex() throws Exception {
        String bucket = "prefixed-backup";
        s3.createBucket(bucket);
        for (String topic : List.of("metrics.eu", "metrics.us", "other")) {
            connect.createTopic(topic, 2, Map.of());
        }
        Map<String, String> config = BackupConnectorConfigs.withTopicsRegex(
                BackupConnectorConfigs.s3(s3, bucket, "unused", 2), "metrics\\..*");
        config.put("storage.prefix", "cluster-a/backups/");
        connect.putConnectorConfig("prefixed", config);
        connectors.add("prefixed");
        connect.awaitRunning("prefixed", 1);

        ProducedRecords produced;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (String topic : List.of("metrics.eu", "metrics.us", "other")) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, EdgeCaseProducer.bytes("k" + i),
                            EdgeCaseProducer.bytes(topic + " " + i)));
                }
            }
            producer.padToMultipleOf(2);
            produced = producer.produced().onlyTopics(Set.of("metrics.eu", "metrics.us"));
        }

        BackupLayout layout = new BackupLayout("cluster-a/backups");
        BackupSnapshot snapshot = Await.backedUp(
                new BackupReadback(BackupReadback.s3(s3.client(), bucket), layout), produced, BACKUP_TIMEOUT);
        BackupAssertions.assertExactBackup(snapshot, produced, layout);
        assertThat(s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key))
                .as("every key in the bucket")
                .allSatisfy(key -> assertThat(key).startsWith("cluster-a/backups/metrics."));
    }

    @Test
    void shouldReportAValueConverterOtherThanByteArrayWhenValidating() throws Exception {
        String bucket = "validated-backup";
        s3.createBucket(bucket);
        Map<String, String> config = BackupConnectorConfigs.s3(s3, bucket, "validated-topic", 3);
        config.put("name", "validated");

        assertThat(validationErrors(config)).as("errors of a valid configuration").isEmpty();

        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        Map<String, List<String>> errors = validationErrors(config);
        assertThat(errors).as("errors of a configuration with a StringConverter for values")
                .containsOnlyKeys("value.converter");
        assertThat(errors.get("value.converter"))
                .anySatisfy(error -> assertThat(error).contains("ByteArrayConverter"));
    }

    @Test
    void shouldFailTheConnectorNamingTheBucketWhenTheBucketIsMissing() throws Exception {
        String bucket = "no-such-bucket-for-backup";
        connect.createTopic("orphan-topic", 1, Map.of());
        connect.putConnectorConfig("missing-bucket", BackupConnectorConfigs.s3(s3, bucket, "orphan-topic", 3));
        connectors.add("missing-bucket");

        JsonNode status = connect.awaitConnectorState("missing-bucket", "FAILED");
        assertThat(status.path("connector").path("trace").asText()).as("trace in %s", status).contains(bucket);
        assertThat(status.path("tasks")).as("tasks of a connector that failed to start: %s", status)
                .allSatisfy(task -> assertThat(task.path("state").asText()).isNotEqualTo("RUNNING"));
    }

    /** The validate endpoint's errors, by config key; only keys with errors appear. */
    private static Map<String, List<String>> validationErrors(Map<String, String> config) {
        HttpResponse<String> response = connect.put("/connector-plugins/BackupSinkConnector/config/validate",
                ConnectCluster.toJson(config));
        assertThat(response.statusCode()).as("validate: %s", response.body()).isEqualTo(200);
        JsonNode result = ConnectCluster.parse(response);
        Map<String, List<String>> errors = new TreeMap<>();
        for (JsonNode entry : result.path("configs")) {
            JsonNode value = entry.path("value");
            value.path("errors").forEach(
                    e -> errors.computeIfAbsent(value.path("name").asText(), k -> new ArrayList<>()).add(e.asText()));
        }
        assertThat(result.path("error_count").asInt()).as("error_count against errors %s", errors)
                .isEqualTo(errors.size());
        return errors;
    }
}
