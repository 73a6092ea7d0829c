package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the next object of a partition in the background while the current one is decoded, so that the time to the
 * first byte of an object (tens of milliseconds on S3) does not stall the restore at every object boundary. Only the
 * request is made ahead; its bytes are read when their turn comes, so memory stays at one open stream.
 */
final class ObjectPrefetch implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Shared by all readers: opening a stream is short work, and idle threads end after a minute. */
    private static final ExecutorService OPENER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kafka-backup-prefetch-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final String key;
    private final CompletableFuture<InputStream> stream;

    private ObjectPrefetch(String key, CompletableFuture<InputStream> stream) {
        this.key = key;
        this.stream = stream;
    }

    static ObjectPrefetch start(ObjectStorage storage, String key) {
        return new ObjectPrefetch(key, CompletableFuture.supplyAsync(() -> storage.get(key), OPENER));
    }

    String key() {
        return key;
    }

    /** The opened stream; a failure to open is raised here, as the storage raised it. */
    InputStream take() {
        try {
            return stream.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Gives up the prefetched object, closing its stream whenever it opens. */
    @Override
    public void close() {
        stream.whenComplete((in, failure) -> {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // Nothing was read from it; there is nothing to report.
                }
            }
        });
    }
}
