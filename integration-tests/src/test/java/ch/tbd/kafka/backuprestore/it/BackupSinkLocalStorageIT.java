package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same round trip as {@link BackupSinkIT}, into a local directory instead of a bucket. */
class BackupSinkLocalStorageIT {

    private static ConnectCluster connect;

    @TempDir
    Path directory;

    @BeforeAll
    static void startInfrastructure() {
        connect = ConnectCluster.start("backup-sink-local-it");
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void shouldBackUpEveryCommittedRecordExactlyIntoALocalDirectory() throws Exception {
        EdgeCaseScenario scenario = new EdgeCaseScenario("local-topic");
        try (Admin admin = connect.admin()) {
            scenario.createTopics(admin);
        }
        Map<String, String> config = BackupConnectorConfigs.local(directory, scenario.topics(), 3);
        config.put("storage.prefix", "nightly");
        connect.putConnectorConfig("local-backup", config);
        connect.awaitRunning("local-backup", 1);

        ProducedRecords produced = scenario.produce(connect.bootstrapServers(), 3);

        BackupLayout layout = new BackupLayout("nightly");
        BackupReadback readback = new BackupReadback(BackupReadback.directory(directory), layout);
        Await.backedUp(readback, produced, Duration.ofSeconds(60));
        // Stop writing before the final look, so that no temporary file is caught half-way.
        connect.deleteConnector("local-backup");
        BackupAssertions.assertExactBackup(readback.read(), produced, layout);
    }
}
