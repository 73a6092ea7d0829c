package ch.tbd.kafka.backuprestore.offsets;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.OffsetRange;
import ch.tbd.kafka.backuprestore.restore.PartitionReader;
import ch.tbd.kafka.backuprestore.restore.PartitionRestorePlan;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which original offsets of a backed-up partition a restore wrote records of: the backup's records within the
 * restore's window. Read from the objects, with a ranged read of the blocks that hold the asked offsets; asked only
 * where the offset map leaves offsets uncovered.
 */
public final class RestoredRecords {

    private final ObjectStorage storage;
    private final BackupCatalog catalog;
    private final RestoreWindow window;
    private final Map<String, Map<Integer, List<BackupObjectRef>>> listings = new HashMap<>();

    public RestoredRecords(ObjectStorage storage, BackupLayout layout, RestoreWindow window) {
        this.storage = storage;
        this.catalog = new BackupCatalog(storage, layout);
        this.window = window;
    }

    public Coverage.GapCheck of(TopicPartitionId partition) {
        return (from, to) -> {
            List<BackupObjectRef> objects = listings.computeIfAbsent(partition.topic(),
                    topic -> new HashMap<>(catalog.partitions(topic))).getOrDefault(partition.partition(), List.of());
            OffsetRange asked = new OffsetRange(from, to == Long.MAX_VALUE ? Long.MAX_VALUE : to + 1);
            OffsetRange restored = window.offsetsFor(partition);
            OffsetRange both = new OffsetRange(Math.max(asked.from(), restored.from()),
                    Math.max(Math.max(asked.from(), restored.from()), Math.min(asked.to(), restored.to())));
            try (PartitionReader reader = new PartitionReader(storage, PartitionRestorePlan.fresh(partition, objects,
                    window.withOffsets(partition, both)))) {
                return reader.hasNext() ? reader.next().offset() : -1;
            }
        };
    }
}
