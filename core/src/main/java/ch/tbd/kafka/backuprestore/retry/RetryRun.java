package ch.tbd.kafka.backuprestore.retry;

import java.util.function.DoubleSupplier;

/**
 * The consecutive failures of one subject (an object to store, a partition to read), counted against a
 * {@link RetryPolicy}. A success ends the run; the next failure starts a new one with the first backoff again.
 *
 * <p>Not thread-safe: one run belongs to the thread that retries its subject.
 */
public final class RetryRun {

    private final RetryPolicy policy;
    private final RetryPolicy.Clock clock;
    private final DoubleSupplier random;
    private int failures;
    private long firstFailureMs;

    RetryRun(RetryPolicy policy, RetryPolicy.Clock clock, DoubleSupplier random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Counts a failure that happened now and says what to do next: wait and retry, or give up because the policy's
     * timeout has passed since the run's first failure.
     */
    public RetryDecision failed() {
        long now = clock.millis();
        if (failures == 0) {
            firstFailureMs = now;
        }
        failures++;
        long elapsed = now - firstFailureMs;
        long left = policy.timeout().toMillis() - elapsed;
        if (left <= 0) {
            return new RetryDecision(failures, elapsed, -1);
        }
        long delay = Math.min(left, policy.jitteredBackoffMs(failures, random.getAsDouble()));
        return new RetryDecision(failures, elapsed, delay);
    }

    /** Ends the run: the subject worked again. */
    public void succeeded() {
        failures = 0;
    }

    /** Failures in the current run; 0 when the last attempt succeeded. */
    public int failures() {
        return failures;
    }

    public RetryPolicy policy() {
        return policy;
    }
}
