package ch.tbd.kafka.backuprestore.cli.restore;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.PartitionRestorePlan;
import ch.tbd.kafka.backuprestore.restore.RestorePreview;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarker;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarkers;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.TopicMapping;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a restore will do, partition by partition: the plan a dry run prints. It is worked out by the same catalog and
 * the same window as the restore connector's tasks use, so the restore that follows does what it says.
 */
record RestorePlan(List<Entry> entries, Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings) {

    /** @param expired what retention removed from the partition's backup, if anything */
    record Entry(String targetTopic, RestorePreview preview, Optional<ExpiryMarker> expired) {}

    /** Plans every backed-up partition of the mapped topics. */
    static RestorePlan of(OpenBackup backup, TopicMapping mapping, RestoreWindow window,
            Map<String, String> incarnations, String instance) {
        BackupCatalog catalog = new BackupCatalog(backup.storage(), backup.layout(), instance);
        List<Entry> entries = new ArrayList<>();
        Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = new java.util.LinkedHashMap<>();
        ExpiryMarkers markers = new ExpiryMarkers(backup.storage(), backup.layout());
        for (Map.Entry<String, String> topic : mapping.targets().entrySet()) {
            SortedMap<Integer, List<BackupObjectRef>> partitions = catalog.partitions(topic.getKey(),
                    incarnations.get(topic.getKey()));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("No backup of topic " + topic.getKey() + " in " + backup.describe()
                        + "; 'kafka-backup list' shows the topics there");
            }
            listings.put(topic.getKey(), partitions);
            Map<Integer, ExpiryMarker> expired = markers.forPartitions(partitions);
            partitions.forEach((partition, objects) -> {
                TopicPartitionId tp = new TopicPartitionId(topic.getKey(), partition);
                RestorePreview preview = RestorePreview.of(backup.storage(),
                        PartitionRestorePlan.fresh(tp, objects, window));
                entries.add(new Entry(topic.getValue(), preview, Optional.ofNullable(expired.get(partition))));
            });
        }
        return new RestorePlan(List.copyOf(entries), listings);
    }

    long records() {
        return entries.stream().mapToLong(e -> e.preview().records()).sum();
    }

    long bytesToRead() {
        return entries.stream().mapToLong(e -> e.preview().bytesToRead()).sum();
    }

    int objectsToRead() {
        return entries.stream().mapToInt(e -> e.preview().objectsToRead()).sum();
    }

    java.util.Set<String> targetTopics() {
        return entries.stream().map(Entry::targetTopic).collect(java.util.stream.Collectors.toCollection(
                java.util.TreeSet::new));
    }

    /** Records planned per target topic. */
    Map<String, Long> recordsByTarget() {
        Map<String, Long> records = new java.util.TreeMap<>();
        entries.forEach(e -> records.merge(e.targetTopic(), e.preview().records(), Long::sum));
        return records;
    }

    /** One line per partition that retention removed the first offsets of: they are not restored, by design. */
    void printExpired(PrintWriter out) {
        for (Entry entry : entries) {
            RestorePreview p = entry.preview();
            entry.expired().ifPresent(marker -> out.println("Expired: " + p.partition().topic() + "-"
                    + p.partition().partition() + " " + marker.describe() + "; not in the backup, so not restored"));
        }
    }

    List<TopicPartitionId> partitions() {
        return entries.stream().map(e -> e.preview().partition()).toList();
    }

    void print(PrintWriter out) {
        out.printf("%-40s %-30s %9s %15s %15s %15s  %s%n", "TOPIC-PARTITION", "TARGET", "OBJECTS", "TO READ",
                "RECORDS", "BYTES", "OFFSETS");
        for (Entry entry : entries) {
            RestorePreview p = entry.preview();
            out.printf("%-40s %-30s %9d %15d %15d %15d  %s%n", p.partition().topic() + "-" + p.partition().partition(),
                    entry.targetTopic(), p.objects(), p.objectsToRead(), p.records(), p.bytesToRead(),
                    p.records() == 0 ? "none" : p.firstOffset() + ".." + p.lastOffset());
        }
        printExpired(out);
        out.printf("Total: %,d partitions, %,d objects to read, %,d records, %,d bytes%n", entries.size(),
                objectsToRead(), records(), bytesToRead());
    }
}
