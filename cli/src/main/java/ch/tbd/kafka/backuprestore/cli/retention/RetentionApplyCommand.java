package ch.tbd.kafka.backuprestore.cli.retention;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.watch.ProgressDisplay;
import ch.tbd.kafka.backuprestore.kafka.AdminCalls;
import ch.tbd.kafka.backuprestore.kafka.RetentionDecisions;
import ch.tbd.kafka.backuprestore.kafka.TopicRetentionReader;
import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import ch.tbd.kafka.backuprestore.retention.RetentionSweeper;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kafka-backup retention apply}: removes objects whose records are all older than their topic's retention. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Removes the backup objects whose newest record (read from the object's header, without"
                + " downloading it) is older than the retention: --days for every topic, or each topic's own"
                + " retention.ms plus --margin-days, read from the cluster.",
                "Never removes an object that still holds a record inside the retention, nor a partition's newest"
                        + " object; stops at the first object it keeps, as Kafka does with log segments, so what"
                        + " remains of a partition follows on from one offset. Records what it removed, so that"
                        + " restore, describe and verify report those offsets as expired rather than lost.",
                "Prints each object it removes (or would, with --dry-run) with its size, then a total."})
public final class RetentionApplyCommand implements Callable<Integer> {

    private static final RetryPolicy CLUSTER_RETRIES = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1));

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Mixin
    KafkaClusterOptions cluster;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC",
            description = "Topics to expire, comma-separated (default: every topic in the backup).")
    List<String> topics = List.of();

    @Option(names = "--days", paramLabel = "N",
            description = "Keep records for N days, for every topic (0 or -1: keep everything). Without it, each"
                    + " topic's retention is derived from the cluster (--bootstrap-server).")
    String days;

    @Option(names = "--margin-days", paramLabel = "N", defaultValue = "7",
            description = "Days added to a derived retention, so that the backup outlives the data (default: 7, as"
                    + " the connectors' s3.retention.policy.margin.days).")
    int marginDays;

    @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RetentionSetting setting = setting();
        try (OpenBackup backup = location.open(null)) {
            List<String> present = backup.catalog().topics();
            List<String> selected = topics.isEmpty() ? present : topics;
            Map<String, RetentionDecision> decisions = decide(setting, selected);
            out.println("Retention of " + backup.describe() + (dryRun ? " (dry run: nothing is removed)" : ""));
            for (String topic : selected) {
                if (!present.contains(topic)) {
                    out.println("  " + topic + ": not in the backup ('kafka-backup list' shows the topics there)");
                    continue;
                }
                RetentionDecision decision = decisions.get(topic);
                out.println("  " + topic + ": " + (decision == null ? "kept: the cluster has no such topic, so its"
                        + " retention is unknown" : decision.expires() ? "expires after "
                        + RetentionDecision.days(decision.days()) + " (" + decision.reason() + ")"
                        : "kept: " + decision.reason()));
            }
            String verb = dryRun ? "WOULD REMOVE " : "REMOVED      ";
            RetentionSweeper.Report report = new RetentionSweeper(backup.storage(), backup.layout(),
                    Clock.systemUTC()).sweep(decisions, topic -> partition -> true, dryRun, removal -> {
                        out.println(verb + removal.key() + "  " + ProgressDisplay.bytes(removal.size())
                                + "  offsets " + removal.firstOffset() + ".." + removal.lastOffset()
                                + "  newest record " + Instant.ofEpochMilli(removal.newestTimestamp()));
                        out.flush();
                    });
            out.println((dryRun ? "Would remove " : "Removed ") + report.removals().size()
                    + (report.removals().size() == 1 ? " object, " : " objects, ") + report.bytes() + " bytes ("
                    + ProgressDisplay.bytes(report.bytes()) + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private RetentionSetting setting() {
        if (days != null) {
            try {
                return RetentionSetting.parse(days);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--days: " + e.getMessage());
            }
        }
        if (!cluster.given()) {
            throw new ParameterException(spec.commandLine(), "How long to keep? Give --days N, or --bootstrap-server"
                    + " to derive each topic's retention from its retention.ms on the cluster");
        }
        if (marginDays < 0) {
            throw new ParameterException(spec.commandLine(), "--margin-days must not be negative, got " + marginDays);
        }
        return RetentionSetting.DERIVE;
    }

    private Map<String, RetentionDecision> decide(RetentionSetting setting, List<String> selected) {
        if (setting instanceof RetentionSetting.Days) {
            try {
                return new RetentionDecisions(setting, marginDays, Optional.empty()).decide(selected);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> client = new HashMap<>(cluster.clientProperties());
        client.putIfAbsent("client.id", "kafka-backup-retention");
        try (Admin admin = Admin.create(client)) {
            RetentionDecisions decisions = new RetentionDecisions(setting, marginDays,
                    Optional.of(new TopicRetentionReader(admin)));
            return AdminCalls.call(CLUSTER_RETRIES, "read the retention of topics " + selected + " from "
                    + client.get("bootstrap.servers"), () -> decisions.decide(selected));
        }
    }
}
