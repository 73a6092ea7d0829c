package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter.FinishedObject;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.BlockCompressor;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of any number of partitions into stored backup objects, within one memory budget.
 *
 * <p>Each partition has at most one open object, named after its first offset. An object is stored when the
 * {@link RotationPolicy} says so, or early when the objects in memory together hold more than the budget: then the
 * writer waits for uploads under way to free memory, or stores the largest open object when none is under way. Only
 * offsets whose objects are stored are reported by {@link #committableOffsets()}; what is still open in memory or on
 * its way to storage is lost on a crash and delivered again from its first offset, which rewrites the same object name.
 *
 * <p>Completed objects are uploaded on background threads ({@link ObjectUploads}) while records go on arriving. A
 * failure of such an upload is raised by {@link #checkUploads()}, or by the next store of the same partition. An
 * object is stored only where no object of its name is ({@link StoreOnce}), so a task that lost its partition cannot
 * replace the new owner's object, and a topic created again cannot replace its predecessor's.
 *
 * <p>Not thread-safe: a Connect task calls it from its one thread.
 */
public final class BackupWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackupWriter.class);
    private static final int MIN_BLOCK_SIZE_BYTES = 8 * 1024;

    private final BackupLayout layout;
    private final BlockCompressor compressor;
    private final RotationPolicy rotation;
    private final long bufferMaxBytes;
    private final int maxBlockSizeBytes;
    private final Clock clock;

    private final Map<TopicPartitionId, OpenObject> open = new HashMap<>();
    private final Map<String, Incarnation> incarnations = new HashMap<>();
    private final StoreOnce storeOnce;
    private final Map<TopicPartitionId, Long> storedUpTo = new HashMap<>();
    private final ObjectUploads uploads;
    /** Heap of the open objects; objects being uploaded are counted by {@link #uploads}. */
    private long heapBytes;
    private TopicPartitionId lastPartition;
    private final BackupStats stats = new BackupStats();
    private Consumer<TopicPartitionId> storedListener = tp -> { };

    /** A writer that stores each object on the caller's thread before it goes on. */
    public BackupWriter(ObjectStorage storage, BackupLayout layout, Codec codec, RotationPolicy rotation,
            long bufferMaxBytes, int maxBlockSizeBytes, Clock clock) {
        this(storage, layout, codec, rotation, bufferMaxBytes, maxBlockSizeBytes, clock, 0);
    }

    /**
     * @param uploadThreads objects uploaded at once in the background; 0 to store each object on the caller's thread
     *                      before going on
     */
    public BackupWriter(ObjectStorage storage, BackupLayout layout, Codec codec, RotationPolicy rotation,
            long bufferMaxBytes, int maxBlockSizeBytes, Clock clock, int uploadThreads) {
        this.uploads = new ObjectUploads(storage, uploadThreads, 2 * Math.max(1, uploadThreads));
        this.storeOnce = new StoreOnce(storage);
        this.layout = layout;
        this.compressor = BlockCompressor.inBackground(codec, storage.keyRing());
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
        uploads.harvest(this::stored);
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
            Incarnation incarnation = incarnation(tp.topic());
            BackupObjectWriter writer;
            try {
                writer = new BackupObjectWriter(tp.topic(), tp.partition(), compressor, blockSizeBytes());
            } catch (StorageException e) {
                // The key service (AWS KMS) did not wrap the new object's data key: retried as a failed store is.
                throw new ObjectUploadException(tp, record.offset(),
                        layout.objectKey(tp.topic(), incarnation, tp.partition(), record.offset()), e);
            }
            writer.topicId(incarnation.topicId());
            current = new OpenObject(writer, incarnation, clock.millis());
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
        while (bufferedHeapBytes() > bufferMaxBytes && (uploads.inFlight() > 0 || !open.isEmpty())) {
            if (uploads.inFlight() > 0) {
                // Uploads under way free their memory soon: waiting for them keeps objects whole.
                uploads.awaitOldest(this::stored);
                continue;
            }
            TopicPartitionId largest = largestOpenObject();
            log.debug("Buffered backup data ({} bytes) over buffer.max.bytes ({}): storing the open object of {}"
                    + " early", bufferedHeapBytes(), bufferMaxBytes, largest);
            stats.earlyRotations++;
            store(largest);
        }
    }

    /**
     * Raises the failure of an upload that failed in the background, one partition at a time: that partition's open
     * object and later uploads are dropped, and it must be delivered again from the exception's start offset.
     */
    public void checkUploads() {
        uploads.harvest(this::stored);
        raise(uploads.takeFailure());
    }

    /** Drops what the failed partition holds, to be delivered again, and throws the failure; nothing when null. */
    private void raise(RuntimeException failure) {
        if (failure != null) {
            discard(failure instanceof ObjectUploadException upload ? upload.partition()
                    : ((RewindNeededException) failure).partition());
            throw failure;
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

    /**
     * Notes a record the caller leaves out of the backup on purpose (an excluded group's, say): when the partition has
     * nothing open or on its way to storage, its offset counts as handled, so that the committed offset can pass it.
     */
    public void passOver(TopicPartitionId tp, long offset) {
        if (!open.containsKey(tp) && uploads.firstUnstoredOffset(tp) == null) {
            storedUpTo.merge(tp, offset + 1, Math::max);
        }
    }

    /** Stores every open object that has been open longer than the policy's wall-clock interval. */
    public void storeDue() {
        uploads.harvest(this::stored);
        long now = clock.millis();
        List<TopicPartitionId> due = open.entrySet().stream()
                .filter(entry -> rotation.isDue(entry.getValue().openedAtMs, now))
                .map(Map.Entry::getKey)
                .toList();
        due.forEach(this::store);
    }

    /** Stores every open object and waits until every object is stored, for example before a clean shutdown. */
    public void storeAll() {
        List.copyOf(open.keySet()).forEach(this::store);
        uploads.awaitAll(this::stored);
        raise(uploads.takeFailure());
    }

    /** Stores the partition's open object, if it has one, and waits until all its objects are stored. */
    public void storeOpen(TopicPartitionId tp) {
        if (open.containsKey(tp)) {
            store(tp);
        }
        uploads.awaitPartition(tp, this::stored);
        raise(uploads.takeFailure(tp));
    }

    /**
     * For each partition that has stored or open data, the offset from which it would have to be delivered again:
     * the first offset of its open object, or the offset after its last stored one.
     */
    public Map<TopicPartitionId, Long> committableOffsets() {
        uploads.harvest(this::stored);
        Map<TopicPartitionId, Long> offsets = new HashMap<>(storedUpTo);
        open.forEach((tp, object) -> offsets.put(tp, object.writer.firstOffset()));
        for (TopicPartitionId tp : List.copyOf(offsets.keySet())) {
            Long unstored = uploads.firstUnstoredOffset(tp);
            if (unstored != null) {
                offsets.put(tp, unstored);
            }
        }
        return offsets;
    }

    /**
     * Where the topic's objects go from now on ({@link IncarnationResolver}); until told, the original layout without
     * a topic id. Objects already open keep the incarnation they were opened with.
     */
    public void incarnation(String topic, Incarnation incarnation) {
        incarnations.put(topic, incarnation);
    }

    private Incarnation incarnation(String topic) {
        return incarnations.getOrDefault(topic, Incarnation.UNKNOWN);
    }

    /** Tells {@code listener}, on the writer's thread, of each partition that has had an object stored. */
    public void onStored(Consumer<TopicPartitionId> listener) {
        this.storedListener = listener;
    }

    /**
     * When the oldest record not known to be stored reached this writer, by its clock: the time its object was
     * opened. {@link Long#MAX_VALUE} when every record handed over is stored.
     */
    public long oldestUnstoredSinceMs() {
        uploads.harvest(this::stored);
        long oldest = uploads.oldestOpenedAtMs();
        for (OpenObject object : open.values()) {
            oldest = Math.min(oldest, object.openedAtMs);
        }
        return oldest;
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

    /** Drops the partition's open object and uploads under way, whose records will be delivered again. */
    public void discard(TopicPartitionId tp) {
        OpenObject dropped = open.remove(tp);
        if (dropped != null) {
            heapBytes -= dropped.heapBytes;
        }
        uploads.drop(tp);
    }

    /** Heap of the objects in memory: open, or completed and on their way to storage. */
    public long bufferedHeapBytes() {
        return heapBytes + uploads.heapBytes();
    }

    /** How long the latest successful uploads took. */
    public UploadLatency uploadLatency() {
        return uploads.latency();
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
        String key = layout.objectKey(tp.topic(), object.incarnation, tp.partition(), writer.firstOffset());
        FinishedObject finished = writer.finish();
        uploads.start(tp, key, writer.firstOffset(), writer.lastOffset(), finished.summary().recordCount(),
                finished.content().length(), object.heapBytes, object.openedAtMs,
                () -> storeOnce.store(key, finished), this::stored);
        uploads.harvest(this::stored);
        raise(uploads.takeFailure(tp));
    }

    private void stored(ObjectUploads.Upload upload) {
        storedUpTo.merge(upload.partition(), upload.lastOffset() + 1, Math::max);
        stats.objectsStored++;
        stats.recordsStored += upload.records();
        stats.bytesStored += upload.storedBytes();
        storedListener.accept(upload.partition());
        log.debug("Stored {} ({} records, offsets {}..{}, {} bytes)", upload.key(), upload.records(),
                upload.firstOffset(), upload.lastOffset(), upload.storedBytes());
    }

    /** Drops what is open or under way; call {@link #storeAll()} first to keep it. */
    @Override
    public void close() {
        open.clear();
        heapBytes = 0;
        uploads.close();
        compressor.close();
    }

    private static final class OpenObject {
        final BackupObjectWriter writer;
        final Incarnation incarnation;
        final long openedAtMs;
        long heapBytes;

        OpenObject(BackupObjectWriter writer, Incarnation incarnation, long openedAtMs) {
            this.writer = writer;
            this.incarnation = incarnation;
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
