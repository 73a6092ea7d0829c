package ch.tbd.kafka.backuprestore.benchmark;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds, or fails with a message that says what did not happen. */
final class Await {

    private Await() {}

    /**
     * @param condition  checked every {@code pollInterval}; an exception it throws fails the wait at once
     * @param whatFailed the message on timeout, built only then
     */
    static void until(Callable<Boolean> condition, Duration pollInterval, Duration timeout, Supplier<String> whatFailed)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean done;
            try {
                done = condition.call();
            } catch (InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(whatFailed.get() + ": " + e.getMessage(), e);
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(whatFailed.get() + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }
}
