package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of its backed-up partitions back to Kafka, in offset order per partition, taking turns between
 * partitions so that none starves.
 *
 * <p>Its source offsets record, per backed-up partition, the last original offset written and the progress, so that a
 * restarted task continues where the last committed batch ended; with exactly-once source support on the worker,
 * records and offsets are committed in one transaction. When every partition is done the task idles instead of polling
 * storage, unless it follows a live backup.
 *
 * <p>The next batch is read and decoded on a thread of the task's own while Connect converts and sends the last one,
 * so that the producer's waits for the broker and the reading of the backup overlap. The batch is handed out in order
 * at the next poll; reading it is all that happens on that thread, one batch at a time.
 */
public class RestoreSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(RestoreSourceTask.class);
    private static final long IDLE_WAIT_MS = 1_000;
    private static final long STOP_WAIT_MS = 30_000;
    private static final String TOLERANCE_ALL = "all";

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final RestoreTaskMetrics metrics = new RestoreTaskMetrics();
    private final AtomicLong unacknowledged = new AtomicLong();

    private RestoreSourceConfig config;
    private ObjectStorage storage;
    private BackupCatalog catalog;
    private List<PartitionRestore> partitions;
    private OffsetMapRecorder offsetMap;
    private boolean tolerateCorruption;
    private boolean repartition;
    private boolean provenanceHeaders;
    private boolean totalsKnown;
    private boolean completionLogged;
    private long nextRefreshMs;
    private int nextPartition;
    private ExecutorService batchReader;
    private Future<List<SourceRecord>> nextBatch;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new RestoreSourceConfig(props);
        storage = config.storage().openStorage();
        catalog = new BackupCatalog(storage, config.storage().layout());
        tolerateCorruption = TOLERANCE_ALL.equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none").trim());
        repartition = config.getBoolean(RestoreSourceConfig.REPARTITION);
        provenanceHeaders = config.getBoolean(RestoreSourceConfig.PROVENANCE_HEADERS);
        String mapTopic = config.offsetMapTopic();
        offsetMap = mapTopic.isBlank() ? null : new OffsetMapRecorder(mapTopic);
        TopicMapping mapping = config.topicMapping();
        RestoreWindow window = config.window();

        List<TopicPartitionId> assigned = PartitionAssignment.parse(props.get(PartitionAssignment.TASK_PARTITIONS));
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader()
                .offsets(assigned.stream().map(RestoreProgress::sourcePartition).toList());
        partitions = new ArrayList<>();
        for (TopicPartitionId tp : assigned) {
            RestoreProgress progress = RestoreProgress.fromSourceOffset(stored.get(RestoreProgress.sourcePartition(tp)));
            partitions.add(new PartitionRestore(storage, tp, mapping.target(tp.topic()),
                    catalog.partitions(tp.topic()).getOrDefault(tp.partition(), List.of()), window, progress));
            if (progress != null) {
                log.info("Restore of {} continues after original offset {}", tp, progress.offset());
            }
        }
        batchReader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-restore-reader-"
                    + props.getOrDefault("name", "restore") + "-" + props.getOrDefault(PartitionAssignment.TASK_ID, "0"));
            thread.setDaemon(true);
            return thread;
        });
        metrics.partitionsAssigned.set(partitions.size());
        metrics.register(props.getOrDefault("name", "restore"), props.getOrDefault(PartitionAssignment.TASK_ID, "0"));
        log.info("Restore task started for {} from {}", assigned, storage.location());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (this) {
            if (stopRequested.getCount() == 0) {
                return null;
            }
            if (nextBatch == null) {
                nextBatch = batchReader.submit(this::prepareBatch);
            }
            List<SourceRecord> batch = take(nextBatch);
            nextBatch = null;
            if (offsetMap != null) {
                // Drained now, not when the batch was read: the runs of the records acknowledged since then.
                batch.addAll(offsetMap.drain());
            }
            if (!batch.isEmpty()) {
                // Read the next batch while Connect sends this one.
                nextBatch = batchReader.submit(this::prepareBatch);
                return batch;
            }
        }
        idle();
        return null;
    }

    /** Runs on the batch reader's thread, one at a time. */
    private List<SourceRecord> prepareBatch() {
        if (!totalsKnown) {
            totalsKnown = computeTotals();
        }
        List<SourceRecord> batch = readBatch();
        updateCompletion();
        return batch;
    }

    private static List<SourceRecord> take(Future<List<SourceRecord>> batch) throws InterruptedException {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ConnectException("Reading the backup failed: " + e.getCause(), e.getCause());
        }
    }

    /** Reads the totals for progress reports; false when storage failed in a way that may pass. */
    private boolean computeTotals() {
        try {
            partitions.forEach(PartitionRestore::computeTotals);
            return true;
        } catch (StorageException | UncheckedIOException e) {
            if (e instanceof StorageException storageFailure && !storageFailure.retriable()) {
                throw new ConnectException("Restore failed reading the backup: " + e.getMessage(), e);
            }
            log.warn("Reading object headers failed, trying again at the next poll: {}", e.getMessage());
            return false;
        }
    }

    /** Up to the batch size, a share from each partition in turn. */
    private List<SourceRecord> readBatch() {
        int batchMax = config.getInt(RestoreSourceConfig.BATCH_MAX_RECORDS);
        List<SourceRecord> batch = new ArrayList<>();
        long now = System.currentTimeMillis();
        int share = Math.max(1, batchMax / Math.max(1, partitions.size()));
        for (int turn = 0; turn < partitions.size() && batch.size() < batchMax; turn++) {
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
        nextPartition = (nextPartition + 1) % Math.max(1, partitions.size());
        unacknowledged.addAndGet(batch.size());
        metrics.recordsRestored.addAndGet(batch.size());
        if (offsetMap != null) {
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
            return record == null ? null : toSourceRecord(partition, record);
        } catch (CorruptObjectException e) {
            metrics.corruptObjects.incrementAndGet();
            if (!tolerateCorruption) {
                throw new ConnectException("Restore of " + partition.source() + " stopped: " + e.getMessage()
                        + ". Replace or remove the object, or set errors.tolerance=all to skip what is damaged", e);
            }
            log.error("Skipping the rest of a damaged object while restoring {} (errors.tolerance=all): {}",
                    partition.source(), e.getMessage());
            return null;
        } catch (StorageException | UncheckedIOException e) {
            if (e instanceof StorageException storageFailure && !storageFailure.retriable()) {
                throw new ConnectException("Restore of " + partition.source() + " failed: " + e.getMessage(), e);
            }
            long backoff = config.storage().retryBackoff().toMillis();
            log.warn("Reading the backup of {} failed, retrying in {} ms: {}", partition.source(), backoff,
                    e.getMessage());
            partition.restartAt(now, backoff);
            return null;
        }
    }

    private SourceRecord toSourceRecord(PartitionRestore partition, BackupRecord record) {
        ConnectHeaders headers = new ConnectHeaders();
        for (BackupHeader header : record.headers()) {
            headers.add(header.key(), header.value(), Schema.OPTIONAL_BYTES_SCHEMA);
        }
        if (provenanceHeaders) {
            headers.add("x-old-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8),
                    Schema.OPTIONAL_BYTES_SCHEMA);
            headers.add("x-restored", (record.topic() + "-" + record.partition()).getBytes(StandardCharsets.UTF_8),
                    Schema.OPTIONAL_BYTES_SCHEMA);
        }
        Integer targetPartition = repartition ? null : record.partition();
        return new SourceRecord(partition.sourcePartition(), partition.progressToSend().sourceOffset(), partition.targetTopic(), targetPartition,
                Schema.OPTIONAL_BYTES_SCHEMA, record.key(), Schema.OPTIONAL_BYTES_SCHEMA, record.value(),
                record.timestamp(), headers);
    }

    private void updateCompletion() {
        long complete = partitions.stream().filter(PartitionRestore::complete).count();
        metrics.partitionsComplete.set((int) complete);
        metrics.bytesRead.set(partitions.stream().mapToLong(p -> p.progress().bytes()).sum());
        metrics.objectsRead.set(partitions.stream().mapToLong(p -> p.counters().objectsRead()).sum());
        metrics.objectsSkipped.set(partitions.stream().mapToLong(p -> p.counters().objectsSkipped()).sum());
        if (complete < partitions.size()) {
            return;
        }
        if (config.getBoolean(RestoreSourceConfig.CONTINUOUS)) {
            followBackup();
        } else if (!completionLogged && unacknowledged.get() == 0) {
            completionLogged = true;
            log.info("Restore complete for {}: {} records restored", partitions.stream()
                    .map(PartitionRestore::source).toList(), metrics.getRecordsRestored());
        }
    }

    /** In continuous mode, looks for objects written since the last listing. */
    private void followBackup() {
        long now = System.currentTimeMillis();
        if (now < nextRefreshMs) {
            return;
        }
        nextRefreshMs = now + config.getLong(RestoreSourceConfig.POLL_INTERVAL_MS);
        for (PartitionRestore partition : partitions) {
            partition.refresh(catalog.partitions(partition.source().topic())
                    .getOrDefault(partition.source().partition(), List.of()));
            partition.computeTotals();
        }
    }

    /** Waits without touching storage, until stopped or there may be something to do. */
    private void idle() throws InterruptedException {
        stopRequested.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (offsetMap != null && record.topic().equals(offsetMap.topic())) {
            return;
        }
        unacknowledged.decrementAndGet();
        if (metadata != null && offsetMap == null) {
            // The common case, on the producer's I/O thread for every record: nothing more to note.
            return;
        }
        TopicPartitionId source = new TopicPartitionId((String) record.sourcePartition().get(RestoreProgress.TOPIC),
                ((Number) record.sourcePartition().get(RestoreProgress.PARTITION)).intValue());
        long originalOffset = ((Number) record.sourceOffset().get(RestoreProgress.OFFSET)).longValue();
        if (metadata == null) {
            metrics.failedWrites.incrementAndGet();
            log.error("The record of {} at original offset {} was not written to '{}': the worker dropped it under"
                    + " errors.tolerance=all. Restore this offset again with restore.offset.from/to", source,
                    originalOffset, record.topic());
            return;
        }
        if (offsetMap != null) {
            offsetMap.written(source, originalOffset, metadata.topic(), metadata.partition(), metadata.offset());
        }
    }

    @Override
    public void stop() {
        stopRequested.countDown();
        synchronized (this) {
            if (batchReader != null) {
                // Let a batch being read finish before its streams are closed under it.
                batchReader.shutdown();
                try {
                    if (!batchReader.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                        batchReader.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    batchReader.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
            if (partitions != null) {
                partitions.forEach(PartitionRestore::close);
            }
            if (storage != null) {
                storage.close();
            }
            metrics.unregister();
        }
    }
}
