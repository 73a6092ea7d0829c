package ch.tbd.kafka.backuprestore.cli.restore;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedConnect;
import ch.tbd.kafka.backuprestore.cli.embedded.ShutdownRequest;
import ch.tbd.kafka.backuprestore.cli.embedded.WorkDirectory;
import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.ConnectorRunOptions;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.options.RestoreWindowOptions;
import ch.tbd.kafka.backuprestore.cli.watch.ProgressDisplay;
import ch.tbd.kafka.backuprestore.cli.watch.RestoreCompletion;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-backup restore}: the restore source connector on a standalone Connect worker inside this JVM, writing
 * into an existing cluster; or, with {@code --dry-run}, the plan of what it would do.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores backed-up topics into a Kafka cluster with the restore source connector, run on a"
                + " Connect worker inside this command, and exits when every partition is restored.",
                "Missing target topics are created with the backed-up partition count. Each record keeps its"
                        + " partition, key, value, headers and timestamp.",
                "Missing target topics are created as the backup's captured definition says: partitions,"
                        + " replication factor and configs, less those never copied; --config-override and"
                        + " --config-exclude change them.",
                "--dry-run prints the plan instead (topics, partitions, objects, records, bytes, and the target"
                        + " topics' definitions) and needs no cluster."})
public final class RestoreCommand implements Callable<Integer> {

    private static final String CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClusterOptions cluster;

    @Mixin
    FromLocationOptions source;

    @Option(names = "--topics", required = true, paramLabel = "TOPIC[:NEW_NAME],...",
            description = "Topics to restore, each into itself or into NEW_NAME (as the connector's topics key).")
    String topics;

    @Mixin
    RestoreWindowOptions window;

    @Option(names = "--incarnation", paramLabel = "TOPIC:N|TOPIC:TOPIC_ID,...",
            description = "For a topic deleted and created again while it was backed up: which incarnation to restore"
                    + " ('describe' lists them; default: the newest).")
    String incarnations;

    @Option(names = "--config-override", paramLabel = "CONFIG=VALUE,...",
            description = "Configs set on every target topic the restore creates, whatever the backup says"
                    + " (restore.topic.config.overrides), e.g. retention.ms=-1.")
    String configOverrides;

    @Option(names = "--config-exclude", paramLabel = "CONFIG|PREFIX*,...",
            description = "Backed-up configs not set on created target topics (restore.topic.config.exclude).")
    String configExcludes;

    @Option(names = "--acls", description = "Also create the ACL bindings captured with the backup for the restored"
            + " topics (restore.acls.enabled); 'kafka-backup acls plan' shows them.")
    boolean acls;

    @Option(names = "--dry-run", description = "Print what the restore would do, and do nothing.")
    boolean dryRun;

    @Option(names = "--name", defaultValue = "kafka-backup-restore", paramLabel = "NAME",
            description = "Connector name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep the restore's progress here: run again with the same directory, an interrupted"
                    + " restore continues where it stopped (default: a temporary directory, removed at the end).")
    Path stateDirectory;

    @Mixin
    ConnectorRunOptions run;

    @Override
    public Integer call() throws Exception {
        if (RestoreSourceConfig.restoresOffsetsTopic(topics)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    RestoreSourceConfig.OFFSETS_TOPIC_REFUSAL);
        }
        Map<String, String> config = connectorConfig(dryRun ? Map.of() : cluster.clientProperties());
        RestoreSourceConfig parsed = new RestoreSourceConfig(config);
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = source.open(null)) {
            RestorePlan plan = RestorePlan.of(backup, parsed.topicMapping(), parsed.window(), parsed.incarnations(),
                    parsed.instanceNameRestore());
            if (dryRun) {
                out.println("Restore plan for " + backup.describe() + " (dry run: nothing is written)");
                plan.print(out);
                TargetTopicsPreview.print(out, backup, parsed, plan);
                out.flush();
                return ExitCodes.OK;
            }
            out.printf("Restoring %,d records of %,d partitions from %s into %s%n", plan.records(),
                    plan.partitions().size(), backup.describe(), parsed.topicMapping().targets().values());
            plan.printExpired(out);
            out.flush();
            return run(config, plan, out);
        }
    }

    private int run(Map<String, String> config, RestorePlan plan, PrintWriter out) throws Exception {
        boolean fresh = stateDirectory == null
                || !Files.exists(stateDirectory.resolve(EmbeddedConnect.OFFSETS_FILE));
        RestoreCheck check = RestoreCheck.before(cluster.clientProperties(), plan, fresh);
        try (ShutdownRequest shutdown = ShutdownRequest.install(SHUTDOWN_GRACE);
             WorkDirectory work = WorkDirectory.create("kafka-backup-worker-");
             EmbeddedConnect connect = EmbeddedConnect.start(cluster.clientProperties(), stateDirectory(work))) {
            connect.putConnectorConfig(name, config);
            RestoreCompletion completion = new RestoreCompletion(connect, name, new HashSet<>(plan.partitions()));
            ProgressDisplay display = new ProgressDisplay(spec.commandLine().getErr(), run.progressMode(), "restore",
                    Clock.systemUTC());
            boolean complete = false;
            long failedWrites = 0;
            while (!shutdown.await(POLL)) {
                complete = completion.isComplete();
                display.update(completion.progress());
                if (complete) {
                    // Read while the tasks, and their counters, still exist.
                    failedWrites = RestoreCheck.failedWrites(name);
                    break;
                }
            }
            if (!shutdown.isRequested()) {
                connect.deleteConnector(name);
            }
            // Otherwise the worker's own shutdown hook is stopping it, and with it the connector, already.
            display.finish(completion.progress());
            if (!complete) {
                out.printf("Interrupted: %,d of %,d records restored%s%n", completion.progress().records(),
                        plan.records(), stateDirectory == null ? ""
                                : "; run again with --state-dir " + stateDirectory + " to continue");
                out.flush();
                return ExitCodes.FATAL_FAILURE;
            }
            List<String> problems = check.problems(completion, failedWrites);
            if (!problems.isEmpty()) {
                out.printf("Restore INCOMPLETE: %,d records into %s, but not all that was planned:%n",
                        completion.progress().records(), plan.targetTopics());
                problems.forEach(problem -> out.println("  " + problem));
                out.flush();
                return ExitCodes.PROBLEMS_FOUND;
            }
            out.printf("Restore complete: %,d records into %s; checked against the plan%s%n",
                    completion.progress().records(), plan.targetTopics(),
                    fresh ? " and the target topics" : " (the targets were written by an earlier run too)");
            out.flush();
            return ExitCodes.OK;
        }
    }

    private Path stateDirectory(WorkDirectory work) throws java.io.IOException {
        return stateDirectory == null ? work.path() : Files.createDirectories(stateDirectory);
    }

    private Map<String, String> connectorConfig(Map<String, String> client) {
        Map<String, String> config = new LinkedHashMap<>(source.configFile());
        config.putAll(source.storageProperties(null));
        run.apply(config, CONNECTOR_CLASS);
        config.put(RestoreSourceConfig.TOPICS, topics);
        window.addTo(config);
        putIfGiven(config, RestoreSourceConfig.INCARNATIONS, incarnations);
        putIfGiven(config, RestoreSourceConfig.TOPIC_CONFIG_OVERRIDES, configOverrides);
        putIfGiven(config, RestoreSourceConfig.TOPIC_CONFIG_EXCLUDE, configExcludes);
        if (acls) {
            config.put(RestoreSourceConfig.ACLS, "true");
        }
        // The connector checks and creates target topics, and keeps the offset map, through these.
        client.forEach((key, value) -> config.put(RestoreSourceConfig.TARGET_CLUSTER_PREFIX + key, value));
        return config;
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null) {
            config.put(key, value);
        }
    }
}
