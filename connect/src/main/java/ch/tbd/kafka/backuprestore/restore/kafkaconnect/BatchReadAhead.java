package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore task's batches, read one ahead on a thread of the task's own: the next batch is read and decoded
 * ({@link RestoreBatchReader}) while Connect converts and sends the last one, so that the producer's waits for the
 * broker and the reading of the backup overlap. Batches are taken in order; reading them is all that happens on that
 * thread, one at a time.
 */
final class BatchReadAhead {

    private static final Logger log = LoggerFactory.getLogger(BatchReadAhead.class);
    private static final long STOP_WAIT_MS = 30_000;

    private final RestoreBatchReader reader;
    private final ExecutorService thread;
    private Future<List<SourceRecord>> next;
    private volatile boolean stopping;

    BatchReadAhead(RestoreBatchReader reader, String taskName) {
        this.reader = reader;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread reading = new Thread(runnable, "kafka-backup-restore-reader-" + taskName);
            reading.setDaemon(true);
            return reading;
        });
    }

    /**
     * The batch read ahead, or one read now when none was; {@code null} when the task's stop ended its reading.
     * Raises what reading it raised.
     */
    List<SourceRecord> take() throws InterruptedException {
        Future<List<SourceRecord>> batch = next != null ? next : thread.submit(reader::nextBatch);
        next = null;
        try {
            return batch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (stopping) {
                log.info("Reading a batch ended with the task's stop: {}", cause.toString());
                return null;
            }
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ConnectException("Reading the backup failed: " + cause, cause);
        }
    }

    /** Starts reading the next batch, to be taken at the next poll. */
    void readNext() {
        next = thread.submit(reader::nextBatch);
    }

    /**
     * Tells a batch that waits for the totals to end; from any thread, without waiting, as a poll may be waiting for
     * that batch.
     */
    void stopReading() {
        stopping = true;
        reader.close();
    }

    /** Lets a batch being read finish, for up to 30 s, before the task closes the streams under it. */
    void awaitStopped() {
        stopReading();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
