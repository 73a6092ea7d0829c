package ch.tbd.kafka.backuprestore.benchmark;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a {@link CatalogDataSet} as a backup: every object built by core's own writer (zstd, the backup's block size)
 * and stored under the key the backup would give it, straight into the S3 server's store. A backup connector stores
 * about a hundred objects a second at most, through the S3 API; a hundred thousand small objects would take longer
 * than the rest of the run.
 */
final class CatalogGenerator {

    /** The backup connector's block size (avro block size of the sink's configuration). */
    private static final int BLOCK_SIZE_BYTES = 64 * 1024;

    private CatalogGenerator() {}

    /**
     * Builds and stores the objects on one thread a core: each object's compression and the store's file writes are
     * independent of the others'.
     */
    static Generated write(S3ServerOnDisk s3, String bucket, String topic, CatalogDataSet data)
            throws InterruptedException, ExecutionException {
        long started = System.nanoTime();
        s3.createGeneratedBucket(bucket);
        BackupLayout layout = new BackupLayout("");
        AtomicLong bytes = new AtomicLong();
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                writers.add(pool.submit(() -> {
                    for (int object = first; object < data.objects(); object += threads) {
                        bytes.addAndGet(store(s3, bucket, layout, topic, data, object));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Generated(bytes.get(), System.nanoTime() - started);
    }

    private static long store(S3ServerOnDisk s3, String bucket, BackupLayout layout, String topic,
            CatalogDataSet data, int object) {
        int partition = data.partition(object);
        BackupObjectWriter writer = new BackupObjectWriter(topic, partition, Codec.ZSTD, BLOCK_SIZE_BYTES);
        data.records(topic, object).forEach(writer::append);
        BackupObjectWriter.FinishedObject finished = writer.finish();
        long length = finished.content().length();
        try (InputStream content = finished.content().open()) {
            s3.put(bucket, layout.objectKey(topic, partition, data.startOffset(object)), content, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return length;
    }

    /** @param bytes what the objects take in the store, in all */
    record Generated(long bytes, long nanos) {

        double seconds() {
            return nanos / 1e9;
        }
    }
}
