package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread on which a backup task's side work runs (retention, topic definitions), so that a slow store or
 * cluster never holds up the records.
 */
final class BackgroundThread {

    private BackgroundThread() {}

    static ScheduledExecutorService start(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets work already asked for finish within {@code waitSeconds}, then interrupts what is left. */
    static void stop(ScheduledExecutorService executor, long waitSeconds) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitSeconds, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
