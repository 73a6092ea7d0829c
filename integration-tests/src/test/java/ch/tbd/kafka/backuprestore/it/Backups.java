package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.time.Duration;
import java.util.Map;

/** Makes the backup a restore test starts from, with the backup connector itself. */
public final class Backups {

    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(60);

    private Backups() {}

    /**
     * Runs the backup connector with {@code config} until the bucket holds every record of {@code expected} exactly,
     * then deletes the connector, so that nothing is written to the bucket while restores read it (and a restore into a
     * backed-up topic is not backed up again).
     *
     * @return the backup as read back
     */
    public static BackupSnapshot backUp(ConnectCluster connect, S3Server s3, String connector,
            Map<String, String> config, ProducedRecords expected) throws InterruptedException {
        connect.putConnectorConfig(connector, config);
        connect.awaitRunning(connector, Integer.parseInt(config.getOrDefault("tasks.max", "1")));
        BackupLayout layout = new BackupLayout(config.getOrDefault("storage.prefix", ""));
        BackupReadback readback =
                new BackupReadback(BackupReadback.s3(s3.client(), config.get("s3.bucket.name")), layout);
        Await.backedUp(readback, expected, BACKUP_TIMEOUT);
        connect.deleteConnector(connector);
        BackupSnapshot snapshot = readback.read();
        BackupAssertions.assertExactBackup(snapshot, expected, layout);
        return snapshot;
    }
}
