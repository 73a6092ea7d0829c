package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.HeaderReadAhead;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kafka-backup list}: the topics of a backup with their size. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = {"Lists the topics of a backup: partitions, objects, records and bytes per topic; and the"
                + " consumer groups whose offsets it holds, with the time of their first and last commit.",
                "Record counts come from the objects' headers; the records themselves are not read."})
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOCATION",
            description = "The backup, as for --from.")
    String positionalLocation;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    /** @param compacted whether the topic is backed up as snapshots by a compacted backup pair */
    record TopicStats(String topic, int partitions, long objects, long records, long bytes, boolean compacted) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = location.open(positionalLocation)) {
            BackupCatalog catalog = backup.catalog();
            List<TopicStats> topics = new ArrayList<>();
            List<String> compacted = new CompactSnapshots(backup.storage(), backup.layout()).topics();
            for (String topic : catalog.topics()) {
                topics.add(stats(backup, topic, catalog.partitions(topic), compacted.contains(topic)));
            }
            BackedUpGroups groups = BackedUpGroups.read(backup, topic -> true);
            if (json) {
                printJson(out, backup, topics, groups);
            } else {
                printTable(out, backup, topics);
                groups.print(out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static TopicStats stats(OpenBackup backup, String topic,
            SortedMap<Integer, List<BackupObjectRef>> partitions, boolean compacted) {
        long objects = 0;
        long records = 0;
        long bytes = 0;
        List<BackupObjectRef> all = partitions.values().stream().flatMap(List::stream).toList();
        try (HeaderReadAhead headers = HeaderReadAhead.of(backup.storage(), all)) {
            for (BackupObjectRef ref : all) {
                objects++;
                bytes += ref.size();
                records += headers.next().summary().recordCount();
            }
        }
        return new TopicStats(topic, partitions.size(), objects, records, bytes, compacted);
    }

    private static void printTable(PrintWriter out, OpenBackup backup, List<TopicStats> topics) {
        if (topics.isEmpty()) {
            out.println("No backed-up topics in " + backup.describe());
            return;
        }
        int width = Math.max("TOPIC".length(), topics.stream().mapToInt(t -> t.topic().length()).max().orElse(0));
        String format = "%-" + width + "s  %10s  %8s  %12s  %14s%n";
        out.printf(format, "TOPIC", "PARTITIONS", "OBJECTS", "RECORDS", "BYTES");
        for (TopicStats t : topics) {
            out.printf(format, t.topic(), t.partitions(), t.objects(), t.records(), t.bytes());
        }
        List<String> compacted = topics.stream().filter(TopicStats::compacted).map(TopicStats::topic).toList();
        if (!compacted.isEmpty()) {
            out.println("Compacted topics, backed up as snapshots by a CompactBackupSinkConnector pair (the figures"
                    + " are their current snapshots'; 'describe' shows each connector's): " + String.join(", ",
                    compacted));
        }
    }

    private static void printJson(PrintWriter out, OpenBackup backup, List<TopicStats> topics,
            BackedUpGroups groups) {
        List<Object> list = new ArrayList<>();
        for (TopicStats t : topics) {
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("topic", t.topic());
            topic.put("partitions", t.partitions());
            topic.put("objects", t.objects());
            topic.put("records", t.records());
            topic.put("bytes", t.bytes());
            topic.put("compacted", t.compacted());
            list.add(topic);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("location", backup.storage().location());
        document.put("prefix", backup.layout().prefix());
        document.put("topics", list);
        document.put("groups", groups.json());
        out.println(Json.write(document));
    }
}
