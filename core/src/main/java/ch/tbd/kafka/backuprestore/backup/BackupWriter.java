package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter.FinishedObject;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.BlockCompressor;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of any number of partitions into stored backup objects, within one memory budget.
 *
 * <p>Each partition has at most one open object, named after its first offset. An object is stored when the
 * {@link RotationPolicy} says so, or early when the open objects together hold more than the budget: then the largest
 * is stored first. Only offsets whose objects are stored are reported by {@link #committableOffsets()}; what is still
 * open in memory is lost on a crash and delivered again from its first offset, which rewrites the same object name.
 *
 * <p>Not thread-safe: a Connect task calls it from its one thread.
 */
public final class BackupWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackupWriter.class);
    private static final int MIN_BLOCK_SIZE_BYTES = 8 * 1024;

    private final ObjectStorage storage;
    private final BackupLayout layout;
    private final BlockCompressor compressor;
    private final RotationPolicy rotation;
    private final long bufferMaxBytes;
    private final int maxBlockSizeBytes;
    private final Clock clock;

    private final Map<TopicPartitionId, OpenObject> open = new HashMap<>();
    private final Map<TopicPartitionId, Long> storedUpTo = new HashMap<>();
    private long heapBytes;
    private TopicPartitionId lastPartition;
    private final BackupStats stats = new BackupStats();

    public BackupWriter(ObjectStorage storage, BackupLayout layout, Codec codec, RotationPolicy rotation,
            long bufferMaxBytes, int maxBlockSizeBytes, Clock clock) {
        this.storage = storage;
        this.layout = layout;
        this.compressor = new BlockCompressor(codec);
        this.rotation = rotation;
        this.bufferMaxBytes = bufferMaxBytes;
        this.maxBlockSizeBytes = maxBlockSizeBytes;
        this.clock = clock;
    }

    /**
     * Adds a record; may store objects of this or other partitions on the way.
     *
     * @throws ObjectUploadException when storing an object failed; that object's records are dropped
     * @throws RewindNeededException when the record repeats an offset in the middle of the open object: the open object
     *     is dropped and the partition must be delivered again from its first offset
     */
    public void write(BackupRecord record) {
        TopicPartitionId tp = partitionOf(record);
        OpenObject current = open.get(tp);
        if (current != null && record.offset() <= current.writer.lastOffset()) {
            current = restartForRedelivery(tp, current, record.offset());
        }
        if (current != null && rotation.rotatesBefore(current.writer, record.timestamp())) {
            store(tp);
            current = null;
        }
        if (current == null) {
            current = new OpenObject(new BackupObjectWriter(tp.topic(), tp.partition(), compressor,
                    blockSizeBytes()), clock.millis());
            open.put(tp, current);
            heapBytes += current.heapBytes;
        }
        current.writer.append(record);
        long heapNow = current.writer.heapBytes();
        heapBytes += heapNow - current.heapBytes;
        current.heapBytes = heapNow;
        if (rotation.isFull(current.writer)) {
            store(tp);
        }
        while (heapBytes > bufferMaxBytes && !open.isEmpty()) {
            TopicPartitionId largest = largestOpenObject();
            log.debug("Buffered backup data ({} bytes) over buffer.max.bytes ({}): storing the open object of {}"
                    + " early", heapBytes, bufferMaxBytes, largest);
            stats.earlyRotations++;
            store(largest);
        }
    }

    /** Records arrive in runs of one partition: one identifier a run rather than one a record. */
    private TopicPartitionId partitionOf(BackupRecord record) {
        TopicPartitionId last = lastPartition;
        if (last == null || last.partition() != record.partition() || !last.topic().equals(record.topic())) {
            last = new TopicPartitionId(record.topic(), record.partition());
            lastPartition = last;
        }
        return last;
    }

    /**
     * Kafka delivers a partition again from an earlier offset after its consumer was repositioned. From the open
     * object's first offset or before, nothing is lost by starting over; from the middle, the records before would be.
     */
    private OpenObject restartForRedelivery(TopicPartitionId tp, OpenObject current, long offset) {
        long start = current.writer.firstOffset();
        discard(tp);
        if (offset > start) {
            throw new RewindNeededException(tp, start);
        }
        return null;
    }

    /** Stores every open object that has been open longer than the policy's wall-clock interval. */
    public void storeDue() {
        long now = clock.millis();
        List<TopicPartitionId> due = open.entrySet().stream()
                .filter(entry -> rotation.isDue(entry.getValue().openedAtMs, now))
                .map(Map.Entry::getKey)
                .toList();
        due.forEach(this::store);
    }

    /** Stores every open object, for example before a clean shutdown. */
    public void storeAll() {
        List.copyOf(open.keySet()).forEach(this::store);
    }

    /** Stores the partition's open object, if it has one. */
    public void storeOpen(TopicPartitionId tp) {
        if (open.containsKey(tp)) {
            store(tp);
        }
    }

    /**
     * For each partition that has stored or open data, the offset from which it would have to be delivered again:
     * the first offset of its open object, or the offset after its last stored one.
     */
    public Map<TopicPartitionId, Long> committableOffsets() {
        Map<TopicPartitionId, Long> offsets = new HashMap<>(storedUpTo);
        open.forEach((tp, object) -> offsets.put(tp, object.writer.firstOffset()));
        return offsets;
    }

    /** First offset of the partition's open object, or {@code null} when none is open. */
    public Long openObjectStart(TopicPartitionId tp) {
        OpenObject object = open.get(tp);
        return object == null ? null : object.writer.firstOffset();
    }

    /** Drops the partition's open object and what is known about it, for example when the partition is revoked. */
    public void forget(TopicPartitionId tp) {
        discard(tp);
        storedUpTo.remove(tp);
    }

    /** Drops the partition's open object, whose records will be delivered again. */
    public void discard(TopicPartitionId tp) {
        OpenObject dropped = open.remove(tp);
        if (dropped != null) {
            heapBytes -= dropped.heapBytes;
        }
    }

    public long bufferedHeapBytes() {
        return heapBytes;
    }

    public int openObjects() {
        return open.size();
    }

    public BackupStats stats() {
        return stats;
    }

    /**
     * Each open object holds an uncompressed block buffer. With many partitions open at once, smaller blocks keep those
     * buffers to an eighth of the budget, at some cost in compression, rather than crowding out the data.
     */
    private int blockSizeBytes() {
        long share = bufferMaxBytes / (8L * (open.size() + 1));
        return (int) Math.max(MIN_BLOCK_SIZE_BYTES, Math.min(maxBlockSizeBytes, share));
    }

    private TopicPartitionId largestOpenObject() {
        TopicPartitionId largest = null;
        long largestBytes = -1;
        for (Map.Entry<TopicPartitionId, OpenObject> entry : open.entrySet()) {
            if (entry.getValue().heapBytes > largestBytes) {
                largest = entry.getKey();
                largestBytes = entry.getValue().heapBytes;
            }
        }
        return largest;
    }

    private void store(TopicPartitionId tp) {
        OpenObject object = open.remove(tp);
        heapBytes -= object.heapBytes;
        BackupObjectWriter writer = object.writer;
        String key = layout.objectKey(tp.topic(), tp.partition(), writer.firstOffset());
        FinishedObject finished = writer.finish();
        try {
            storage.put(key, finished.content());
        } catch (StorageException e) {
            throw new ObjectUploadException(tp, writer.firstOffset(), key, e);
        }
        storedUpTo.put(tp, writer.lastOffset() + 1);
        stats.objectsStored++;
        stats.recordsStored += finished.summary().recordCount();
        stats.bytesStored += finished.content().length();
        log.debug("Stored {} ({} records, offsets {}..{}, {} bytes)", key, finished.summary().recordCount(),
                writer.firstOffset(), writer.lastOffset(), finished.content().length());
    }

    @Override
    public void close() {
        open.clear();
        heapBytes = 0;
        compressor.close();
    }

    private static final class OpenObject {
        final BackupObjectWriter writer;
        final long openedAtMs;
        long heapBytes;

        OpenObject(BackupObjectWriter writer, long openedAtMs) {
            this.writer = writer;
            this.openedAtMs = openedAtMs;
            this.heapBytes = writer.heapBytes();
        }
    }

    /** Counters since the writer was created. */
    public static final class BackupStats {
        long objectsStored;
        long recordsStored;
        long bytesStored;
        long earlyRotations;

        public long objectsStored() {
            return objectsStored;
        }

        public long recordsStored() {
            return recordsStored;
        }

        public long bytesStored() {
            return bytesStored;
        }

        public long earlyRotations() {
            return earlyRotations;
        }
    }
}
