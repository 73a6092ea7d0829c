package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.HeaderReadAhead;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarker;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarkers;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kafka-backup describe}: what a topic's backup covers, partition by partition. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Describes the backup of a topic per partition: offset range, records, objects, bytes,"
                + " timestamps, offsets expired by retention, offset holes and overlaps between objects.",
                "Shows the topic's captured definition too: partitions, replication factor, configs and ACLs.",
                "Reads only the objects' headers, except for a Schema Registry topic (_schemas), whose records are"
                        + " read to count its subjects, versions and schema ids. Offset holes can be legitimate"
                        + " (compaction, transaction markers);"
                        + " overlaps are left by rewrites after a crash and skipped by restore. Use 'verify' to read"
                        + " and check every record."})
public final class DescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to describe.")
    String topic;

    @Option(names = "--partition", paramLabel = "N", description = "Only this partition.")
    Integer partition;

    @Option(names = "--incarnation", paramLabel = "N|TOPIC_ID",
            description = "For a topic deleted and created again while it was backed up: the incarnation to describe"
                    + " (default: the newest).")
    String incarnation;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = location.open(null)) {
            SortedMap<Integer, List<BackupObjectRef>> partitions = backup.catalog().partitions(topic, incarnation);
            if (partition != null) {
                partitions = partitions.subMap(partition, partition + 1);
            }
            if (partitions.isEmpty()) {
                spec.commandLine().getErr().println("kafka-backup: no backup of topic '" + topic + "'"
                        + (partition == null ? "" : " partition " + partition) + " in " + backup.describe()
                        + "; 'kafka-backup list' shows the topics there");
                return ExitCodes.FATAL_FAILURE;
            }
            out.println("Topic " + topic + " in " + backup.describe());
            List<Incarnation> incarnations = backup.catalog().incarnations(topic);
            if (incarnations.size() > 1 || incarnations.stream().anyMatch(i -> i.topicId() != null)) {
                out.println("Incarnations (a topic deleted and created again is backed up apart; restore takes the"
                        + " newest unless told otherwise):");
                for (Incarnation known : incarnations) {
                    out.println("  " + known.number() + "  topic id " + (known.topicId() == null ? "unknown"
                            : known.topicId()) + "  in " + backup.layout().incarnationPrefix(topic, known));
                }
            }
            for (Map.Entry<Integer, List<BackupObjectRef>> entry : partitions.entrySet()) {
                describe(out, backup, entry.getKey(), entry.getValue());
            }
            TopicDefinitionReport.print(out, backup, topic);
            SchemaRegistryReport.print(out, backup, topic, partitions);
            CompactedSnapshotsReport.print(out, backup, topic, partition);
            BackedUpGroups groups = BackedUpGroups.read(backup, topic::equals);
            groups.print(out);
            groups.offsets().forEach(o -> out.println("  " + o.group() + " " + o.topic() + "-" + o.partition()
                    + " committed " + o.offset()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void describe(PrintWriter out, OpenBackup backup, int partition, List<BackupObjectRef> refs) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long records = 0;
        long bytes = 0;
        Long minTimestamp = null;
        Long maxTimestamp = null;
        List<OffsetContinuity.Span> spans = new ArrayList<>();
        try (HeaderReadAhead headers = HeaderReadAhead.of(backup.storage(), refs)) {
            for (BackupObjectRef ref : refs) {
                ObjectSummary summary = headers.next().summary();
                bytes += ref.size();
                records += summary.recordCount();
                if (summary.recordCount() == 0) {
                    continue;
                }
                first = Math.min(first, summary.firstOffset());
                last = Math.max(last, summary.lastOffset());
                if (summary.minTimestamp() != null) {
                    minTimestamp = minTimestamp == null ? summary.minTimestamp()
                            : Math.min(minTimestamp, summary.minTimestamp());
                }
                if (summary.maxTimestamp() != null) {
                    maxTimestamp = maxTimestamp == null ? summary.maxTimestamp()
                            : Math.max(maxTimestamp, summary.maxTimestamp());
                }
                spans.add(new OffsetContinuity.Span(ref.key(), summary.firstOffset(), summary.lastOffset()));
            }
        }
        List<OffsetContinuity.Finding> findings = new ArrayList<>();
        Optional<ExpiryMarker> expired = new ExpiryMarkers(backup.storage(), backup.layout()).forObjects(refs);
        expired.flatMap(marker -> OffsetContinuity.afterExpiry(marker, spans)).ifPresent(findings::add);
        findings.addAll(OffsetContinuity.check(spans));
        out.println("Partition " + partition);
        out.println("  Offsets:    " + (spans.isEmpty() ? "none" : first + ".." + last));
        expired.ifPresent(marker -> out.println("  Expired:    " + marker.describe()));
        out.println("  Records:    " + records);
        out.println("  Objects:    " + refs.size());
        out.println("  Bytes:      " + bytes);
        out.println("  Timestamps: " + (minTimestamp == null ? "none"
                : Instant.ofEpochMilli(minTimestamp) + " .. " + Instant.ofEpochMilli(maxTimestamp)));
        long holes = findings.stream().filter(f -> f.kind() == OffsetContinuity.Kind.HOLE).count();
        out.println("  Holes:      " + holes);
        out.println("  Overlaps:   " + (findings.size() - holes));
        for (OffsetContinuity.Finding finding : findings) {
            out.println("    " + finding.describe());
        }
    }
}
