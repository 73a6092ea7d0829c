package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a restore spreads backed-up partitions over tasks, and what it does with partitions and topics it lacks. */
class RestoreTaskAssignmentIT {

    private static final String BUCKET = "assignment-backup";
    private static final int RECORDS_PER_PARTITION = 40;
    private static final int FLUSH_SIZE = 10;
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /** The key of a task's configuration that lists its partitions, {@code TOPIC:PARTITION,...}. */
    private static final String TASK_PARTITIONS = "restore.task.partitions";

    private static S3Server s3;
    private static ConnectCluster connect;
    private static TopicContents source;

    private final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void backUpTopicsOfOneTenAndThreePartitions() throws Exception {
        s3 = S3Server.start();
        connect = ConnectCluster.start("restore-task-assignment-it");
        s3.createBucket(BUCKET);
        connect.createTopic("single", 1, Map.of());
        connect.createTopic("wide", 10, Map.of());
        connect.createTopic("sparse", 3, Map.of());
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                send(producer, "single", 0, i);
                for (int partition = 0; partition < 10; partition++) {
                    send(producer, "wide", partition, i);
                }
                // Partition 1 of "sparse" stays empty.
                send(producer, "sparse", 0, i);
                send(producer, "sparse", 2, i);
            }
            producer.flush();
        }
        source = TopicContents.read(connect.bootstrapServers(), "single", "wide", "sparse");
        assertThat(source.of("sparse", 1)).isEmpty();
        Backups.backUp(connect, s3, "backup",
                BackupConnectorConfigs.s3(s3, BUCKET, "single,wide,sparse", FLUSH_SIZE), source.asProduced());
    }

    private static void send(EdgeCaseProducer producer, String topic, int partition, int i) {
        producer.sendAsync(new ProducerRecord<>(topic, partition, EdgeCaseProducer.bytes("key-" + i),
                EdgeCaseProducer.bytes(topic + "-" + partition + " record " + i)));
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
            connect.deleteConnectorAndOffsets(connector);
        }
    }

    @Test
    void shouldSpreadElevenPartitionsEvenlyOverSixTasks() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.s3(s3, BUCKET, "single:single-six,wide:wide-six",
                connect.bootstrapServers());
        config.put("tasks.max", "6");
        start("six-tasks", config);

        connect.awaitRunning("six-tasks", 6);
        List<TopicPartition> sourcePartitions = new ArrayList<>(source.partitionsOf("single"));
        sourcePartitions.addAll(source.partitionsOf("wide"));
        RestoreProgress progress =
                RestoreProgress.awaitComplete(connect, "six-tasks", sourcePartitions, RESTORE_TIMEOUT);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "single-six", "wide-six");
        RestoreAssertions.assertTopicRestored(source, "single", target, "single-six", false);
        RestoreAssertions.assertTopicRestored(source, "wide", target, "wide-six", false);
        sourcePartitions.forEach(tp -> progress.assertCompletedWhole(tp, RECORDS_PER_PARTITION - 1,
                RECORDS_PER_PARTITION));

        List<List<String>> assignment = taskPartitions("six-tasks");
        assertThat(assignment).as("partitions per task").hasSize(6);
        assertThat(assignment.stream().flatMap(List::stream).toList()).as("partitions assigned, over all tasks")
                .containsExactlyInAnyOrder("single:0", "wide:0", "wide:1", "wide:2", "wide:3", "wide:4", "wide:5",
                        "wide:6", "wide:7", "wide:8", "wide:9");
        assertThat(assignment).as("tasks hold 1 or 2 partitions each: %s", assignment)
                .allSatisfy(partitions -> assertThat(partitions).hasSizeBetween(1, 2));
    }

    @Test
    void shouldRunOneTaskForOnePartitionWhateverTasksMax() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.s3(s3, BUCKET, "single:single-alone",
                connect.bootstrapServers());
        config.put("tasks.max", "4");
        start("more-tasks-than-partitions", config);

        connect.awaitRunning("more-tasks-than-partitions", 1);
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "more-tasks-than-partitions",
                source.partitionsOf("single"), RESTORE_TIMEOUT);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "single-alone");
        RestoreAssertions.assertTopicRestored(source, "single", target, "single-alone", false);
        progress.assertCompletedWhole(new TopicPartition("single", 0), RECORDS_PER_PARTITION - 1,
                RECORDS_PER_PARTITION);
        assertThat(connect.connectorStatus("more-tasks-than-partitions").path("tasks")).hasSize(1);
    }

    @Test
    void shouldRestoreATopicWithAnEmptyPartition() throws Exception {
        Map<String, String> config =
                RestoreConnectorConfigs.s3(s3, BUCKET, "sparse:sparse-restored", connect.bootstrapServers());
        // The original README's key for backups of compacted topics: accepted, and ignored for a normal backup.
        config.put("instance.name.restore", "ACTIVATE");
        start("sparse", config);

        List<TopicPartition> backedUp = List.of(new TopicPartition("sparse", 0), new TopicPartition("sparse", 2));
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "sparse", backedUp, RESTORE_TIMEOUT);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "sparse-restored");
        // Created with as many partitions as the backup shows: partition 2 has objects, so there are three.
        RestoreAssertions.assertTopicRestored(source, "sparse", target, "sparse-restored", false);
        assertThat(target.of("sparse-restored", 1)).isEmpty();
        backedUp.forEach(tp -> progress.assertCompletedWhole(tp, RECORDS_PER_PARTITION - 1, RECORDS_PER_PARTITION));
        assertThat(progress.offsets().keySet()).as("partitions in the offsets").containsExactlyElementsOf(backedUp);
    }

    @Test
    void shouldFailNamingATopicThatIsNotInTheBackup() throws Exception {
        start("missing-topic", RestoreConnectorConfigs.s3(s3, BUCKET,
                "single:single-not-created,not-backed-up:anything", connect.bootstrapServers()));

        JsonNode status = connect.awaitConnectorState("missing-topic", "FAILED");
        String trace = status.path("connector").path("trace").asText();
        assertThat(trace).as("trace in %s", status).contains("not-backed-up").contains("s3://" + BUCKET);
        assertThat(status.path("tasks")).as("tasks of a connector that failed to start").isEmpty();
        try (Admin admin = connect.admin()) {
            assertThat(admin.listTopics().names().get()).as("topics after a restore that could not start")
                    .doesNotContain("single-not-created", "anything");
        }
    }

    @Test
    void shouldRestoreIntoAnExistingTopicWithoutTargetClusterSettings() throws Exception {
        connect.createTopic("wide-existing", 10, Map.of());
        try (Admin admin = connect.admin()) {
            // A cluster no restore has written to yet: earlier tests here created the default offset-map topic.
            RestoreSourceIT.deleteTopics(admin, List.of(RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC));
        }
        start("no-admin", withoutTargetCluster("wide:wide-existing"));

        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "no-admin", source.partitionsOf("wide"),
                Duration.ofSeconds(30));

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "wide-existing");
        RestoreAssertions.assertTopicRestored(source, "wide", target, "wide-existing", false);
        source.partitionsOf("wide").forEach(tp -> progress.assertCompletedWhole(tp, RECORDS_PER_PARTITION - 1,
                RECORDS_PER_PARTITION));
    }

    @Test
    void shouldRefuseAnOffsetMapItCannotCheckRatherThanHangOnIt() throws Exception {
        connect.createTopic("wide-existing-named-map", 10, Map.of());
        Map<String, String> config = withoutTargetCluster("wide:wide-existing-named-map");
        config.put("restore.offset.map.topic", "offset-map-nobody-created");

        // Connect's producer would wait without end for a missing map topic: the configuration is refused instead.
        var response = connect.put("connectors/no-admin-named-map/config", ConnectCluster.toJson(config));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("restore.offset.map.topic needs target.cluster.bootstrap.servers");
    }

    /** A restore into existing topics, without {@code target.cluster.*}: nothing to check or create topics with. */
    private static Map<String, String> withoutTargetCluster(String topics) {
        Map<String, String> config = RestoreConnectorConfigs.s3(s3, BUCKET, topics, "");
        config.remove("target.cluster.bootstrap.servers");
        config.put("tasks.max", "3");
        // Several polls per task, so that offset-map records are sent between restored ones.
        config.put("restore.batch.max.records", "10");
        return config;
    }

    private void start(String connector, Map<String, String> config) {
        connectors.add(connector);
        connect.putConnectorConfig(connector, config);
    }

    /** Each task's partitions as its configuration lists them. */
    private static List<List<String>> taskPartitions(String connector) {
        List<List<String>> tasks = new ArrayList<>();
        for (JsonNode task : connect.connectorTasks(connector)) {
            JsonNode partitions = task.path("config").path(TASK_PARTITIONS);
            assertThat(partitions.isTextual()).as("%s in the configuration of task %s", TASK_PARTITIONS, task)
                    .isTrue();
            tasks.add(List.of(partitions.asText().split(",")));
        }
        return tasks;
    }
}
