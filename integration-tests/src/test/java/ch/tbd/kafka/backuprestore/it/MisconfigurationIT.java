package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input as a new user gives it, to the connectors on a real worker: each misconfiguration is refused by the
 * worker's validation (HTTP 400) or fails the connector or a task, with a message that names the key or the object and
 * says what to do, and never leaves a connector RUNNING that does nothing. Damaged and foreign objects in the backup
 * fail the restore naming the object, and nothing of them is written.
 */
class MisconfigurationIT {

    private static final String BUCKET = "misconfiguration";
    private static final String TOPIC = "misconfigured";
    private static final String DAMAGED_TOPIC = "damaged-kinds";
    private static final String OFFSETS_CONNECTOR =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets.ConsumerOffsetsBackupSinkConnector";

    @TempDir
    static Path directory;

    private static S3Server s3;
    private static ConnectCluster connect;
    private final List<String> connectors = new ArrayList<>();

    /** How a case must end. */
    enum Outcome {
        /** The worker refuses the configuration (HTTP 400). */
        REFUSED,
        /** The connector fails at start. */
        CONNECTOR_FAILS,
        /** A task fails. */
        TASK_FAILS
    }

    /**
     * One misconfiguration.
     *
     * @param expected texts the refusal or the failure's trace must contain: the key, object or fix
     */
    record Case(String name, boolean restore, Consumer<Map<String, String>> change, Outcome outcome,
            List<String> expected) {

        @Override
        public String toString() {
            return (restore ? "restore: " : "backup: ") + name;
        }
    }

    @BeforeAll
    static void startInfrastructure() throws Exception {
        s3 = S3Server.start();
        connect = ConnectCluster.start("misconfiguration-it");
        s3.createBucket(BUCKET);
        s3.createBucket("empty-bucket");
        connect.createTopic(TOPIC, 2, Map.of());
        connect.createTopic("narrow-target", 1, Map.of());
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < 20; i++) {
                producer.sendAsync(new ProducerRecord<>(TOPIC, i % 2, EdgeCaseProducer.bytes("k" + i),
                        EdgeCaseProducer.bytes("v" + i)));
            }
            producer.flush();
            Backups.backUp(connect, s3, "misconfiguration-backup", BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 10),
                    producer.produced());
        }
        Files.writeString(directory.resolve("a-file"), "not a directory");
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

    @AfterEach
    void deleteConnectors() throws InterruptedException {
        for (String connector : connectors) {
            connect.deleteConnector(connector);
        }
    }

    static Stream<Case> misconfigurations() {
        return Stream.of(
                backup("no bucket", c -> c.remove("s3.bucket.name"), Outcome.REFUSED, "s3.bucket.name is required"),
                backup("a bucket that does not exist", c -> c.put("s3.bucket.name", "no-such-bucket"),
                        Outcome.CONNECTOR_FAILS, "no-such-bucket", "does not exist", "s3.bucket.name"),
                // A HEAD request's answer has no body, hence no error code that could tell which credential is bad.
                backup("a wrong secret", c -> c.put("s3.secret.access.key", "wrong"), Outcome.CONNECTOR_FAILS,
                        "s3://" + BUCKET, "access denied", "check the credentials"),
                backup("an unknown access key", c -> c.put("s3.access.key.id", "unknown"), Outcome.CONNECTOR_FAILS,
                        "s3://" + BUCKET, "access denied", "check the credentials"),
                backup("only the access key", c -> c.remove("s3.secret.access.key"), Outcome.REFUSED,
                        "s3.access.key.id and s3.secret.access.key go together"),
                backup("a region that does not exist and no endpoint", c -> {
                    c.remove("s3.endpoint.url");
                    c.put("s3.region", "xx-nowhere-7");
                }, Outcome.CONNECTOR_FAILS, "cannot be resolved", "s3.endpoint.url", "s3.region"),
                backup("an endpoint that is no URL of http", c -> c.put("s3.endpoint.url", "ftp://store:21"),
                        Outcome.REFUSED, "s3.endpoint.url must be an http:// or https:// URL"),
                backup("an endpoint where nothing listens", c -> {
                    c.put("s3.endpoint.url", "http://127.0.0.1:1");
                    c.put("retry.timeout.ms", "2000");
                }, Outcome.CONNECTOR_FAILS, "127.0.0.1:1", "gave up after", "retry.timeout.ms"),
                backup("a proxy URL without a scheme", c -> c.put("s3.proxy.url", "proxy:3128"), Outcome.REFUSED,
                        "s3.proxy.url must be an http:// or https:// URL"),
                backup("the JSON converter", c -> c.put("value.converter",
                        "org.apache.kafka.connect.json.JsonConverter"), Outcome.REFUSED,
                        "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter"),
                backup("Connect's default header converter", c -> c.put("header.converter",
                        "org.apache.kafka.connect.storage.SimpleHeaderConverter"), Outcome.REFUSED,
                        "header.converter=org.apache.kafka.connect.converters.ByteArrayConverter"),
                backup("a transform", c -> {
                    c.put("transforms", "route");
                    c.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
                    c.put("transforms.route.regex", "(.*)");
                    c.put("transforms.route.replacement", "$1-copy");
                }, Outcome.REFUSED, "backup.transforms.enabled=true"),
                backup("a negative flush.size", c -> c.put("flush.size", "-3"), Outcome.REFUSED, "flush.size"),
                backup("a flush.size that is no number", c -> c.put("flush.size", "many"), Outcome.REFUSED,
                        "flush.size"),
                backup("a buffer smaller than a MiB", c -> c.put("buffer.max.bytes", "1000"), Outcome.REFUSED,
                        "buffer.max.bytes"),
                backup("a tiny object size", c -> c.put("rotate.size.bytes", "10"), Outcome.REFUSED,
                        "rotate.size.bytes"),
                backup("a codec that does not exist", c -> c.put("avro.codec", "lz5"), Outcome.REFUSED, "avro.codec"),
                backup("too many uploads at once", c -> c.put("upload.concurrency", "500"), Outcome.REFUSED,
                        "upload.concurrency"),
                backup("a largest backoff below the first", c -> {
                    c.put("retry.backoff.ms", "5000");
                    c.put("retry.backoff.max.ms", "100");
                }, Outcome.REFUSED, "retry.backoff.max.ms"),
                backup("SSE-C without a key", c -> c.put("s3.sse.type", "sse_c"), Outcome.REFUSED,
                        "s3.sse.customer.key is required"),
                backup("an SSE-C key of 9 bytes", c -> {
                    c.put("s3.sse.type", "sse_c");
                    c.put("s3.sse.customer.key", "c2hvcnQta2V5");
                }, Outcome.REFUSED, "s3.sse.customer.key", "256-bit", "openssl rand -base64 32"),
                backup("an unknown encryption", c -> c.put("s3.sse.type", "rot13"), Outcome.REFUSED, "s3.sse.type"),
                backup("topics and topics.regex together", c -> c.put("topics.regex", "misconf.*"), Outcome.REFUSED,
                        "topics"),
                backup("a local directory that does not exist", c -> local(c, directory.resolve("missing")),
                        Outcome.CONNECTOR_FAILS, "does not exist", "create it"),
                backup("a local directory that is a file", c -> local(c, directory.resolve("a-file")),
                        Outcome.CONNECTOR_FAILS, "not a directory"),
                backup("a local directory no one may write", c -> local(c, Path.of("/proc")),
                        Outcome.CONNECTOR_FAILS, "/proc", "writing a test file"),
                backup("local storage without a directory", c -> c.put("storage.type", "local"), Outcome.REFUSED,
                        "storage.local.directory is required"),
                backup("a source cluster that does not answer", c -> {
                    c.put("source.cluster.bootstrap.servers", "127.0.0.1:1");
                    c.put("source.cluster.default.api.timeout.ms", "2000");
                    c.put("source.cluster.request.timeout.ms", "1000");
                    c.put("retry.timeout.ms", "1000");
                }, Outcome.TASK_FAILS, "source.cluster.bootstrap.servers", "127.0.0.1:1"),
                backup("the offsets connector on another topic", c -> c.put("connector.class", OFFSETS_CONNECTOR),
                        Outcome.REFUSED, "backs up __consumer_offsets alone", "topics=__consumer_offsets"),
                backup("a group exclusion that does not compile", c -> {
                    c.put("connector.class", OFFSETS_CONNECTOR);
                    c.put("topics", "__consumer_offsets");
                    c.put("consumer.group.exclude", "billing,(unclosed");
                }, Outcome.REFUSED, "consumer.group.exclude", "'(unclosed' is not a valid regular expression"),
                backup("offset snapshots without a source cluster", c -> c.put(
                        "consumer.offsets.snapshot.interval.ms", "60000"), Outcome.REFUSED,
                        "consumer.offsets.snapshot.interval.ms needs source.cluster.bootstrap.servers"),
                backup("negative retention days", c -> c.put("s3.retention.policy.days", "-7"), Outcome.REFUSED,
                        "s3.retention.policy.days", "-7 days is negative"),
                backup("retention days not a number", c -> c.put("s3.retention.policy.days", "a week"),
                        Outcome.REFUSED, "s3.retention.policy.days", "neither 'derive' nor a whole number of days"),
                backup("negative retention margin", c -> c.put("s3.retention.policy.margin.days", "-1"),
                        Outcome.REFUSED, "s3.retention.policy.margin.days"),
                backup("a compacted backup without an initial status", c -> compact(c, null), Outcome.REFUSED,
                        "compacted.log.backup.initial.status"),
                backup("a compacted backup with an unknown initial status", c -> compact(c, "ACTIVE"),
                        Outcome.REFUSED, "compacted.log.backup.initial.status", "neither ACTIVATE nor PASSIVATE"),
                backup("a compacted backup that cannot reach its cluster", c -> {
                    compact(c, "ACTIVATE");
                    c.remove("source.cluster.bootstrap.servers");
                }, Outcome.REFUSED, "compacted.log.backup.path.configuration", "source.cluster.bootstrap.servers"),
                backup("a compacted backup whose client file is missing", c -> {
                    compact(c, "ACTIVATE");
                    c.remove("source.cluster.bootstrap.servers");
                    c.put("compacted.log.backup.path.configuration", "/no/such/worker.properties");
                }, Outcome.REFUSED, "/no/such/worker.properties", "cannot be read"),
                backup("a compacted backup with a negative length", c -> {
                    compact(c, "ACTIVATE");
                    c.put("compacted.log.backup.length.hours", "-1");
                }, Outcome.REFUSED, "compacted.log.backup.length.hours"),
                restore("__consumer_offsets as records", c -> c.put("topics", "__consumer_offsets:copy"),
                        Outcome.REFUSED, "__consumer_offsets is never restored as records", "restore.consumer.groups"),
                restore("groups without a target cluster", c -> {
                    c.remove("target.cluster.bootstrap.servers");
                    c.put("restore.consumer.groups", ".*");
                }, Outcome.REFUSED, "restore.consumer.groups needs target.cluster.bootstrap.servers"),
                restore("a group pattern that does not compile", c -> c.put("restore.consumer.groups", "g-["),
                        Outcome.REFUSED, "restore.consumer.groups", "'g-[' is not a valid regular expression"),
                restore("groups as of no time", c -> {
                    c.put("restore.consumer.groups", "billing");
                    c.put("restore.consumer.groups.as.of", "yesterday");
                }, Outcome.REFUSED, "restore.consumer.groups.as.of", "ISO-8601"),
                restore("no topics", c -> c.remove("topics"), Outcome.REFUSED, "topics"),
                restore("a mapping of three names", c -> c.put("topics", TOPIC + ":a:b"), Outcome.REFUSED,
                        "topics", "SOURCE:TARGET"),
                restore("a topic that is not in the backup", c -> c.put("topics", "nowhere:x"),
                        Outcome.CONNECTOR_FAILS, "'nowhere' is not in the backup", TOPIC),
                restore("a bucket without a backup", c -> c.put("s3.bucket.name", "empty-bucket"),
                        Outcome.CONNECTOR_FAILS, "There is no backup at s3://empty-bucket", "storage.prefix"),
                restore("a time window that ends before it starts", c -> {
                    c.put("restore.time.from", "2026-11-25T12:00:00Z");
                    c.put("restore.time.to", "2026-11-25T06:00:00Z");
                }, Outcome.REFUSED, "restore.time.to", "restore.time.from"),
                restore("an offset window that ends before it starts", c -> {
                    c.put("restore.offset.from", "50");
                    c.put("restore.offset.to", "10");
                }, Outcome.REFUSED, "restore.offset.to", "before it starts"),
                restore("a time that is no time", c -> c.put("restore.time.from", "yesterday"), Outcome.REFUSED,
                        "ISO-8601"),
                restore("an offset map without a target cluster", c -> {
                    c.remove("target.cluster.bootstrap.servers");
                    c.put("restore.offset.map.topic", "my-map");
                }, Outcome.REFUSED, "target.cluster.bootstrap.servers"),
                restore("ACLs without a target cluster", c -> {
                    c.remove("target.cluster.bootstrap.servers");
                    c.put("restore.acls.enabled", "true");
                }, Outcome.REFUSED, "restore.acls.enabled needs target.cluster.bootstrap.servers"),
                restore("a config override that is no CONFIG=VALUE", c -> c.put("restore.topic.config.overrides",
                        "compact"), Outcome.REFUSED, "restore.topic.config.overrides", "CONFIG=VALUE"),
                restore("a config check that is neither warn nor strict", c -> c.put("restore.topic.config.check",
                        "lenient"), Outcome.REFUSED, "restore.topic.config.check", "warn, strict"),
                backup("a definitions interval below a second", c -> c.put("topic.definitions.interval.ms", "5"),
                        Outcome.REFUSED, "topic.definitions.interval.ms", "neither -1 nor at least 1000"),
                restore("a missing target with creation off", c -> {
                    c.put("topics", TOPIC + ":absent-target");
                    c.put("restore.topic.create.enabled", "false");
                }, Outcome.CONNECTOR_FAILS, "absent-target", "restore.topic.create.enabled"),
                restore("a target with fewer partitions", c -> c.put("topics", TOPIC + ":narrow-target"),
                        Outcome.CONNECTOR_FAILS, "narrow-target", "restore.repartition.enabled"),
                restore("a target cluster that does not answer", c -> {
                    c.put("target.cluster.bootstrap.servers", "127.0.0.1:1");
                    c.put("target.cluster.default.api.timeout.ms", "2000");
                    c.put("target.cluster.request.timeout.ms", "1000");
                }, Outcome.CONNECTOR_FAILS, "target.cluster.bootstrap.servers"),
                restore("an incarnation the backup does not hold", c -> c.put("restore.incarnations", TOPIC + ":7"),
                        Outcome.CONNECTOR_FAILS, "no incarnation '7'", "restore.incarnations"),
                restore("an incarnation list without a topic", c -> c.put("restore.incarnations", "7"),
                        Outcome.REFUSED, "TOPIC:INCARNATION"),
                restore("the String converter", c -> c.put("key.converter",
                        "org.apache.kafka.connect.storage.StringConverter"), Outcome.REFUSED,
                        "key.converter=org.apache.kafka.connect.converters.ByteArrayConverter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misconfigurations")
    void shouldRefuseOrFailNamingTheKeyAndTheFix(Case misconfiguration) throws Exception {
        String connector = "bad-" + Math.abs(misconfiguration.name().hashCode());
        Map<String, String> config = misconfiguration.restore()
                ? RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":restored-" + connector, connect.bootstrapServers())
                : BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 10);
        if (!misconfiguration.restore()) {
            config.put("storage.prefix", connector);
        }
        misconfiguration.change().accept(config);

        HttpResponse<String> response = connect.put("connectors/" + connector + "/config",
                ConnectCluster.toJson(config));
        String said;
        if (misconfiguration.outcome() == Outcome.REFUSED) {
            assertThat(response.statusCode()).as("refused: %s", response.body()).isEqualTo(400);
            said = response.body();
        } else {
            assertThat(response.statusCode() / 100).as("accepted: %s", response.body()).isEqualTo(2);
            connectors.add(connector);
            JsonNode status = misconfiguration.outcome() == Outcome.CONNECTOR_FAILS
                    ? connect.awaitConnectorState(connector, "FAILED").path("connector")
                    : connect.awaitTaskState(connector, "FAILED");
            said = status.path("trace").asText();
        }
        for (String expected : misconfiguration.expected()) {
            assertThat(said).as("what the worker says of %s", misconfiguration).containsIgnoringCase(expected);
        }
        assertThat(said).as("no secret in what the worker says").doesNotContain(s3.secretKey());
    }

    static Stream<String> damagedObjects() {
        return Stream.of("truncated", "foreign", "bit-flipped", "other-schema");
    }

    /** A backup object damaged one way or another: the restore fails naming it, and writes none of its records. */
    @ParameterizedTest(name = "{0} object")
    @MethodSource("damagedObjects")
    void shouldFailTheRestoreNamingADamagedObjectAndWriteNothingOfIt(String kind) throws Exception {
        String topic = DAMAGED_TOPIC + "-" + kind;
        String bucket = "damaged-" + kind;
        s3.createBucket(bucket);
        connect.createTopic(topic, 1, Map.of());
        ProducedRecords produced;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < 30; i++) {
                producer.sendAsync(new ProducerRecord<>(topic, 0, EdgeCaseProducer.bytes("k" + i),
                        EdgeCaseProducer.bytes("v" + i)));
            }
            producer.flush();
            produced = producer.produced();
        }
        Backups.backUp(connect, s3, "backup-" + kind, BackupConnectorConfigs.s3(s3, bucket, topic, 10), produced);
        String key = new BackupLayout("").objectKey(topic, 0, 0);
        byte[] original = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        byte[] damaged = switch (kind) {
            case "truncated" -> java.util.Arrays.copyOf(original, original.length - 40);
            case "foreign" -> "{\"not\": \"a backup object\"}".getBytes();
            case "bit-flipped" -> flip(original, original.length - 30);
            default -> otherSchemaAvroFile();
        };
        s3.client().putObject(b -> b.bucket(bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(damaged));

        String connector = "restore-" + kind;
        connectors.add(connector);
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(RestoreConnectorConfigs.s3(s3,
                bucket, topic + ":" + topic + "-restored", connect.bootstrapServers()));
        config.put("restore.batch.max.records", "3");
        connect.putConnectorConfig(connector, config);
        JsonNode failed = connect.awaitTaskState(connector, "FAILED");

        assertThat(failed.path("trace").asText()).contains(key).contains("restore.skip.damaged.enabled");
        TopicContents target = TopicContents.read(connect.bootstrapServers(), topic + "-restored");
        assertThat(target.all()).as("records restored from the damaged object %s", key)
                .noneMatch(r -> RestoreAssertions.originalOffset(r) < 10);
    }

    private static byte[] flip(byte[] bytes, int position) {
        byte[] copy = bytes.clone();
        copy[position] ^= 0x10;
        return copy;
    }

    /** A valid Avro container file of another schema: what another tool might leave under the same name. */
    private static byte[] otherSchemaAvroFile() throws Exception {
        org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("Other").fields()
                .requiredString("name").endRecord();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord> writer =
                new org.apache.avro.file.DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
            writer.create(schema, out);
            org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(schema);
            record.put("name", "not a Kafka record");
            writer.append(record);
        }
        return out.toByteArray();
    }

    private static Case backup(String name, Consumer<Map<String, String>> change, Outcome outcome,
            String... expected) {
        return new Case(name, false, change, outcome, List.of(expected));
    }

    private static Case restore(String name, Consumer<Map<String, String>> change, Outcome outcome,
            String... expected) {
        return new Case(name, true, change, outcome, List.of(expected));
    }

    /** Makes {@code config} a compacted backup's, with {@code status} as its initial status (none for null). */
    private static void compact(Map<String, String> config, String status) {
        config.put("connector.class", "ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact.CompactBackupSinkConnector");
        config.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
        if (status != null) {
            config.put("compacted.log.backup.initial.status", status);
        }
    }

    private static void local(Map<String, String> config, Path directory) {
        config.put("storage.type", "local");
        config.put("storage.local.directory", directory.toString());
        new HashMap<>(config).keySet().stream().filter(k -> k.startsWith("s3.")).forEach(config::remove);
    }
}
