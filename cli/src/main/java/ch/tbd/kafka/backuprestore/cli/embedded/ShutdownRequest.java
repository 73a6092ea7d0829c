package ch.tbd.kafka.backuprestore.cli.embedded;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or a TERM signal) into a request that the command's own thread honours: the JVM's shutdown waits,
 * up to a grace period, until the command has stopped its connector cleanly, so that a backup stores what it buffered.
 */
public final class ShutdownRequest implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownRequest(Duration gracePeriod) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                stopped.await(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kafka-backup-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ShutdownRequest install(Duration gracePeriod) {
        return new ShutdownRequest(gracePeriod);
    }

    /** Waits up to {@code timeout} for a request; true when one came. */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** The command has stopped: a shutdown in progress may go on; otherwise the hook is no longer needed. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running and returns now that the command has stopped.
        }
    }
}
