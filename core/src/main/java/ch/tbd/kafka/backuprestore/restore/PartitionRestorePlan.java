package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.util.List;
import java.util.Objects;

/**
 * What to read of one topic-partition: its objects, where to continue, and which records to emit.
 *
 * @param objects    the partition's objects in start-offset order, as {@link BackupCatalog#partitions} lists them
 * @param nextOffset the first original offset not yet restored
 */
public record PartitionRestorePlan(TopicPartitionId partition, List<BackupObjectRef> objects, long nextOffset,
        RestoreWindow window) {

    public PartitionRestorePlan {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(window, "window");
        objects = List.copyOf(objects);
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must not be negative, got " + nextOffset);
        }
        for (int i = 0; i < objects.size(); i++) {
            BackupObjectRef ref = objects.get(i);
            if (ref.partition() != partition.partition() || !ref.topic().equals(partition.topic())) {
                throw new IllegalArgumentException("object " + ref.key() + " does not belong to " + partition);
            }
            if (i > 0 && ref.startOffset() <= objects.get(i - 1).startOffset()) {
                throw new IllegalArgumentException("objects of " + partition + " are not in start-offset order at "
                        + ref.key());
            }
        }
    }

    /** A restore from the start of the window's offset range for this partition. */
    public static PartitionRestorePlan fresh(TopicPartitionId partition, List<BackupObjectRef> objects,
            RestoreWindow window) {
        return new PartitionRestorePlan(partition, objects, window.offsetsFor(partition).from(), window);
    }

    /** The same plan continued from {@code nextOffset}, for example from a restore's committed source offset. */
    public PartitionRestorePlan resumeAt(long offset) {
        return new PartitionRestorePlan(partition, objects, offset, window);
    }
}
