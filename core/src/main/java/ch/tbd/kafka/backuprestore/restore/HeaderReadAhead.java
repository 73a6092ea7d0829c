package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.ObjectHeader;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the headers of a run of objects in their order, with several reads in flight ahead of the one asked for.
 *
 * <p>A header is one small ranged read, so reading thousands of them one after the other is all waiting: tens of
 * milliseconds each on S3, minutes for a partition of many objects. A point-in-time restore, {@code describe} and a
 * restore's progress totals each need every header of a partition before their first record or line; with reads in
 * flight the wait is divided by their number.
 *
 * <p>Memory stays bounded however many readers are open, as a restore task opens one per partition: all readers share
 * {@value #THREADS} threads and at most {@value #HEADERS_AHEAD_IN_PROCESS} headers read ahead and not yet taken, each
 * reader an equal share of them. A task takes records from its partitions in turn, so a reader waiting for its turn
 * holds the headers it read ahead: with more than a fair share, the first partitions would hold all of them and the
 * last read one header at a time. A reader that finds none free reads its next header itself when it is asked for, as
 * if it read none ahead.
 *
 * <p>A failed read is raised when its header's turn comes, as the storage raised it, so errors name the same object in
 * the same order as without read-ahead. Headers are taken by one thread at a time; {@link #close} may come from any.
 */
public final class HeaderReadAhead implements AutoCloseable {

    /** Reads in flight per reader: enough to hide S3's latency behind one another. */
    public static final int DEFAULT_AHEAD = 32;
    static final int THREADS = 32;
    static final int HEADERS_AHEAD_IN_PROCESS = 256;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final ThreadPoolExecutor READERS = readers();
    private static final Semaphore AHEAD = new Semaphore(HEADERS_AHEAD_IN_PROCESS);
    /** Readers with headers left to take, among which the headers ahead are shared. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final ObjectStorage storage;
    private final List<String> keys;
    private final int ahead;
    private final ArrayDeque<CompletableFuture<Read>> inFlight = new ArrayDeque<>();
    private final AtomicLong bytesRead = new AtomicLong();
    /** The index of the next key to take; those from here to {@code scheduled} are in flight. */
    private int next;
    private int scheduled;
    private boolean open;
    private boolean closed;

    /**
     * @param keys  the objects, in the order their headers will be taken
     * @param ahead the most reads in flight for this reader (1 reads none ahead)
     */
    public HeaderReadAhead(ObjectStorage storage, List<String> keys, int ahead) {
        if (ahead < 1) {
            throw new IllegalArgumentException("ahead must be at least 1, not " + ahead);
        }
        this.storage = storage;
        this.keys = List.copyOf(keys);
        this.ahead = ahead;
        this.open = !this.keys.isEmpty();
        if (open) {
            OPEN.incrementAndGet();
        }
    }

    public HeaderReadAhead(ObjectStorage storage, List<String> keys) {
        this(storage, keys, DEFAULT_AHEAD);
    }

    /** Readers of the keys of {@code objects}, in their order. */
    public static HeaderReadAhead of(ObjectStorage storage, List<BackupObjectRef> objects) {
        return new HeaderReadAhead(storage, objects.stream().map(BackupObjectRef::key).toList());
    }

    public boolean hasNext() {
        return next < keys.size();
    }

    /** The key whose header {@link #next()} gives. */
    public String nextKey() {
        if (!hasNext()) {
            throw new NoSuchElementException("every header of the " + keys.size() + " objects was taken");
        }
        return keys.get(next);
    }

    /**
     * The next object's header, read ahead when a read was free; raises that object's read failure.
     */
    public ObjectHeader next() {
        String key;
        CompletableFuture<Read> read;
        synchronized (this) {
            key = nextKey();
            scheduleAhead();
            read = inFlight.pollFirst();
            next++;
            if (next == keys.size()) {
                leave();
            }
            if (read != null) {
                AHEAD.release();
            }
        }
        // The wait is outside the lock, so that close() from a stopping task never waits for a read.
        try {
            if (read == null) {
                return BackupObjectReader.readHeader(storage, key, bytesRead::addAndGet);
            }
            Read done = read.join();
            bytesRead.addAndGet(done.bytes());
            return done.header();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        } finally {
            synchronized (this) {
                scheduleAhead();
            }
        }
    }

    /** Bytes transferred by the reads of headers taken so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /**
     * Gives up the reads in flight; their headers are dropped when they arrive. Safe from another thread than the one
     * taking headers, as a task's stop closes its readers while a read may still be under way: nothing is read ahead
     * after it, so every header read ahead is given back to the process.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (CompletableFuture<Read> read; (read = inFlight.pollFirst()) != null; ) {
            read.cancel(false);
            AHEAD.release();
        }
        leave();
    }

    private void leave() {
        if (open) {
            open = false;
            OPEN.decrementAndGet();
        }
    }

    /** Starts reads of the keys after those in flight, while this reader and the process have room. */
    private void scheduleAhead() {
        if (closed) {
            return;
        }
        scheduled = Math.max(scheduled, next);
        int share = Math.min(ahead, Math.max(1, HEADERS_AHEAD_IN_PROCESS / Math.max(1, OPEN.get())));
        while (scheduled < keys.size() && scheduled - next < share && AHEAD.tryAcquire()) {
            String key = keys.get(scheduled++);
            inFlight.addLast(CompletableFuture.supplyAsync(() -> {
                AtomicLong bytes = new AtomicLong();
                ObjectHeader header = BackupObjectReader.readHeader(storage, key, bytes::addAndGet);
                return new Read(header, bytes.get());
            }, READERS));
        }
    }

    /** Headers the process may still read ahead: all of {@value #HEADERS_AHEAD_IN_PROCESS} once every reader closed. */
    static int aheadAvailable() {
        return AHEAD.availablePermits();
    }

    private record Read(ObjectHeader header, long bytes) {}

    /** Daemon threads that end after a minute idle, so a worker without restores keeps none. */
    private static ThreadPoolExecutor readers() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable,
                            "kafka-backup-header-reader-" + THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
