package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.retry.RetryDecision;
import ch.tbd.kafka.backuprestore.retry.RetryRun;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a restore task's batches: up to the batch size, a share from each of its partitions in turn so that none
 * starves, with the progress totals, the completion of each partition, and what to do when reading fails.
 *
 * <p>A read failure that may pass pauses only its partition, for a wait that grows with each failure of the run, and
 * fails the task once the retry policy gives up; the task's source offsets say where each partition stands, so a
 * restarted task continues there. A damaged object stops the task, naming it, unless the restore may skip damage
 * ({@code restore.skip.damaged.enabled}): then the offsets it held are reported as skipped, never passed over
 * silently.
 *
 * <p>The totals are counted from the objects' headers on a thread of their own ({@link TotalsCount}): over many objects
 * that takes minutes, and the first records need not wait for it. Records carry totals of -1 until then; a record that
 * says its partition is complete waits for them, so that a complete partition always tells its totals.
 *
 * <p>Runs on the task's read-ahead thread, one batch at a time.
 */
final class RestoreBatchReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreBatchReader.class);
    /**
     * A batch that holds records goes out after this long even if some partitions had no turn: a partition that must
     * read many headers before its first record (a time window deep into its backup) does not hold back the records
     * of the others.
     */
    private static final long BATCH_TIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_CHECK_MS = 100;

    private final List<PartitionRestore> partitions;
    private final BackupCatalog catalog;
    private final RestoreSourceConfig config;
    private final RestoreTaskMetrics metrics;
    private final OffsetMapRecorder offsetMap;
    private final RestoreRecords converter;
    private final AtomicLong unacknowledged;
    private final boolean skipDamaged;
    private final int batchMax;
    private final RetryRun headerRetries;
    private final RetryRun listingRetries;
    private final ExecutorService totalsThread;

    /** A count of the totals under way on {@link #totalsThread}; only while the totals are not known. */
    private Future<TotalsCount.Result> counting;
    private volatile boolean closed;
    private long nextTotalsAttemptMs;
    private boolean completionLogged;
    private long nextRefreshMs;
    private int nextPartition;

    RestoreBatchReader(List<PartitionRestore> partitions, BackupCatalog catalog, RestoreSourceConfig config,
            RestoreTaskMetrics metrics, OffsetMapRecorder offsetMap, AtomicLong unacknowledged, String taskName) {
        this.partitions = partitions;
        this.catalog = catalog;
        this.config = config;
        this.metrics = metrics;
        this.offsetMap = offsetMap;
        this.unacknowledged = unacknowledged;
        this.converter = new RestoreRecords(config.getBoolean(RestoreSourceConfig.REPARTITION),
                config.getBoolean(RestoreSourceConfig.PROVENANCE_HEADERS));
        this.skipDamaged = config.getBoolean(RestoreSourceConfig.SKIP_DAMAGED);
        this.batchMax = config.getInt(RestoreSourceConfig.BATCH_MAX_RECORDS);
        this.headerRetries = config.storage().retryPolicy().newRun();
        this.listingRetries = config.storage().retryPolicy().newRun();
        this.totalsThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-restore-totals-" + taskName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The next batch; empty when there is nothing to read now. */
    List<SourceRecord> nextBatch() {
        long now = System.currentTimeMillis();
        if (!totalsKnown()) {
            countTotals(now, false);
        }
        List<SourceRecord> batch = readBatch(now);
        updateCompletion();
        return batch;
    }

    /**
     * Starts a count of the totals when none runs and a retry is due, and takes the one that ended; with {@code wait},
     * waits for the running one to end. A count that failed in a way that may pass is retried under the retry policy.
     */
    private void countTotals(long now, boolean wait) {
        if (closed) {
            return;
        }
        if (counting == null) {
            if (now < nextTotalsAttemptMs) {
                return;
            }
            TotalsCount count = TotalsCount.of(partitions);
            counting = totalsThread.submit(() -> count.run(() -> closed));
        }
        if (!wait && !counting.isDone()) {
            return;
        }
        TotalsCount.Result result = takeCount();
        counting = null;
        result.apply();
        if (result.failure() == null) {
            headerRetries.succeeded();
            return;
        }
        if (!(result.failure() instanceof StorageException) && !(result.failure() instanceof UncheckedIOException)) {
            throw result.failure();
        }
        RetryDecision decision = retryOrFail(headerRetries, result.failure(),
                "Reading the headers of the backup's objects for the restore's totals");
        log.warn("Reading object headers failed ({}), trying again in {} ms: {}", decision.describe(),
                decision.delayMs(), result.failure().getMessage());
        nextTotalsAttemptMs = System.currentTimeMillis() + decision.delayMs();
    }

    /** The count's result once it ended; a stop ends the wait at once, even while a header read hangs. */
    private TotalsCount.Result takeCount() {
        while (true) {
            if (closed) {
                throw new ConnectException("The restore task stopped while counting its totals");
            }
            try {
                return counting.get(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Still counting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while counting the restore's totals", e);
            } catch (ExecutionException e) {
                throw new ConnectException("Counting the restore's totals failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * Waits until the totals are known, retrying a failed count after its wait; fails the task when the retry policy
     * gives up. A record that completes its partition reports the totals, so it is held until then.
     */
    private void awaitTotals() {
        while (!totalsKnown()) {
            if (closed) {
                throw new ConnectException("The restore task stopped while counting its totals");
            }
            long wait = nextTotalsAttemptMs - System.currentTimeMillis();
            if (counting == null && wait > 0) {
                try {
                    // In steps, so that a stop during a long wait before a retry ends it at once.
                    Thread.sleep(Math.min(wait, STOP_CHECK_MS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Interrupted while waiting to count the restore's totals again", e);
                }
            }
            countTotals(System.currentTimeMillis(), true);
        }
    }

    /** Whether every partition's totals are known: counted, or taken from its stored progress. */
    private boolean totalsKnown() {
        return partitions.stream().allMatch(PartitionRestore::totalsKnown);
    }

    /** Stops a count under way at its next object; safe from another thread than the one reading batches. */
    @Override
    public void close() {
        closed = true;
        totalsThread.shutdown();
    }

    private List<SourceRecord> readBatch(long now) {
        List<SourceRecord> batch = new ArrayList<>();
        int share = Math.max(1, batchMax / Math.max(1, partitions.size()));
        long started = System.nanoTime();
        int turn = 0;
        boolean outOfTime = false;
        for (; turn < partitions.size() && batch.size() < batchMax; turn++) {
            if (!batch.isEmpty() && System.nanoTime() - started >= BATCH_TIME_NANOS) {
                outOfTime = true;
                break;
            }
            PartitionRestore partition = partitions.get((nextPartition + turn) % partitions.size());
            if (partition.complete() || partition.waiting(now)) {
                continue;
            }
            int limit = Math.min(share, batchMax - batch.size());
            for (int i = 0; i < limit; i++) {
                SourceRecord record = read(partition, now);
                if (record == null) {
                    break;
                }
                batch.add(record);
            }
        }
        // The next batch starts one partition further, or at the first one this batch had no time for.
        nextPartition = (nextPartition + (outOfTime ? turn : 1)) % Math.max(1, partitions.size());
        unacknowledged.addAndGet(batch.size());
        metrics.recordsRestored.addAndGet(batch.size());
        if (offsetMap != null && totalsKnown()) {
            for (PartitionRestore partition : partitions) {
                if (partition.completionUnsent()) {
                    batch.add(offsetMap.completion(partition.source(), partition.progressToSend()));
                }
            }
        }
        return batch;
    }

    private SourceRecord read(PartitionRestore partition, long now) {
        try {
            BackupRecord record = partition.next();
            if (record == null) {
                return null;
            }
            if (partition.complete()) {
                awaitTotals();
            }
            partition.readSucceeded();
            return converter.toSourceRecord(partition, record);
        } catch (CorruptObjectException e) {
            metrics.corruptObjects.incrementAndGet();
            if (!skipDamaged) {
                throw new ConnectException("Restore of " + partition.source() + " stopped: " + e.getMessage()
                        + ". Replace or remove the object (kafka-backup verify lists every damaged object), or set"
                        + " " + RestoreSourceConfig.SKIP_DAMAGED + "=true to restore the rest and have the skipped"
                        + " offsets reported", e);
            }
            partition.skipDamaged(e);
            log.error("Skipping the rest of a damaged object while restoring {} ({}=true): {}", partition.source(),
                    RestoreSourceConfig.SKIP_DAMAGED, e.getMessage());
            return null;
        } catch (StorageException | UncheckedIOException e) {
            RetryDecision decision = retryOrFail(partition.readFailedRun(), e,
                    "Restore of " + partition.source() + " stopped: reading the backup");
            log.warn("Reading the backup of {} failed ({}), retrying in {} ms: {}", partition.source(),
                    decision.describe(), decision.delayMs(), e.getMessage());
            partition.restartAt(now, decision.delayMs());
            return null;
        }
    }

    /** Counts a storage failure against {@code run}; fails the task when it cannot pass or retrying is over. */
    private RetryDecision retryOrFail(RetryRun run, RuntimeException failure, String what) {
        if (!StorageErrors.isRetriable(failure)) {
            metrics.storageFailures().failed(failure, false);
            throw new ConnectException(what + " failed: " + failure.getMessage(), failure);
        }
        RetryDecision decision = run.failed();
        metrics.storageFailures().failed(failure, !decision.giveUp());
        if (decision.giveUp()) {
            throw new ConnectException(what + " failed " + decision.attempt() + " times over "
                    + decision.elapsedMs() / 1000 + " s (retry.timeout.ms="
                    + run.policy().timeout().toMillis() + "). Last error: " + failure.getMessage()
                    + ". Restart the task once the store is reachable: the restore continues after the last record"
                    + " it wrote", failure);
        }
        return decision;
    }

    private void updateCompletion() {
        long complete = partitions.stream().filter(PartitionRestore::complete).count();
        metrics.partitionsComplete.set((int) complete);
        metrics.bytesRead.set(partitions.stream().mapToLong(p -> p.progress().bytes()).sum());
        metrics.objectsRead.set(partitions.stream().mapToLong(p -> p.counters().objectsRead()).sum());
        metrics.objectsSkipped.set(partitions.stream().mapToLong(p -> p.counters().objectsSkipped()).sum());
        List<String> skipped = new ArrayList<>();
        partitions.forEach(p -> p.skipped().forEach(range -> skipped.add(p.source() + ": " + range.describe())));
        metrics.skippedRanges = skipped.toArray(String[]::new);
        if (complete < partitions.size()) {
            return;
        }
        if (config.getBoolean(RestoreSourceConfig.CONTINUOUS)) {
            followBackup();
        } else if (!completionLogged && totalsKnown() && unacknowledged.get() == 0) {
            completionLogged = true;
            logCompletion(skipped);
        }
    }

    private void logCompletion(List<String> skipped) {
        List<Object> sources = partitions.stream().map(p -> (Object) p.source()).toList();
        if (skipped.isEmpty()) {
            log.info("Restore complete for {}: {} records restored", sources, metrics.getRecordsRestored());
        } else {
            log.error("Restore complete for {} EXCEPT what damaged objects held: {} records restored, {} offset"
                    + " ranges skipped: {}", sources, metrics.getRecordsRestored(), skipped.size(), skipped);
        }
    }

    /** In continuous mode, looks for objects written since the last listing. */
    private void followBackup() {
        long now = System.currentTimeMillis();
        if (now < nextRefreshMs || !totalsKnown()) {
            // A count under way took the partitions' objects as they were listed: it ends before they change.
            return;
        }
        try {
            // One listing per topic, not per partition: a listing walks every object of the topic.
            Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = new HashMap<>();
            for (PartitionRestore partition : partitions) {
                String topic = partition.source().topic();
                partition.refresh(listings.computeIfAbsent(topic,
                                listed -> catalog.partitions(listed, config.incarnations().get(listed)))
                        .getOrDefault(partition.source().partition(), List.of()));
            }
            listingRetries.succeeded();
            nextRefreshMs = now + config.getLong(RestoreSourceConfig.POLL_INTERVAL_MS);
        } catch (StorageException | UncheckedIOException e) {
            RetryDecision decision = retryOrFail(listingRetries, e, "Listing the backup for new objects");
            log.warn("Listing the backup for new objects failed ({}), trying again in {} ms: {}",
                    decision.describe(), decision.delayMs(), e.getMessage());
            nextRefreshMs = now + decision.delayMs();
        }
    }
}
