package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.PartitionReader;
import ch.tbd.kafka.backuprestore.restore.PartitionRestorePlan;
import ch.tbd.kafka.backuprestore.restore.ReadCounters;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.restore.SkippedRange;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.RetryRun;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The restore of one backed-up partition inside a task: its reader, where it stands, and whether it is done.
 *
 * <p>Knowing that a record is the partition's last needs a look ahead, which may itself fail (the next object is
 * damaged or unreachable). Such a failure is kept and raised on the next call rather than lost, because the reader has
 * already moved past the object that failed.
 *
 * <p>Read failures that may pass are retried under the retry policy, this partition on its own ({@link #readFailed});
 * damaged objects, when the restore may skip them, become {@link SkippedRange}s that the progress reports.
 */
final class PartitionRestore implements AutoCloseable {

    private final ObjectStorage storage;
    private final TopicPartitionId source;
    private final String targetTopic;
    private PartitionRestorePlan plan;
    private final Map<String, Object> sourcePartition;
    private PartitionReader reader;
    private long bytesBefore;
    private long records;
    private long lastOffset;
    private long totalRecords;
    private long totalBytes;
    /** Totals taken from a stored progress: its objects are not counted again. */
    private boolean totalsStored;
    /** Whether the totals cover every object, so that progress reports may give them. */
    private boolean totalsKnown;
    /** Objects already counted in the totals, so that following a growing backup reads each header once. */
    private final Set<String> counted = new HashSet<>();
    private boolean complete;
    private RuntimeException deferred;
    private boolean completionSent;
    private long retryAtMs;
    private final RetryRun retries;
    private final List<SkippedRange> skipped = new ArrayList<>();
    private long skippedBefore;
    private long damagedObjects;
    private String skippedOffsetsBefore = "";
    /** The range being skipped: its end is known once the next record is read, or the partition is done. */
    private SkippedRange skipping;

    PartitionRestore(ObjectStorage storage, TopicPartitionId source, String targetTopic, List<BackupObjectRef> objects,
            RestoreWindow window, RestoreProgress stored, RetryPolicy retryPolicy) {
        this.storage = storage;
        this.retries = retryPolicy.newRun();
        this.source = source;
        this.sourcePartition = RestoreProgress.sharedSourcePartition(source);
        this.targetTopic = targetTopic;
        PartitionRestorePlan fresh = PartitionRestorePlan.fresh(source, objects, window);
        this.plan = stored == null ? fresh : fresh.resumeAt(Math.max(fresh.nextOffset(), stored.offset() + 1));
        this.reader = new PartitionReader(storage, plan);
        this.lastOffset = stored == null ? -1 : stored.offset();
        if (stored != null) {
            records = stored.records();
            bytesBefore = stored.bytes();
            // A task stopped before it knew its totals stored them as unknown (-1): they are counted again.
            totalsStored = stored.totalRecords() >= 0 && stored.totalBytes() >= 0;
            totalRecords = totalsStored ? stored.totalRecords() : 0;
            totalBytes = totalsStored ? stored.totalBytes() : 0;
            totalsKnown = totalsStored;
            skippedBefore = stored.skippedObjects();
            skippedOffsetsBefore = stored.skippedOffsets();
        }
    }

    TopicPartitionId source() {
        return source;
    }

    /** The source partition map of every record of this partition: one shared map rather than one a record. */
    Map<String, Object> sourcePartition() {
        return sourcePartition;
    }

    String targetTopic() {
        return targetTopic;
    }

    ObjectStorage storage() {
        return storage;
    }

    /** The objects whose records the totals do not count yet ({@link TotalsCount}); none when they were stored. */
    List<BackupObjectRef> uncounted() {
        if (totalsStored) {
            return List.of();
        }
        return plan.objects().stream().filter(ref -> !counted.contains(ref.key())).toList();
    }

    /** Adds an object to the totals, once. */
    void count(BackupObjectRef ref, long records) {
        if (counted.add(ref.key())) {
            totalRecords += records;
            totalBytes += ref.size();
        }
    }

    /** Every object of the partition is counted: progress reports give the totals from now on. */
    void totalsCounted() {
        totalsKnown = true;
    }

    boolean totalsKnown() {
        return totalsKnown;
    }

    /** The next record to restore, or {@code null} when the partition is done. */
    BackupRecord next() {
        if (deferred != null) {
            RuntimeException failure = deferred;
            deferred = null;
            throw failure;
        }
        if (!reader.hasNext()) {
            complete = true;
            endSkipping(Long.MAX_VALUE);
            return null;
        }
        BackupRecord record = reader.next();
        endSkipping(record.offset());
        records++;
        lastOffset = record.offset();
        try {
            complete = !reader.hasNext();
            if (complete) {
                endSkipping(Long.MAX_VALUE);
            }
        } catch (RuntimeException e) {
            deferred = e;
        }
        return record;
    }

    /**
     * Passes over the rest of a damaged object: the reader goes on with the next object, and the offsets from here to
     * the next record read are reported as skipped.
     */
    void skipDamaged(CorruptObjectException damage) {
        damagedObjects++;
        skipping = skipping == null
                ? new SkippedRange(damage.objectName(), reader.nextOffset(), Long.MAX_VALUE)
                // Damaged objects one after the other: one range of offsets, naming each of them.
                : new SkippedRange(skipping.objectKey() + ", " + damage.objectName(), skipping.fromOffset(),
                        Long.MAX_VALUE);
    }

    private void endSkipping(long nextRestored) {
        if (skipping != null) {
            skipped.add(nextRestored == Long.MAX_VALUE ? skipping : skipping.endingBefore(nextRestored));
            skipping = null;
        }
    }

    /** The damaged ranges this task skipped, in offset order; earlier runs' ranges are in the progress only. */
    List<SkippedRange> skipped() {
        return List.copyOf(skipped);
    }

    /** The partition's run of read failures that may pass. */
    RetryRun readFailedRun() {
        return retries;
    }

    /** Ends a run of read failures: a record was read. */
    void readSucceeded() {
        if (retries.failures() > 0) {
            retries.succeeded();
        }
    }

    boolean complete() {
        return complete;
    }

    /** The progress to attach to a record being sent; remembers whether it told that the partition is complete. */
    RestoreProgress progressToSend() {
        RestoreProgress progress = progress();
        completionSent = progress.complete();
        return progress;
    }

    /** Complete, but no record sent so far said so. */
    boolean completionUnsent() {
        return complete && !completionSent;
    }

    /**
     * Where the partition stands. Bytes are bytes of objects processed: a resumed restore reads the object it stopped
     * in again, so they are capped at the total, and are the total once the partition is complete. The totals are -1
     * until every object is counted.
     */
    RestoreProgress progress() {
        long processed = bytesBefore + reader.counters().dataBytesRead();
        long bytes = !totalsKnown ? processed : complete ? totalBytes : Math.min(totalBytes, processed);
        long totalRecords = totalsKnown ? this.totalRecords : -1;
        long totalBytes = totalsKnown ? this.totalBytes : -1;
        if (damagedObjects == 0 && skippedBefore == 0) {
            return new RestoreProgress(lastOffset, records, totalRecords, bytes, totalBytes, complete);
        }
        List<String> ranges = new ArrayList<>();
        if (!skippedOffsetsBefore.isEmpty()) {
            ranges.add(skippedOffsetsBefore);
        }
        skipped.stream().limit(RestoreProgress.SKIPPED_RANGES_KEPT).forEach(range -> ranges.add(range.offsets()));
        return new RestoreProgress(lastOffset, records, totalRecords, bytes, totalBytes, complete,
                skippedBefore + damagedObjects, String.join(",", ranges));
    }

    /** Starts reading again after the last record handed out, for example after a storage failure. */
    void restartAt(long nowMs, long backoffMs) {
        bytesBefore += reader.counters().dataBytesRead();
        reader.close();
        plan = plan.resumeAt(reader.nextOffset());
        reader = new PartitionReader(storage, plan);
        deferred = null;
        retryAtMs = nowMs + backoffMs;
    }

    /** Follows a backup that grew: the same position over a new listing of objects. */
    void refresh(List<BackupObjectRef> objects) {
        bytesBefore += reader.counters().dataBytesRead();
        long next = reader.nextOffset();
        reader.close();
        plan = new PartitionRestorePlan(source, objects, next, plan.window());
        reader = new PartitionReader(storage, plan);
        complete = false;
        completionSent = false;
        totalsKnown = totalsStored || uncounted().isEmpty();
    }

    boolean waiting(long nowMs) {
        return nowMs < retryAtMs;
    }

    ReadCounters counters() {
        return reader.counters();
    }

    @Override
    public void close() {
        reader.close();
    }
}
