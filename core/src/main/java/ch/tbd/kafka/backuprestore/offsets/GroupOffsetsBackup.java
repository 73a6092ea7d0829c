package ch.tbd.kafka.backuprestore.offsets;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.PartitionReader;
import ch.tbd.kafka.backuprestore.restore.PartitionRestorePlan;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * The consumer-group offsets a backup location holds, whichever way they were captured: the raw records of
 * {@code __consumer_offsets} backed up like any topic (by {@code ConsumerOffsetsBackupSinkConnector}), which tell every
 * commit with its time, or snapshots of committed offsets read through the Admin API, stored under
 * {@code ~group-offsets/}. The raw records are exact at any moment; snapshots at the moments they were taken. Where
 * both are present, the raw records are read.
 */
public final class GroupOffsetsBackup {

    public static final String OFFSETS_TOPIC = "__consumer_offsets";
    static final String SNAPSHOTS = "group-offsets";
    private static final String SNAPSHOT_NAME = "snapshot-";

    private final ObjectStorage storage;
    private final BackupLayout layout;

    public GroupOffsetsBackup(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /**
     * Stores a snapshot, named by the moment it was taken and who took it, so that snapshots sort by time and two
     * connectors writing to one location do not meet.
     */
    public String store(GroupOffsetsSnapshot snapshot, String writer) {
        String key = layout.metadataPrefix(SNAPSHOTS) + SNAPSHOT_NAME + zeroPadded(snapshot.capturedAt()) + "-"
                + writer.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
        storage.put(key, ObjectContent.of(snapshot.toJson()));
        return key;
    }

    /** How the location captured group offsets, if it did. */
    public enum Source { RAW_RECORDS, ADMIN_SNAPSHOTS, NONE }

    public Source source() {
        if (!new BackupCatalog(storage, layout).partitions(OFFSETS_TOPIC).isEmpty()) {
            return Source.RAW_RECORDS;
        }
        return latestSnapshot(Long.MAX_VALUE).isPresent() ? Source.ADMIN_SNAPSHOTS : Source.NONE;
    }

    /**
     * The selected groups' committed offsets as of {@code asOf} (epoch milliseconds, {@link Long#MAX_VALUE} for the
     * latest).
     */
    public CommittedOffsets committedOffsets(GroupFilter selected, long asOf) {
        CommittedOffsets offsets = new CommittedOffsets(selected, asOf);
        SortedMap<Integer, List<BackupObjectRef>> raw = new BackupCatalog(storage, layout).partitions(OFFSETS_TOPIC);
        if (!raw.isEmpty()) {
            // Records after the moment change nothing; their objects need not be read.
            RestoreWindow window = asOf == Long.MAX_VALUE ? RestoreWindow.all()
                    : RestoreWindow.all().withTimes(null, asOf + 1);
            raw.forEach((partition, objects) -> replay(new TopicPartitionId(OFFSETS_TOPIC, partition), objects,
                    window, offsets));
            return offsets;
        }
        latestSnapshot(asOf).ifPresent(key -> offsets.applyAll(readSnapshot(key).offsets()));
        return offsets;
    }

    private void replay(TopicPartitionId partition, List<BackupObjectRef> objects, RestoreWindow window,
            CommittedOffsets offsets) {
        try (PartitionReader reader = new PartitionReader(storage,
                PartitionRestorePlan.fresh(partition, objects, window))) {
            while (reader.hasNext()) {
                BackupRecord record = reader.next();
                offsets.apply(OffsetsTopicDecoder.decode(record.key(), record.value()),
                        record.timestamp() == null ? Long.MIN_VALUE : record.timestamp());
            }
        }
    }

    /** The key of the latest snapshot taken at or before {@code asOf}. */
    public Optional<String> latestSnapshot(long asOf) {
        try (Stream<StoredObject> snapshots = storage.list(layout.metadataPrefix(SNAPSHOTS) + SNAPSHOT_NAME)) {
            return snapshots.map(StoredObject::key)
                    .filter(key -> capturedAt(key) <= asOf)
                    .reduce((earlier, later) -> later);
        }
    }

    /** Snapshots' capture times by key, in time order. */
    public Map<String, Long> snapshots() {
        try (Stream<StoredObject> snapshots = storage.list(layout.metadataPrefix(SNAPSHOTS) + SNAPSHOT_NAME)) {
            Map<String, Long> times = new java.util.LinkedHashMap<>();
            snapshots.forEach(object -> times.put(object.key(), capturedAt(object.key())));
            return times;
        }
    }

    private GroupOffsetsSnapshot readSnapshot(String key) {
        try (InputStream in = storage.get(key)) {
            return GroupOffsetsSnapshot.fromJson(in, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long capturedAt(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        try {
            return Long.parseLong(name.substring(SNAPSHOT_NAME.length(), SNAPSHOT_NAME.length() + 20));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String zeroPadded(long millis) {
        String digits = Long.toString(millis);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }
}
