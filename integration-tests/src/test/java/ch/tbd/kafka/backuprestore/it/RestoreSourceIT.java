package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original README's three restore requests, sent as they are written there, against a backup of every edge case
 * the backup connector made: null and empty keys and values, repeated and null headers, a 5 MiB value, arbitrary bytes,
 * explicit and broker-assigned timestamps, aborted transactions, and a compacted topic full of holes. Each restored
 * partition must equal its source, record for record and byte for byte.
 */
class RestoreSourceIT {

    private static final String BUCKET = "restore-source";
    /** The README's connector name; each test resets its offsets afterwards, so that the next one starts afresh. */
    private static final String CONNECTOR = "source-restore";
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> TARGETS = List.of("new-topic", "new-topic1", "new-topic2");

    private static S3Server s3;
    private static FaultInjectingProxy proxy;
    private static ConnectCluster connect;
    /** The three source topics as a read_committed consumer saw them when the backup was made. */
    private static TopicContents source;

    @BeforeAll
    static void backUpTheSourceTopics() throws Exception {
        s3 = S3Server.start();
        proxy = FaultInjectingProxy.forward();
        // Restoring the 5 MiB record needs producers that may send it, as producing it did: an operator's worker
        // setting, like the broker's message.max.bytes.
        connect = ConnectCluster.start("restore-source-it",
                Map.of("producer.max.request.size", Integer.toString(ConnectCluster.MAX_MESSAGE_BYTES)),
                CompactedTopic.BROKER_PROPS);
        s3.createBucket(BUCKET);

        EdgeCaseScenario scenario = new EdgeCaseScenario("test-topic", "test-topic1");
        CompactedTopic compacted = new CompactedTopic("test-topic2", 2, 300);
        try (Admin admin = connect.admin()) {
            scenario.createTopics(admin);
            compacted.create(admin);
        }
        ProducedRecords produced = scenario.produce(connect.bootstrapServers(), 3);
        compacted.produceAndCompact(connect.bootstrapServers());
        source = TopicContents.read(connect.bootstrapServers(), "test-topic", "test-topic1", "test-topic2");

        // What the consumer saw of the plain topics is what was produced; the compacted topic has holes.
        for (BackupRecord record : source.all()) {
            if (!record.topic().equals("test-topic2")) {
                BackupAssertions.assertSameRecord(produced.committed(
                        new TopicPartition(record.topic(), record.partition())).get(record.offset()), record);
            }
        }
        assertThat(source.count("test-topic") + source.count("test-topic1")).isEqualTo(produced.committedCount());
        assertThat(source.partitionsOf("test-topic2"))
                .allSatisfy(tp -> assertThat(CompactedTopic.hasGaps(source, tp)).as("holes in %s", tp).isTrue());

        Map<String, String> backup = BackupConnectorConfigs.s3(s3, BUCKET, "test-topic,test-topic1,test-topic2", 3);
        // The compacted topic's record counts are not multiples of flush.size.
        backup.put("rotate.schedule.interval.ms", "1000");
        Backups.backUp(connect, s3, "backup", backup, source.asProduced());
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
    void removeConnectorAndTargets() throws Exception {
        connect.deleteConnectorAndOffsets(CONNECTOR);
        try (Admin admin = connect.admin()) {
            deleteTopics(admin, TARGETS);
        }
    }

    @Test
    void shouldRestoreADeletedTopicUnderItsOwnNameWithTheReadmeRequest() throws Exception {
        try (Admin admin = connect.admin()) {
            deleteTopics(admin, List.of("test-topic"));
        }
        String readmeJson = """
                {
                   "connector.class": "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector",
                   "tasks.max":"1",
                   "s3.region":"eu-central-1",
                   "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                   "key.converter":"org.apache.kafka.connect.converters.ByteArrayConverter",
                   "s3.proxy.url": "%s",
                   "s3.bucket.name":"%s",
                   "topics":"test-topic",
                %s
                   }
                """.formatted(proxy.endpoint(), BUCKET, additions());

        List<OffsetMap.Mapping> moves = restoreWithReadmeRequest(readmeJson, Map.of("test-topic", "test-topic"));

        try (Admin admin = connect.admin()) {
            assertThat(admin.describeTopics(List.of("test-topic")).allTopicNames().get().get("test-topic")
                    .partitions()).as("partitions of the re-created test-topic").hasSize(EdgeCaseScenario.PARTITIONS);
        }
        assertThat(moves).hasSize(source.count("test-topic"));
        assertThat(proxy.handled().size()).as("requests through s3.proxy.url").isPositive();
        assertIdle();
    }

    @Test
    void shouldRestoreIntoANewTopicWithTheReadmeRequest() throws Exception {
        String readmeJson = """
                {
                   "connector.class": "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector",
                   "tasks.max":"1",
                   "s3.region":"eu-central-1",
                   "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                   "key.converter":"org.apache.kafka.connect.converters.ByteArrayConverter",
                   "s3.proxy.url": "%s",
                   "s3.bucket.name":"%s",
                   "topics":"test-topic:new-topic",
                %s
                }
                """.formatted(proxy.endpoint(), BUCKET, additions());

        restoreWithReadmeRequest(readmeJson, Map.of("test-topic", "new-topic"));
    }

    @Test
    void shouldRestoreThreeTopicsIntoNewTopicsWithTheReadmeRequest() throws Exception {
        String readmeJson = """
                {
                   "connector.class": "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector",
                   "tasks.max":"1",
                   "s3.region":"eu-central-1",
                   "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                   "key.converter":"org.apache.kafka.connect.converters.ByteArrayConverter",
                   "s3.proxy.url": "%s",
                   "s3.bucket.name":"%s",
                   "topics":"test-topic:new-topic,test-topic1:new-topic1,test-topic2:new-topic2",
                %s
                }
                """.formatted(proxy.endpoint(), BUCKET, additions());

        restoreWithReadmeRequest(readmeJson,
                Map.of("test-topic", "new-topic", "test-topic1", "new-topic1", "test-topic2", "new-topic2"));

        // The LogAppendTime source's records keep the broker's original times in the CreateTime target.
        assertThat(source.of("test-topic1", 0)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME));
        assertThat(source.partitionsOf("test-topic2"))
                .allSatisfy(tp -> assertThat(CompactedTopic.hasGaps(source, tp)).isTrue());
        assertIdle();
    }

    /** The keys the README's requests lack here: the header converter, this test's S3 server, the target cluster. */
    private static String additions() {
        return """
                   "header.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                   "s3.endpoint.url": "%s",
                   "s3.path.style.access.enabled": "true",
                   "s3.access.key.id": "%s",
                   "s3.secret.access.key": "%s",
                   "target.cluster.bootstrap.servers": "%s"\
                """.formatted(s3.endpoint(), s3.accessKey(), s3.secretKey(), connect.bootstrapServers());
    }

    /**
     * PUTs the request as the README's curl does, waits until the offsets endpoint shows every source partition
     * complete, then compares each target topic with its source and checks the offset map.
     *
     * @param targets target topic by source topic
     * @return every restored record's move
     */
    private static List<OffsetMap.Mapping> restoreWithReadmeRequest(String json, Map<String, String> targets)
            throws Exception {
        Map<TopicPartition, Long> mapStart;
        try (Admin admin = connect.admin()) {
            mapStart = OffsetMap.endOffsets(admin, RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC);
        }
        HttpResponse<String> created = connect.put("/connectors/" + CONNECTOR + "/config", json);
        assertThat(created.statusCode()).as("PUT /connectors/%s/config: %s", CONNECTOR, created.body())
                .isEqualTo(201);

        List<TopicPartition> sourcePartitions = new ArrayList<>();
        targets.keySet().forEach(topic -> sourcePartitions.addAll(source.partitionsOf(topic)));
        RestoreProgress progress =
                RestoreProgress.awaitComplete(connect, CONNECTOR, sourcePartitions, RESTORE_TIMEOUT);
        assertThat(progress.offsets().keySet()).as("source partitions in the connector's offsets")
                .containsExactlyInAnyOrderElementsOf(sourcePartitions);

        TopicContents target = TopicContents.read(connect.bootstrapServers(),
                targets.values().toArray(String[]::new));
        List<OffsetMap.Mapping> moves = new ArrayList<>();
        for (Map.Entry<String, String> pair : targets.entrySet()) {
            moves.addAll(RestoreAssertions.assertTopicRestored(source, pair.getKey(), target, pair.getValue(),
                    false));
        }
        for (TopicPartition tp : sourcePartitions) {
            List<BackupRecord> records = source.of(tp);
            progress.assertCompletedWhole(tp, records.get(records.size() - 1).offset(), records.size());
        }
        OffsetMap.awaitCoversExactly(connect.bootstrapServers(), RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC,
                mapStart, Set.copyOf(targets.values()), moves, Duration.ofSeconds(15));
        return moves;
    }

    /** A finished restore neither spins in poll() nor keeps reading storage. */
    private static void assertIdle() throws InterruptedException {
        s3.clearRequests();
        Map<String, Long> cpu = TaskThreads.cpuNanosDuring(CONNECTOR, Duration.ofSeconds(3));
        assertThat(cpu).as("task threads of %s", CONNECTOR).isNotEmpty();
        assertThat(cpu.values()).as("CPU ns of the finished task threads in 3 s: %s", cpu)
                .allSatisfy(ns -> assertThat(ns).isLessThan(Duration.ofMillis(300).toNanos()));
        assertThat(s3.requests()).as("S3 requests of a finished restore").isEmpty();
        assertThat(connect.connectorStatus(CONNECTOR).path("tasks"))
                .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
    }

    static void deleteTopics(Admin admin, List<String> topics) throws Exception {
        for (String topic : topics) {
            try {
                admin.deleteTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        TestUtils.waitForCondition(() -> {
            Set<String> names = admin.listTopics().names().get();
            return topics.stream().noneMatch(names::contains);
        }, 30_000, "topics " + topics + " still exist");
    }
}
