package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round trip of {@link RestoreSourceIT} through a local directory under a prefix instead of a bucket. */
class RestoreLocalStorageIT {

    @TempDir
    static Path directory;

    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        connect = ConnectCluster.start("restore-local-it",
                Map.of("producer.max.request.size", Integer.toString(ConnectCluster.MAX_MESSAGE_BYTES)));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void shouldRestoreEveryEdgeCaseFromALocalDirectory() throws Exception {
        EdgeCaseScenario scenario = new EdgeCaseScenario("local-topic");
        try (Admin admin = connect.admin()) {
            scenario.createTopics(admin);
        }
        scenario.produce(connect.bootstrapServers(), 3);
        TopicContents source =
                TopicContents.read(connect.bootstrapServers(), scenario.topic(), scenario.appendTimeTopic());

        Map<String, String> backup = BackupConnectorConfigs.local(directory, scenario.topics(), 3);
        backup.put("storage.prefix", "nightly");
        connect.putConnectorConfig("local-backup", backup);
        connect.awaitRunning("local-backup", 1);
        BackupReadback readback = new BackupReadback(BackupReadback.directory(directory), new BackupLayout("nightly"));
        Await.backedUp(readback, source.asProduced(), Duration.ofSeconds(60));
        connect.deleteConnector("local-backup");

        Map<String, String> restore = new HashMap<>();
        restore.put("connector.class", RestoreConnectorConfigs.CONNECTOR_CLASS);
        restore.put("tasks.max", "2");
        restore.put("topics", scenario.topic() + ":local-restored," + scenario.appendTimeTopic()
                + ":local-append-time-restored");
        restore.put("key.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        restore.put("value.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        restore.put("header.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        restore.put("storage.type", "local");
        restore.put("storage.local.directory", directory.toString());
        restore.put("storage.prefix", "nightly");
        restore.put("target.cluster.bootstrap.servers", connect.bootstrapServers());
        connect.putConnectorConfig("local-restore", restore);

        List<TopicPartition> partitions = new ArrayList<>(source.partitionsOf(scenario.topic()));
        partitions.addAll(source.partitionsOf(scenario.appendTimeTopic()));
        RestoreProgress progress =
                RestoreProgress.awaitComplete(connect, "local-restore", partitions, Duration.ofSeconds(60));

        TopicContents target =
                TopicContents.read(connect.bootstrapServers(), "local-restored", "local-append-time-restored");
        RestoreAssertions.assertTopicRestored(source, scenario.topic(), target, "local-restored", false);
        RestoreAssertions.assertTopicRestored(source, scenario.appendTimeTopic(), target,
                "local-append-time-restored", false);
        for (TopicPartition tp : partitions) {
            var records = source.of(tp);
            progress.assertCompletedWhole(tp, records.get(records.size() - 1).offset(), records.size());
        }
    }
}
