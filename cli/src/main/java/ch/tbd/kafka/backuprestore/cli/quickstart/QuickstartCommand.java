package ch.tbd.kafka.backuprestore.cli.quickstart;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.Await;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedConnect;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.cli.embedded.WorkDirectory;
import ch.tbd.kafka.backuprestore.cli.watch.RestoreCompletion;
import ch.tbd.kafka.backuprestore.cli.watch.StoredBackup;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Backs up sample data and restores it, all in this JVM: a KRaft broker, a Connect worker running the two connectors,
 * and a local directory as the backup store. Then it compares the restored topic with the original, record by record.
 * Nothing outside the JVM is needed, so it shows on a fresh machine that the connectors work and what a backup looks
 * like.
 */
@Command(name = "quickstart",
        description = "Backs up sample records on an embedded Kafka broker and Connect worker to a local directory,"
                + " restores them into a new topic and checks that every record came back byte for byte.")
public final class QuickstartCommand implements Callable<Integer> {

    static final String TOPIC = "quickstart";
    static final String RESTORED_TOPIC = "quickstart-restored";
    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(120);

    @Spec
    private CommandSpec spec;

    @Option(names = "--records", defaultValue = "10000", description = "Sample records to produce (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the sample topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--dir", description = "An empty or new directory for the backup (default: a new temporary"
            + " directory, kept after the command ends).")
    private Path backupDirectory;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || partitions < 1) {
            throw new IllegalArgumentException("--records and --partitions must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path backup = backupDirectory();
        try (WorkDirectory work = WorkDirectory.create("kafka-backup-quickstart-work-")) {
            return run(out, backup, work.path(), started);
        }
    }

    private int run(PrintWriter out, Path backup, Path work, long started) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            out.printf("Started a Kafka broker at %s (%s)%n", kafka.bootstrapServers(), seconds(started));
            out.flush();
            try (EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), work)) {
                out.printf("Started a Connect worker at %s (%s)%n", connect.restUrl(), seconds(started));
                out.flush();

                kafka.createTopic(TOPIC, partitions);
                long producedBytes = SampleData.produce(kafka.bootstrapServers(), TOPIC, partitions, records,
                        System.currentTimeMillis() - records);
                TopicContents source = TopicContents.read(kafka.bootstrapServers(), TOPIC);
                out.printf("Produced %,d records (%,d bytes) to topic %s with %d partitions (%s)%n",
                        source.recordCount(), producedBytes, TOPIC, partitions, seconds(started));
                out.flush();

                Map<String, String> backupConfig = QuickstartConfigs.backup(TOPIC, backup);
                connect.putConnectorConfig("quickstart-backup", backupConfig);
                try (LocalDirectoryStorage storage = new LocalDirectoryStorage(backup)) {
                    StoredBackup stored = new StoredBackup(storage, new BackupLayout(""));
                    Map<TopicPartitionId, Long> lastOffsets = new HashMap<>();
                    source.lastOffsets().forEach((partition, offset) ->
                            lastOffsets.put(new TopicPartitionId(TOPIC, partition), offset));
                    Await.until(() -> {
                        connect.checkNotFailed("quickstart-backup");
                        return stored.reaches(lastOffsets);
                    }, BACKUP_TIMEOUT, () -> "The backup of topic " + TOPIC + " did not reach offsets "
                            + source.lastOffsets() + " in " + backup);
                    StoredBackup.Totals totals = stored.totals(List.of(TOPIC));
                    out.printf("Backed up to %s: %,d objects, %,d bytes (%s)%n", backup, totals.objects(),
                            totals.bytes(), seconds(started));
                    out.flush();
                    connect.deleteConnector("quickstart-backup");

                    Map<String, String> restoreConfig = QuickstartConfigs.restore(TOPIC, RESTORED_TOPIC, backup, kafka.bootstrapServers());
                    connect.putConnectorConfig("quickstart-restore", restoreConfig);
                    RestoreCompletion completion = new RestoreCompletion(connect, "quickstart-restore",
                            lastOffsets.keySet());
                    Await.until(completion::isComplete, RESTORE_TIMEOUT, () -> "The restore of topic " + TOPIC
                            + " into " + RESTORED_TOPIC + " did not complete: " + completion.lastSeen());
                    connect.deleteConnector("quickstart-restore");
                    out.printf("Restored into topic %s (%s)%n", RESTORED_TOPIC, seconds(started));
                    out.flush();

                    TopicContents restored = TopicContents.read(kafka.bootstrapServers(), RESTORED_TOPIC);
                    Optional<String> difference = source.difference(restored);
                    if (difference.isPresent()) {
                        spec.commandLine().getErr().println("kafka-backup: quickstart: the restored topic "
                                + RESTORED_TOPIC + " differs from " + TOPIC + ": " + difference.get()
                                + "; the backup is in " + backup);
                        return ExitCodes.PROBLEMS_FOUND;
                    }
                    out.printf("OK: %,d records (%,d bytes) backed up to %,d objects (%,d bytes) in %s and restored"
                                    + " byte for byte (partition, order, key, value, headers, timestamp) in %s%n",
                            source.recordCount(), producedBytes, totals.objects(), totals.bytes(), backup,
                            seconds(started));
                    out.flush();
                    return ExitCodes.OK;
                }
            }
        }
    }

    private Path backupDirectory() throws IOException {
        if (backupDirectory == null) {
            return Files.createTempDirectory("kafka-backup-quickstart-");
        }
        if (Files.exists(backupDirectory)) {
            try (Stream<Path> entries = Files.list(backupDirectory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + backupDirectory + " is not empty: give an empty"
                            + " or new directory, so that the quickstart's backup does not mix with another");
                }
            }
        }
        return Files.createDirectories(backupDirectory).toAbsolutePath();
    }

    private static String seconds(long started) {
        return String.format("%.1f s", (System.nanoTime() - started) / 1e9);
    }
}
