package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code describe} adds for a compacted topic backed up by a pair of connectors: per partition, each connector's
 * snapshot, which one is complete and current (the one a restore takes), and which is being built or deleted.
 */
final class CompactedSnapshotsReport {

    private CompactedSnapshotsReport() {}

    /** Prints nothing for a topic that is not backed up as snapshots. */
    static void print(PrintWriter out, OpenBackup backup, String topic, Integer onlyPartition) {
        CompactSnapshots snapshots = new CompactSnapshots(backup.storage(), backup.layout());
        List<String> instances = backup.storage().listDirectories(backup.layout().topicPrefix(topic)).stream()
                .filter(name -> BackupLayout.instanceNameProblem(name) == null).toList();
        Map<Integer, List<SnapshotMarker>> markers = snapshots.markers(topic);
        if (instances.isEmpty() && markers.isEmpty()) {
            return;
        }
        Map<Integer, SnapshotMarker> current = snapshots.current(topic);
        SortedMap<Integer, Map<String, Integer>> objects = new TreeMap<>();
        for (String instance : instances) {
            new BackupCatalog(backup.storage(), backup.layout().forInstance(instance)).partitions(topic)
                    .forEach((partition, refs) -> objects.computeIfAbsent(partition, p -> new TreeMap<>())
                            .put(instance, refs.size()));
        }
        markers.keySet().forEach(partition -> objects.computeIfAbsent(partition, p -> new TreeMap<>()));
        out.println("Snapshots of a compacted backup pair (" + String.join(", ", instances) + "); a restore takes each"
                + " partition's current one:");
        objects.forEach((partition, byInstance) -> {
            if (onlyPartition != null && !onlyPartition.equals(partition)) {
                return;
            }
            SnapshotMarker now = current.get(partition);
            out.println("  Partition " + partition + ": " + (now == null ? "no complete snapshot yet"
                    : "current " + now.describe()));
            List<SnapshotMarker> older = markers.getOrDefault(partition, List.of()).stream()
                    .filter(marker -> marker != now).sorted(Comparator.comparingLong(SnapshotMarker::generation))
                    .toList();
            older.forEach(marker -> out.println("    also complete, older: " + marker.describe()));
            byInstance.forEach((instance, count) -> {
                boolean marked = markers.getOrDefault(partition, List.of()).stream()
                        .anyMatch(marker -> marker.instance().equals(instance));
                out.println("    " + instance + ": " + count + (count == 1 ? " object" : " objects")
                        + (marked ? "" : ", not complete (being built, or being deleted after a handover)"));
            });
        });
    }
}
