package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarker;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarkers;
import java.io.PrintWriter;
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

/** {@code kafka-backup verify}: reads every record of a backup and checks that it can be restored as it was stored. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Reads every object of the backup (all topics, or the ones named) in full, checking block and"
                + " object checksums, decoding every record, comparing each header with the object's name, and"
                + " checking that each partition's objects follow on from one another.",
                "Prints one line per finding, naming the object, then a summary. Exit code 1 when any object is"
                        + " DAMAGED (cannot be read back), MISMATCHED (its header disagrees with its name), or when"
                        + " a HOLE (offsets missing between two objects) is found; 0 otherwise.",
                "Holes fail by default because a deleted or lost object looks exactly like one. Compaction and"
                        + " transaction markers leave legitimate holes too: for such topics use --allow-holes, which"
                        + " still prints them. OVERLAPs (offsets in two objects, left by a rewrite after a crash)"
                        + " are printed as notes and do not fail: restore skips offsets it has already written.",
                "Offsets removed by retention ('kafka-backup retention apply' or s3.retention.sweep.interval.ms) are"
                        + " printed as EXPIRED notes and do not fail; a hole between them and the first object left"
                        + " does."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Parameters(paramLabel = "TOPIC", arity = "0..*", description = "Topics to verify (default: all).")
    List<String> topics;

    @Option(names = "--allow-holes",
            description = "Report offset holes between objects as warnings instead of failing on them.")
    boolean allowHoles;

    private PrintWriter out;
    private long problems;
    private long objects;
    private long records;
    private long bytes;
    private long partitions;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        try (OpenBackup backup = location.open(null)) {
            BackupCatalog catalog = backup.catalog();
            List<String> selected = topics == null || topics.isEmpty() ? catalog.topics() : topics;
            CompactSnapshots snapshots = new CompactSnapshots(backup.storage(), backup.layout());
            for (String topic : selected) {
                SortedMap<Integer, List<BackupObjectRef>> topicPartitions = catalog.partitions(topic);
                if (topicPartitions.isEmpty()) {
                    problem("MISSING  topic " + topic + ": no backup objects in " + backup.describe());
                }
                Map<Integer, SnapshotMarker> current = snapshots.current(topic);
                topicPartitions.forEach((partition, refs) -> {
                    SnapshotMarker snapshot = current.get(partition);
                    if (snapshot != null) {
                        out.println("NOTE     SNAPSHOT " + topic + "-" + partition + ": " + snapshot.describe()
                                + "; offsets compaction removed leave holes, which are not problems");
                    }
                    verifyPartition(backup, refs, snapshot != null);
                });
            }
            out.println("Verified " + objects + " objects, " + records + " records, " + bytes + " bytes in "
                    + partitions + " partitions of " + selected.size() + " topics: "
                    + (problems == 0 ? "OK" : problems + (problems == 1 ? " problem" : " problems")));
        }
        out.flush();
        return problems == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    /** @param compacted whether the objects are a compacted topic's snapshot, whose holes compaction left */
    private void verifyPartition(OpenBackup backup, List<BackupObjectRef> refs, boolean compacted) {
        partitions++;
        List<OffsetContinuity.Span> spans = new ArrayList<>();
        for (BackupObjectRef ref : refs) {
            ObjectSummary summary = verifyObject(backup, ref);
            if (summary != null && summary.recordCount() > 0) {
                spans.add(new OffsetContinuity.Span(ref.key(), summary.firstOffset(), summary.lastOffset()));
            }
        }
        List<OffsetContinuity.Finding> findings = new ArrayList<>();
        Optional<ExpiryMarker> expired = new ExpiryMarkers(backup.storage(), backup.layout()).forObjects(refs);
        expired.ifPresent(marker -> out.println("NOTE     EXPIRED " + refs.get(0).topic() + "-" + refs.get(0).partition()
                + ": " + marker.describe() + "; not a loss"));
        expired.flatMap(marker -> OffsetContinuity.afterExpiry(marker, spans)).ifPresent(findings::add);
        findings.addAll(OffsetContinuity.check(spans));
        for (OffsetContinuity.Finding finding : findings) {
            String line = finding.nextKey() + ": " + finding.describe();
            if (finding.kind() == OffsetContinuity.Kind.OVERLAP) {
                out.println("NOTE     OVERLAP " + line + "; restore skips the repeated offsets");
            } else if (compacted) {
                out.println("NOTE     HOLE " + line + " (compaction)");
            } else if (allowHoles) {
                out.println("WARN     HOLE " + line);
            } else {
                problem("HOLE     " + line + "; a missing object or, after compaction or transactions, no records"
                        + " (--allow-holes accepts holes)");
            }
        }
    }

    /** Reads the whole object; its summary when at least the header could be read, else {@code null}. */
    private ObjectSummary verifyObject(OpenBackup backup, BackupObjectRef ref) {
        objects++;
        bytes += ref.size();
        ObjectSummary summary = null;
        try (BackupObjectReader reader = BackupObjectReader.open(backup.storage().get(ref.key()), ref.key(),
                backup.storage().keyRing())) {
            summary = reader.summary();
            while (reader.hasNext()) {
                reader.next();
                records++;
            }
        } catch (CorruptObjectException e) {
            problem("DAMAGED  " + ref.key() + ": " + e.getMessage());
            summary = summary != null ? summary : headerOf(backup, ref);
        }
        if (summary != null && (summary.firstOffset() != ref.startOffset() || !summary.topic().equals(ref.topic())
                || summary.partition() != ref.partition())) {
            problem("MISMATCH " + ref.key() + ": its name says " + ref.topic() + "-" + ref.partition()
                    + " from offset " + ref.startOffset() + " but its header says " + summary.topic() + "-"
                    + summary.partition() + " from offset " + summary.firstOffset());
        }
        return summary;
    }

    /** The header of a damaged object, if it is intact, so that the damage does not also show as a hole. */
    private static ObjectSummary headerOf(OpenBackup backup, BackupObjectRef ref) {
        try {
            return BackupObjectReader.readSummary(backup.storage(), ref.key(), read -> { });
        } catch (CorruptObjectException e) {
            return null;
        }
    }

    private void problem(String line) {
        problems++;
        out.println(line);
    }
}
