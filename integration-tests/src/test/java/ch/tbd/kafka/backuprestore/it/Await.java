package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls what a running backup stored until it holds every committed record. */
public final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private Await() {}

    /**
     * Reads the backup back until no committed offset is missing. A read that fails (say, a half-written object) fails
     * at once: readers must never see an incomplete object.
     *
     * @return the first complete snapshot
     */
    public static BackupSnapshot backedUp(BackupReadback readback, ProducedRecords produced, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            BackupSnapshot snapshot = readback.read();
            if (snapshot.missing(produced).isEmpty()) {
                return snapshot;
            }
            if (System.nanoTime() > deadline) {
                fail("backup incomplete after %s: %s", timeout, snapshot.describeMissing(produced));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Polls {@code done} until it holds, failing after {@code timeout} with {@code what} (asked then, so that it can
     * say how things stand).
     */
    public static void until(BooleanSupplier done, Supplier<String> what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within %s: %s", timeout, what.get());
            }
            Thread.sleep(200);
        }
    }
}
