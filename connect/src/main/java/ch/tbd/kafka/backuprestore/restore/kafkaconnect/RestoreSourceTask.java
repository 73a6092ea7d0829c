package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarker;
import ch.tbd.kafka.backuprestore.retention.ExpiryMarkers;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of its backed-up partitions back to Kafka, in offset order per partition.
 *
 * <p>Its source offsets record, per backed-up partition, the last original offset written and the progress, so that a
 * restarted task continues where the last committed batch ended; with exactly-once source support on the worker,
 * records and offsets are committed in one transaction. When every partition is done the task idles instead of polling
 * storage, unless it follows a live backup.
 *
 * <p>The next batch is read while Connect sends the last one ({@link BatchReadAhead}).
 */
public class RestoreSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(RestoreSourceTask.class);
    private static final long IDLE_WAIT_MS = 1_000;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final RestoreTaskMetrics metrics = new RestoreTaskMetrics();
    private final AtomicLong unacknowledged = new AtomicLong();

    private ObjectStorage storage;
    private List<PartitionRestore> partitions;
    private OffsetMapRecorder offsetMap;
    /** Volatile: {@link #stop} tells it to stop without the lock, which a poll waiting for a batch holds. */
    private volatile BatchReadAhead batches;
    private WriteStallWatch stallWatch;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RestoreSourceConfig config = new RestoreSourceConfig(props);
        storage = config.storage().openStorage();
        BackupCatalog catalog = new BackupCatalog(storage, config.storage().layout(), config.instanceNameRestore());
        String mapTopic = config.offsetMapTopic();
        offsetMap = mapTopic.isBlank() ? null : new OffsetMapRecorder(mapTopic);
        List<TopicPartitionId> assigned = PartitionAssignment.parse(props.get(PartitionAssignment.TASK_PARTITIONS));
        partitions = openPartitions(config, catalog, assigned);
        String taskId = props.getOrDefault(PartitionAssignment.TASK_ID, "0");
        String taskName = props.getOrDefault("name", "restore") + "-" + taskId;
        batches = new BatchReadAhead(
                new RestoreBatchReader(partitions, catalog, config, metrics, offsetMap, unacknowledged, taskName),
                taskName);
        stallWatch = new WriteStallWatch(config.topicMapping().targets().values(), unacknowledged, taskName);
        metrics.stalledMs = stallWatch::stalledMs;
        metrics.partitionsAssigned.set(partitions.size());
        metrics.register(props.getOrDefault("name", "restore"), taskId, new StorageFailureMetrics(storage));
        log.info("Restore task started for {} from {}", assigned, storage.location());
    }

    /** The partitions to restore, each where its committed source offset says it stands. */
    private List<PartitionRestore> openPartitions(RestoreSourceConfig config, BackupCatalog catalog,
            List<TopicPartitionId> assigned) {
        TopicMapping mapping = config.topicMapping();
        RestoreWindow window = config.window();
        RetryPolicy retryPolicy = config.storage().retryPolicy();
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader()
                .offsets(assigned.stream().map(RestoreProgress::sourcePartition).toList());
        Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = new HashMap<>();
        List<PartitionRestore> opened = new ArrayList<>();
        ExpiryMarkers markers = new ExpiryMarkers(storage, config.storage().layout());
        Map<String, Map<Integer, ExpiryMarker>> expired = new HashMap<>();
        for (TopicPartitionId tp : assigned) {
            SortedMap<Integer, List<BackupObjectRef>> listing = listings.computeIfAbsent(tp.topic(),
                    topic -> Retrying.call(retryPolicy, "list the backup of topic " + topic + " at "
                            + storage.location(), () -> catalog.partitions(topic, config.incarnations().get(topic)),
                            StorageErrors::isRetriable));
            RestoreProgress progress = RestoreProgress.fromSourceOffset(stored.get(RestoreProgress.sourcePartition(tp)));
            opened.add(new PartitionRestore(storage, tp, mapping.target(tp.topic()),
                    listing.getOrDefault(tp.partition(), List.of()), window, progress, retryPolicy));
            if (progress != null) {
                log.info("Restore of {} continues after original offset {}", tp, progress.offset());
            } else {
                ExpiryMarker marker = expired.computeIfAbsent(tp.topic(), topic -> markers.forPartitions(listing))
                        .get(tp.partition());
                if (marker != null) {
                    log.info("Restore of {}: {}; they are not in the backup and are not restored", tp,
                            marker.describe());
                }
            }
        }
        return opened;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (this) {
            if (stopRequested.getCount() == 0) {
                return null;
            }
            List<SourceRecord> batch = batches.take();
            if (batch == null) {
                return null;
            }
            if (offsetMap != null) {
                // Drained now, not when the batch was read: the runs of the records acknowledged since then.
                batch.addAll(offsetMap.drain());
            }
            if (!batch.isEmpty()) {
                stallWatch.progressed();
                // Read the next batch while Connect sends this one.
                batches.readNext();
                return batch;
            }
        }
        idle();
        return null;
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
        stallWatch.progressed();
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
        BatchReadAhead reading = batches;
        if (reading != null) {
            // Before the lock, so that a batch waiting for the totals does not wait for a count of every object.
            reading.stopReading();
        }
        synchronized (this) {
            if (reading != null) {
                reading.awaitStopped();
            }
            if (stallWatch != null) {
                stallWatch.close();
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
