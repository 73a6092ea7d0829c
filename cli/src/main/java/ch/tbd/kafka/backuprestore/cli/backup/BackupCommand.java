package ch.tbd.kafka.backuprestore.cli.backup;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedConnect;
import ch.tbd.kafka.backuprestore.cli.embedded.ShutdownRequest;
import ch.tbd.kafka.backuprestore.cli.embedded.WorkDirectory;
import ch.tbd.kafka.backuprestore.cli.options.ConnectorNames;
import ch.tbd.kafka.backuprestore.cli.options.ConnectorRunOptions;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.LocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.options.ToLocationOptions;
import ch.tbd.kafka.backuprestore.cli.watch.ConsumerMetrics;
import ch.tbd.kafka.backuprestore.cli.watch.Progress;
import ch.tbd.kafka.backuprestore.cli.watch.ProgressDisplay;
import ch.tbd.kafka.backuprestore.cli.watch.StoredBackup;
import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.config.StorageConfig;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.offsets.OffsetsTopicExclusion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-backup backup}: the backup sink connector on a standalone Connect worker inside this JVM, against an
 * existing cluster. One code path: what it writes is what the connector writes on a Connect cluster.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Backs up topics of a Kafka cluster to S3 or a directory with the backup sink connector, run on"
                + " a Connect worker inside this command.",
                "With --snapshot it stops once everything up to the end offsets seen at start is stored; otherwise"
                        + " it runs until interrupted (Ctrl-C), and then stores what it holds before it exits.",
                "Its consumer group is connect-NAME: a later run with the same name continues where this one stopped."})
public final class BackupCommand implements Callable<Integer> {

    private static final String CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector";
    private static final String OFFSETS_CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets.ConsumerOffsetsBackupSinkConnector";
    /** A snapshot's partition tails are stored this soon, instead of after the connector's minute. */
    private static final String SNAPSHOT_SCHEDULE_INTERVAL_MS = "5000";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClusterOptions cluster;

    @Mixin
    ToLocationOptions destination;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC", description = "Topics to back up, comma-separated.")
    List<String> topics = List.of();

    @Option(names = "--topics-regex", paramLabel = "REGEX",
            description = "Back up every topic whose name matches (Java regular expression, whole name).")
    String topicsRegex;

    @Option(names = "--snapshot", description = "Stop once the end offsets seen at start are stored.")
    boolean snapshot;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Connector name; its consumer group is connect-NAME (default: derived from --to).")
    String name;

    @Mixin
    ConnectorRunOptions run;

    @Override
    public Integer call() throws Exception {
        if (topics.isEmpty() == (topicsRegex == null)) {
            throw new ParameterException(spec.commandLine(), "Give the topics with either --topics or --topics-regex");
        }
        Map<String, String> client = cluster.clientProperties();
        Map<String, String> storage = destination.storageProperties(null);
        if ("local".equals(storage.get(StorageConfig.STORAGE_TYPE))) {
            Files.createDirectories(Path.of(storage.get(StorageConfig.STORAGE_LOCAL_DIRECTORY)));
        }
        List<TopicPartitionId> partitions = TopicSelection.partitions(client, topics, topicsRegex);
        Set<String> topicNames = new TreeSet<>();
        partitions.forEach(tp -> topicNames.add(tp.topic()));
        if (topicNames.contains(GroupOffsetsBackup.OFFSETS_TOPIC) && topicNames.size() > 1) {
            throw new ParameterException(spec.commandLine(), "Back up " + GroupOffsetsBackup.OFFSETS_TOPIC
                    + " on its own (--topics " + GroupOffsetsBackup.OFFSETS_TOPIC + "), to the same location as the"
                    + " topics: it is read by a connector of its own");
        }
        // A backup of the offsets to the same place as the topics' runs beside it, with a group of its own.
        String connector = name != null ? name : ConnectorNames.forLocation(
                topicNames.contains(GroupOffsetsBackup.OFFSETS_TOPIC) ? "kafka-backup-offsets-" : "kafka-backup-",
                storage);
        Map<String, String> connectorConfig = connectorConfig(client, storage, topicNames);
        Predicate<ConsumerRecord<byte[], byte[]>> leftOut = leftOut(connectorConfig, connector);
        SnapshotTargets.Snapshot targets = snapshot ? SnapshotTargets.read(client, partitions, leftOut) : null;

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Backing up %d partitions of %s to %s as connector %s (consumer group connect-%s)%n",
                partitions.size(), topicNames, LocationOptions.describe(storage), connector, connector);
        out.flush();
        try (ShutdownRequest shutdown = ShutdownRequest.install(SHUTDOWN_GRACE);
             WorkDirectory work = WorkDirectory.create("kafka-backup-worker-");
             OpenBackup backup = destination.open(null);
             TopicGaps gaps = new TopicGaps(client, leftOut)) {
            StoredBackup stored = new StoredBackup(backup.storage(), backup.layout());
            ConsumerMetrics metrics = new ConsumerMetrics(connector);
            ProgressDisplay display = new ProgressDisplay(spec.commandLine().getErr(), run.progressMode(), "backup",
                    Clock.systemUTC());
            long total = targets == null ? -1 : targets.offsetsToCopy();
            Progress consumed;
            SnapshotCheck check = targets == null ? null : new SnapshotCheck(stored, targets, gaps, Clock.systemUTC());
            try (EmbeddedConnect connect = EmbeddedConnect.start(client, work.path())) {
                connect.putConnectorConfig(connector, connectorConfig);
                while (!shutdown.await(POLL)) {
                    connect.checkNotFailed(connector);
                    display.update(withTotal(metrics.progress(), total));
                    if (check != null && check.finished()) {
                        break;
                    }
                }
                consumed = withTotal(metrics.progress(), total);
                if (!shutdown.isRequested()) {
                    connect.deleteConnector(connector);
                }
                // Otherwise the worker's own shutdown hook is stopping it already. Either way the tasks store what
                // they hold before they stop, and closing the worker waits for them.
            }
            display.finish(consumed);
            StoredBackup.Totals totals = stored.totals(topicNames);
            if (check == null || shutdown.isRequested()) {
                out.printf("Stopped: %s of %,d partitions backed up to %s: %,d objects, %,d bytes in all. Records"
                                + " received but not stored are not committed: the next run with --name %s backs them"
                                + " up%n", topicNames, partitions.size(), backup.describe(), totals.objects(),
                        totals.bytes(), connector);
                out.flush();
                return ExitCodes.OK;
            }
            if (!check.missing().isEmpty()) {
                out.printf("Snapshot INCOMPLETE: %s of %,d partitions backed up to %s (%,d objects), but no object"
                        + " holds these records:%n", topicNames, partitions.size(), backup.describe(), totals.objects());
                check.describeMissing().forEach(line -> out.println("  " + line));
                out.flush();
                return ExitCodes.PROBLEMS_FOUND;
            }
            out.printf("Snapshot complete: %s of %,d partitions backed up to %s: %,d objects, %,d bytes in all;"
                            + " checked: every record up to the end offsets seen at start is in an object%n",
                    topicNames, partitions.size(), backup.describe(), totals.objects(), totals.bytes());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private Map<String, String> connectorConfig(Map<String, String> client, Map<String, String> storage,
            Set<String> topicNames) {
        Map<String, String> config = new LinkedHashMap<>(destination.configFile());
        // The connector reads topic ids through these, so that a topic created again is backed up apart.
        client.forEach((key, value) -> config.put(KafkaClusterConfig.SOURCE + key, value));
        config.putAll(storage);
        run.apply(config, topicNames.contains(GroupOffsetsBackup.OFFSETS_TOPIC) ? OFFSETS_CONNECTOR_CLASS
                : CONNECTOR_CLASS);
        config.remove("topics");
        config.remove("topics.regex");
        if (snapshot || topicsRegex == null) {
            config.put("topics", String.join(",", topicNames));
        } else {
            config.put("topics.regex", topicsRegex);
        }
        config.putIfAbsent("consumer.override.isolation.level", "read_committed");
        if (snapshot) {
            config.putIfAbsent("rotate.schedule.interval.ms", SNAPSHOT_SCHEDULE_INTERVAL_MS);
        }
        return config;
    }

    /** The records the connector leaves out on purpose, which a snapshot is complete without. */
    private static Predicate<ConsumerRecord<byte[], byte[]>> leftOut(Map<String, String> connectorConfig,
            String connector) {
        if (!connectorConfig.get("connector.class").equals(OFFSETS_CONNECTOR_CLASS)) {
            return record -> false;
        }
        OffsetsTopicExclusion exclusion = new OffsetsTopicExclusion(new BackupSinkConfig(connectorConfig)
                .groupFilter(connector));
        return record -> exclusion.leavesOut(record.key(), record.value());
    }

    private static Progress withTotal(Progress progress, long totalRecords) {
        return new Progress(progress.records(), totalRecords, progress.bytes(), -1);
    }
}
