package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Completed objects on their way to storage, uploaded on background threads while the task goes on consuming, so
 * that neither the upload's CPU nor its wait for the store's answer holds consumption up.
 *
 * <p>A partition's objects count as stored strictly in order: an object whose upload finished is {@linkplain #harvest
 * harvested} only once every earlier object of its partition is, so committed offsets never pass an object that may
 * still fail. A failed upload takes the partition's later uploads out of the count with it and waits, as a
 * {@link ObjectUploadException}, for the caller to {@linkplain #takeFailure take} it and rewind the partition. So does
 * an upload that found its name taken by an object of the same log that ends earlier ({@link StoreOnce}): what it
 * holds counts as stored, and the partition must be delivered again after its end ({@link RewindNeededException}).
 *
 * <p>With no upload threads, every upload runs on the caller's thread as it is started: the synchronous behaviour, for
 * tests and tools. Not thread-safe: one caller thread; only the uploads themselves run elsewhere.
 */
final class ObjectUploads implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** An object being uploaded, or uploaded and waiting for the earlier objects of its partition. */
    record Upload(long sequence, TopicPartitionId partition, String key, long firstOffset, long lastOffset,
            long records, long storedBytes, long heapBytes, long openedAtMs, CompletableFuture<Long> done) {}

    /** Stores one object; returns the last offset the object stored under its name holds. */
    @FunctionalInterface
    interface StoreJob {
        long store();
    }

    private final ObjectStorage storage;
    private final ExecutorService executor;
    private final int maxInFlight;
    private final Map<TopicPartitionId, Deque<Upload>> pending = new HashMap<>();
    private final UploadLatency latency = new UploadLatency();
    /** Per partition, the {@link ObjectUploadException} or {@link RewindNeededException} the caller must take. */
    private final Map<TopicPartitionId, RuntimeException> failures = new LinkedHashMap<>();
    /** Uploads finished since the last harvest: lets the hot path skip harvesting when nothing changed. */
    private final AtomicInteger finishedSinceHarvest = new AtomicInteger();
    private int count;
    private long heapBytes;
    private long sequence;

    /**
     * @param threads     upload threads; 0 to upload on the caller's thread
     * @param maxInFlight most uploads not yet harvested; starting one more waits for the oldest
     */
    ObjectUploads(ObjectStorage storage, int threads, int maxInFlight) {
        this.storage = storage;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.executor = threads == 0 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-upload-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts storing an object with a plain put; without upload threads it is stored when this returns. */
    void start(TopicPartitionId partition, String key, long firstOffset, long lastOffset, long records,
            long heapBytes, long openedAtMs, ObjectContent content, Consumer<Upload> stored) {
        start(partition, key, firstOffset, lastOffset, records, content.length(), heapBytes, openedAtMs, () -> {
            storage.put(key, content);
            return lastOffset;
        }, stored);
    }

    /**
     * Starts storing an object with {@code job}; without upload threads it is stored (or has failed) when this
     * returns.
     */
    void start(TopicPartitionId partition, String key, long firstOffset, long lastOffset, long records,
            long storedBytes, long heapBytes, long openedAtMs, StoreJob job, Consumer<Upload> stored) {
        while (count >= maxInFlight) {
            awaitOldest(stored);
        }
        StoreJob timed = () -> {
            long started = System.nanoTime();
            long end = job.store();
            latency.record((System.nanoTime() - started) / 1_000_000);
            return end;
        };
        CompletableFuture<Long> done = executor == null ? runHere(timed)
                : CompletableFuture.supplyAsync(timed::store, executor);
        done.whenComplete((ignored, failure) -> finishedSinceHarvest.incrementAndGet());
        pending.computeIfAbsent(partition, tp -> new ArrayDeque<>()).add(new Upload(sequence++, partition, key,
                firstOffset, lastOffset, records, storedBytes, heapBytes, openedAtMs, done));
        count++;
        this.heapBytes += heapBytes;
    }

    private static CompletableFuture<Long> runHere(StoreJob job) {
        try {
            return CompletableFuture.completedFuture(job.store());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** How long the latest successful uploads took; failed ones are not counted. */
    UploadLatency latency() {
        return latency;
    }

    /**
     * Hands each partition's uploads that finished, in order, to {@code stored}; a failed one becomes the partition's
     * failure, dropping the uploads after it.
     */
    void harvest(Consumer<Upload> stored) {
        if (finishedSinceHarvest.get() == 0 || finishedSinceHarvest.getAndSet(0) == 0) {
            return;
        }
        for (Iterator<Map.Entry<TopicPartitionId, Deque<Upload>>> partitions = pending.entrySet().iterator();
                partitions.hasNext(); ) {
            Deque<Upload> uploads = partitions.next().getValue();
            while (!uploads.isEmpty() && uploads.peekFirst().done().isDone()) {
                Upload upload = uploads.pollFirst();
                release(upload);
                Throwable failure = failureOf(upload);
                if (failure == null && upload.done().join() >= upload.lastOffset()) {
                    stored.accept(upload);
                    continue;
                }
                if (failure == null) {
                    // Its name held an object of the same log that ends earlier: the rest must be stored anew.
                    long end = upload.done().join();
                    stored.accept(new Upload(upload.sequence(), upload.partition(), upload.key(),
                            upload.firstOffset(), end, 0, 0, upload.heapBytes(), upload.openedAtMs(), upload.done()));
                    failures.putIfAbsent(upload.partition(), new RewindNeededException(upload.partition(), end + 1));
                } else {
                    // An earlier failure of the partition, not taken yet, starts lower: it is the one to rewind to.
                    failures.putIfAbsent(upload.partition(), failed(upload, failure));
                }
                uploads.forEach(this::release);
                uploads.clear();
            }
            if (uploads.isEmpty()) {
                partitions.remove();
            }
        }
    }

    /** Waits for the oldest upload of any partition to finish, then harvests. */
    void awaitOldest(Consumer<Upload> stored) {
        // A partition's uploads are in the order they started, so the oldest of all heads one of them.
        pending.values().stream().map(Deque::peekFirst).min(Comparator.comparingLong(Upload::sequence))
                .ifPresent(this::await);
        finishedSinceHarvest.incrementAndGet();
        harvest(stored);
    }

    /** Waits for every upload of the partition to finish, then harvests. */
    void awaitPartition(TopicPartitionId partition, Consumer<Upload> stored) {
        Deque<Upload> uploads = pending.get(partition);
        if (uploads != null) {
            uploads.forEach(this::await);
        }
        finishedSinceHarvest.incrementAndGet();
        harvest(stored);
    }

    /** Waits for every upload to finish, then harvests. */
    void awaitAll(Consumer<Upload> stored) {
        pending.values().forEach(uploads -> uploads.forEach(this::await));
        finishedSinceHarvest.incrementAndGet();
        harvest(stored);
    }

    private void await(Upload upload) {
        try {
            upload.done().join();
        } catch (CompletionException | CancellationException e) {
            // Seen by harvest.
        }
    }

    /** First offset of the partition's earliest object not known to be stored, or {@code null} when none is pending. */
    Long firstUnstoredOffset(TopicPartitionId partition) {
        RuntimeException failure = failures.get(partition);
        if (failure instanceof ObjectUploadException uploadFailure) {
            return uploadFailure.startOffset();
        }
        if (failure instanceof RewindNeededException rewind) {
            return rewind.offset();
        }
        Deque<Upload> uploads = pending.get(partition);
        return uploads == null || uploads.isEmpty() ? null : uploads.peekFirst().firstOffset();
    }

    /** The failure or rewind of one partition, removed; {@code null} when none is waiting. */
    RuntimeException takeFailure() {
        Iterator<RuntimeException> waiting = failures.values().iterator();
        if (!waiting.hasNext()) {
            return null;
        }
        RuntimeException failure = waiting.next();
        waiting.remove();
        return failure;
    }

    /** The partition's failure or rewind, removed; {@code null} when none is waiting. */
    RuntimeException takeFailure(TopicPartitionId partition) {
        return failures.remove(partition);
    }

    /**
     * Forgets the partition's uploads and failure: its records will be delivered again. Uploads still running finish
     * on their own; an object they store is written again under the same name.
     */
    void drop(TopicPartitionId partition) {
        Deque<Upload> uploads = pending.remove(partition);
        if (uploads != null) {
            uploads.forEach(this::release);
        }
        failures.remove(partition);
    }

    /** When the oldest object not known to be stored was opened, or {@link Long#MAX_VALUE} when none is pending. */
    long oldestOpenedAtMs() {
        long oldest = Long.MAX_VALUE;
        for (Deque<Upload> uploads : pending.values()) {
            if (!uploads.isEmpty()) {
                oldest = Math.min(oldest, uploads.peekFirst().openedAtMs());
            }
        }
        return oldest;
    }

    /** Heap held by the objects of uploads not harvested yet. */
    long heapBytes() {
        return heapBytes;
    }

    int inFlight() {
        return count;
    }

    private void release(Upload upload) {
        count--;
        heapBytes -= upload.heapBytes();
    }

    private static Throwable failureOf(Upload upload) {
        try {
            upload.done().join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    private static ObjectUploadException failed(Upload upload, Throwable failure) {
        StorageException cause = failure instanceof StorageException storageFailure ? storageFailure
                : new StorageException("unexpected failure: " + failure, false, failure);
        return new ObjectUploadException(upload.partition(), upload.firstOffset(), upload.key(), cause);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        pending.clear();
        failures.clear();
        count = 0;
        heapBytes = 0;
    }
}
