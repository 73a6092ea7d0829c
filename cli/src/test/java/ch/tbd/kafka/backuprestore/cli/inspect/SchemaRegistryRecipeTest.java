package ch.tbd.kafka.backuprestore.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.Await;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.schemas.SchemaRegistryState;
import ch.tbd.kafka.backuprestore.schemas.SchemaRegistrySummary;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe of docs/schema-registry.md on a real broker: a {@code _schemas} topic written as Confluent Schema Registry
 * writes it is backed up with {@code kafka-backup backup}, the topic is deleted, and {@code kafka-backup restore}
 * creates it again from the captured definition as the registry needs it (one partition, compacted) and brings every
 * record back byte for byte, and so every
 * schema id a consumer may meet in a record is what it was. The report {@code describe} prints for the topic names the
 * subjects, versions and ids before the restore.
 */
class SchemaRegistryRecipeTest {

    private static final String SCHEMAS = "_schemas";

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRestoreTheRegistrysTopicByteForByteAndSoEverySchemaId() throws Exception {
        createSchemasTopic();
        writeAsTheRegistryDoes();
        TopicContents original = TopicContents.read(kafka.bootstrapServers(), SCHEMAS);
        Path backup = work.resolve("backup");

        Cli.Result backedUp = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", SCHEMAS,
                "--to", backup.toString(), "--snapshot", "--progress", "none");

        assertThat(backedUp.exitCode()).as(backedUp.out() + backedUp.err()).isEqualTo(ExitCodes.OK);
        // A broker without an authorizer: the definition is captured, its ACLs cannot be, and describe says why.
        assertThat(Cli.run("describe", SCHEMAS, "--from", backup.toString()).out()).contains(
                "Configs:            cleanup.policy=compact",
                "ACLs:               not captured: the cluster has no authorizer",
                "Schema Registry (Confluent, from the records)");
        assertThat(report(backup)).isEqualTo("""
                Schema Registry (Confluent, from the records): 3 subjects, 5 versions, 5 schema ids (highest 7),\
                 1 soft-deleted version
                  orders-key  versions 1
                  orders-value  versions 1, 2, 3
                  payments-value  versions 1 (soft-deleted: 2)
                  Settings: 1 compatibility, 0 mode
                """);

        try (Admin admin = kafka.admin()) {
            admin.deleteTopics(List.of(SCHEMAS)).all().get();
            Await.until(() -> !admin.listTopics().names().get().contains(SCHEMAS), Duration.ofSeconds(30),
                    () -> "topic " + SCHEMAS + " not deleted");
        }
        // The backup captured the topic's definition: the restore creates it as the registry needs it.
        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", SCHEMAS,
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none");

        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isEqualTo(ExitCodes.OK);
        TopicContents restoredTopic = TopicContents.read(kafka.bootstrapServers(), SCHEMAS);
        assertThat(original.difference(restoredTopic)).isEmpty();
        // Nothing was compacted or aborted before the backup, so even the offsets are the same.
        assertThat(offsets(restoredTopic)).isEqualTo(offsets(original)).hasSize(16);
        assertThat(registryState(restoredTopic)).isEqualTo(registryState(original));
        assertThat(registryState(restoredTopic).subjects().get(1).versions()).as("orders-value's versions and ids")
                .isEqualTo(Map.of(1, 1, 2, 2, 3, 7));
        assertThat(cleanupPolicy()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /**
     * What a registry writes as it starts and serves requests: its NOOP record, a compatibility setting, registrations
     * (orders-key's schema is payments-value's, so it gets the same id), soft deletes (the version written again with
     * {@code "deleted":true}) and hard deletes (a soft delete, then the version's tombstone); the ids of versions
     * deleted for good (5 and 6) are not given again. Each record to partition 0, without headers, stamped by the
     * producer.
     */
    private static void writeAsTheRegistryDoes() throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            send(producer, "{\"keytype\":\"NOOP\",\"magic\":0}", null);
            send(producer, "{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"BACKWARD\"}");
            register(producer, "orders-value", 1, 1, false);
            register(producer, "orders-value", 2, 2, false);
            register(producer, "payments-value", 1, 3, false);
            register(producer, "orders-key", 1, 3, false);
            register(producer, "payments-value", 2, 4, false);
            register(producer, "orders-value", 3, 5, false);
            register(producer, "scratch-value", 1, 6, false);
            register(producer, "scratch-value", 1, 6, true);
            send(producer, schemaKey("scratch-value", 1), null);
            register(producer, "orders-value", 3, 5, true);
            send(producer, schemaKey("orders-value", 3), null);
            register(producer, "orders-value", 3, 7, false);
            register(producer, "payments-value", 2, 4, true);
            send(producer, "{\"keytype\":\"NOOP\",\"magic\":0}", null);
        }
    }

    private static void register(KafkaProducer<byte[], byte[]> producer, String subject, int version, int id,
            boolean deleted) throws Exception {
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R" + id + "\\\",\\\"fields\\\":[{\\\"name\\\":"
                + "\\\"f" + id + "\\\",\\\"type\\\":\\\"string\\\"}]}";
        send(producer, schemaKey(subject, version), "{\"subject\":\"" + subject + "\",\"version\":" + version
                + ",\"id\":" + id + ",\"schema\":\"" + schema + "\",\"deleted\":" + deleted + "}");
    }

    private static String schemaKey(String subject, int version) {
        return "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":" + version + ",\"magic\":1}";
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(SCHEMAS, 0, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** One partition, compacted, as the registry creates it and refuses to start without. */
    private static void createSchemasTopic() throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(SCHEMAS, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            Await.until(() -> hasLeader(admin), Duration.ofSeconds(30), () -> "no leader for " + SCHEMAS);
        }
    }

    private static boolean hasLeader(Admin admin) throws Exception {
        try {
            return admin.describeTopics(List.of(SCHEMAS)).allTopicNames().get().get(SCHEMAS).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static String cleanupPolicy() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, SCHEMAS);
        try (Admin admin = kafka.admin()) {
            return admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private static String report(Path backup) {
        StringWriter text = new StringWriter();
        try (OpenBackup opened = new OpenBackup(new LocalDirectoryStorage(backup), new BackupLayout(""));
             PrintWriter out = new PrintWriter(text)) {
            SchemaRegistryReport.print(out, opened, SCHEMAS, opened.catalog().partitions(SCHEMAS, null));
        }
        return text.toString();
    }

    private static List<Long> offsets(TopicContents topic) {
        return topic.partitions().get(0).stream().map(TopicContents.StoredRecord::offset).toList();
    }

    /** What a registry reading the topic would hold. */
    private static SchemaRegistrySummary registryState(TopicContents topic) {
        SchemaRegistryState state = new SchemaRegistryState();
        topic.partitions().get(0).forEach(record -> state.apply(record.key(), record.value()));
        return state.summary();
    }
}
