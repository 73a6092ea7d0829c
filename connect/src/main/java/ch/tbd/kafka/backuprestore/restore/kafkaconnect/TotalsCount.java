package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.HeaderReadAhead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One count of the records in a task's objects not counted yet, from their headers, for the totals of its progress
 * reports. The objects are taken from the partitions on the thread that reads them ({@link #of}); the headers may then
 * be read on any thread ({@link #run}), and what was counted is added to the partitions on the first thread again
 * ({@link Result#apply}), as a partition is not shared between threads.
 *
 * <p>The headers are read ahead across all the partitions, so that a task of many partitions with few objects each
 * waits as little as one of few partitions with many.
 */
final class TotalsCount {

    private final List<PartitionRestore> partitions;
    private final List<PartitionRestore> owners;
    private final List<BackupObjectRef> objects;

    private TotalsCount(List<PartitionRestore> partitions, List<PartitionRestore> owners,
            List<BackupObjectRef> objects) {
        this.partitions = partitions;
        this.owners = owners;
        this.objects = objects;
    }

    /** The objects of the partitions that are not counted yet. */
    static TotalsCount of(List<PartitionRestore> partitions) {
        List<PartitionRestore> owners = new ArrayList<>();
        List<BackupObjectRef> objects = new ArrayList<>();
        for (PartitionRestore partition : partitions) {
            for (BackupObjectRef ref : partition.uncounted()) {
                owners.add(partition);
                objects.add(ref);
            }
        }
        return new TotalsCount(List.copyOf(partitions), List.copyOf(owners), List.copyOf(objects));
    }

    /**
     * Reads the headers in order until all are read, one fails or {@code stopped} says so; what was counted before is
     * kept. A damaged header counts no records: reading the object reports the damage where errors.tolerance applies.
     */
    Result run(BooleanSupplier stopped) {
        List<Counted> counted = new ArrayList<>(objects.size());
        if (objects.isEmpty()) {
            return new Result(partitions, counted, null, false);
        }
        try (HeaderReadAhead headers = HeaderReadAhead.of(owners.get(0).storage(), objects)) {
            for (int i = 0; i < objects.size(); i++) {
                if (stopped.getAsBoolean()) {
                    return new Result(partitions, counted, null, true);
                }
                long records;
                try {
                    records = headers.next().summary().recordCount();
                } catch (CorruptObjectException e) {
                    records = 0;
                }
                counted.add(new Counted(owners.get(i), objects.get(i), records));
            }
        } catch (RuntimeException e) {
            return new Result(partitions, counted, e, false);
        }
        return new Result(partitions, counted, null, false);
    }

    /** An object counted, with the records its header gives. */
    record Counted(PartitionRestore partition, BackupObjectRef object, long records) {}

    /**
     * @param partitions the partitions whose objects the count took
     * @param failure    what ended the count before its last object, or {@code null}
     * @param stopped    whether the count was stopped before its last object
     */
    record Result(List<PartitionRestore> partitions, List<Counted> counted, RuntimeException failure,
            boolean stopped) {

        /**
         * Adds the counted objects to their partitions' totals. The partitions' totals are known once a count ended
         * without failure or stop: it took every object they had not counted.
         */
        void apply() {
            for (Counted each : counted) {
                each.partition().count(each.object(), each.records());
            }
            if (failure == null && !stopped) {
                partitions.forEach(PartitionRestore::totalsCounted);
            }
        }
    }
}
