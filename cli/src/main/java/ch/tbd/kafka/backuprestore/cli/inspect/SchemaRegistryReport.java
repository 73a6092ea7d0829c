package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.schemas.SchemaRegistryState;
import ch.tbd.kafka.backuprestore.schemas.SchemaRegistrySummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/**
 * What {@code describe} adds for the topic of a Confluent Schema Registry: the subjects, versions and schema ids that a
 * restore of the topic brings back, so that an operator can check them before starting a registry on the restored
 * topic, and compare them with {@code GET /subjects} after.
 */
final class SchemaRegistryReport {

    /** The registry's default {@code kafkastore.topic}. */
    static final String DEFAULT_TOPIC = "_schemas";
    /** Beyond this many subjects the list is cut short; the counts still cover them all. */
    private static final int SUBJECTS_LISTED = 100;
    /** Runs of consecutive versions at least this long are printed as a range. */
    private static final int SHORTEST_RANGE = 4;

    private SchemaRegistryReport() {}

    /**
     * Prints nothing unless the topic is the registry's: named {@code _schemas}, or its first backed-up record has one
     * of the registry's keys (for a registry with another {@code kafkastore.topic}). Reads the backed-up records of
     * every partition given, in offset order, streaming each object.
     *
     * @param partitions the topic's objects per partition, as the catalog lists them
     */
    static void print(PrintWriter out, OpenBackup backup, String topic,
            SortedMap<Integer, List<BackupObjectRef>> partitions) {
        if (partitions.isEmpty() || !(topic.equals(DEFAULT_TOPIC) || startsWithRegistryKey(backup, partitions))) {
            return;
        }
        SchemaRegistryState state = new SchemaRegistryState();
        List<String> damaged = new ArrayList<>();
        partitions.values().forEach(refs -> read(backup, refs, state, damaged));
        SchemaRegistrySummary summary = state.summary();

        out.println("Schema Registry (Confluent, from the records): " + count(summary.liveSubjects(), "subject")
                + ", " + count(summary.versions(), "version") + ", " + count(summary.schemaIds(), "schema id")
                + (summary.highestId().isPresent() ? " (highest " + summary.highestId().getAsInt() + ")" : "")
                + ", " + count(summary.softDeletedVersions(), "soft-deleted version"));
        List<SchemaRegistrySummary.Subject> subjects = summary.subjects();
        subjects.stream().limit(SUBJECTS_LISTED).forEach(subject -> out.println("  " + line(subject)));
        if (subjects.size() > SUBJECTS_LISTED) {
            out.println("  ... and " + count(subjects.size() - SUBJECTS_LISTED, "more subject"));
        }
        if (summary.configs() > 0 || summary.modes() > 0) {
            out.println("  Settings: " + summary.configs() + " compatibility, " + summary.modes() + " mode");
        }
        if (summary.unreadable() > 0) {
            out.println("  " + summary.unreadable() + " of " + summary.records() + " records are not the registry's"
                    + " (not JSON, or of a shape it does not know) and are left out; the registry skips them too");
        }
        if (partitions.size() > 1) {
            out.println("  The registry reads one partition; this backup has " + partitions.size() + ", read one"
                    + " after the other");
        }
        if (!damaged.isEmpty()) {
            out.println("  Incomplete: " + count(damaged.size(), "object") + " could not be read to the end, and the"
                    + " records after the damage are left out ('verify' names the damage):");
            damaged.forEach(problem -> out.println("    " + problem));
        }
    }

    /** "orders-value  versions 1, 2, 3 (soft-deleted: 4)", or "no live versions" for a subject all soft-deleted. */
    private static String line(SchemaRegistrySummary.Subject subject) {
        return subject.name() + "  "
                + (subject.live() ? "versions " + versions(subject.versions().keySet()) : "no live versions")
                + (subject.softDeleted().isEmpty() ? ""
                        : " (soft-deleted: " + versions(subject.softDeleted().keySet()) + ")");
    }

    /** Whether the first record of the backup has one of the registry's keys. */
    private static boolean startsWithRegistryKey(OpenBackup backup,
            SortedMap<Integer, List<BackupObjectRef>> partitions) {
        for (BackupObjectRef ref : partitions.get(partitions.firstKey())) {
            try (BackupObjectReader reader = BackupObjectReader.open(backup.storage().get(ref.key()), ref.key(),
                    backup.storage().keyRing())) {
                if (reader.hasNext()) {
                    return SchemaRegistryState.isRegistryKey(reader.next().key());
                }
            } catch (CorruptObjectException e) {
                return false;
            }
        }
        return false;
    }

    /** Applies a partition's records in offset order, each offset once where a rewrite left objects overlapping. */
    private static void read(OpenBackup backup, List<BackupObjectRef> refs, SchemaRegistryState state,
            List<String> damaged) {
        long lastRead = Long.MIN_VALUE;
        for (BackupObjectRef ref : refs) {
            try (BackupObjectReader reader = BackupObjectReader.open(backup.storage().get(ref.key()), ref.key(),
                    backup.storage().keyRing())) {
                if (reader.summary().recordCount() > 0 && reader.summary().lastOffset() <= lastRead) {
                    continue;
                }
                while (reader.hasNext()) {
                    BackupRecord record = reader.next();
                    if (record.offset() > lastRead) {
                        state.apply(record.key(), record.value());
                        lastRead = record.offset();
                    }
                }
            } catch (CorruptObjectException e) {
                damaged.add(e.getMessage());
            }
        }
    }

    /** "1, 2, 3", with runs of four or more consecutive versions as "5..40"; {@code versions} in ascending order. */
    static String versions(Collection<Integer> versions) {
        List<Integer> sorted = List.copyOf(versions);
        List<String> parts = new ArrayList<>();
        int first = 0;
        while (first < sorted.size()) {
            int last = first;
            while (last + 1 < sorted.size() && (long) sorted.get(last + 1) == (long) sorted.get(last) + 1) {
                last++;
            }
            if (last - first + 1 >= SHORTEST_RANGE) {
                parts.add(sorted.get(first) + ".." + sorted.get(last));
            } else {
                sorted.subList(first, last + 1).forEach(version -> parts.add(Integer.toString(version)));
            }
            first = last + 1;
        }
        return String.join(", ", parts);
    }

    private static String count(long n, String singular) {
        return n + " " + singular + (n == 1 ? "" : "s");
    }
}
