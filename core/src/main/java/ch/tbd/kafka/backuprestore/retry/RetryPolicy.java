package ch.tbd.kafka.backuprestore.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How every failure that may pass is retried, whoever retries it: the backup and restore tasks, their connectors at
 * start, and the command-line tool.
 *
 * <p>The wait before each retry doubles from {@code initialBackoff} up to {@code maxBackoff}, and each wait is drawn
 * at random from its upper half ("equal jitter"), so that the tasks of a worker that lost its store together do not
 * retry in step. A run of failures ends once {@code timeout} has passed since its first failure: the last retry is
 * made at that deadline at the latest, and the next failure gives up. A timeout of zero gives up at the first failure.
 *
 * @param initialBackoff wait after the first failure of a run (before jitter)
 * @param maxBackoff     longest wait between two attempts (before jitter)
 * @param timeout        how long after the first failure of a run retries go on
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration timeout) {

    public RetryPolicy {
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("backoffs and timeout must not be negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("the largest backoff (" + maxBackoff.toMillis() + " ms) is below the"
                    + " first (" + initialBackoff.toMillis() + " ms)");
        }
    }

    /**
     * The wait in milliseconds after the {@code failures}-th failure of a run, before jitter: the first backoff,
     * doubled for each earlier failure, capped at the largest backoff.
     */
    public long backoffMs(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        // Doubling past 2^62 would overflow; the cap is reached long before that.
        int doublings = Math.min(failures - 1, 62);
        if (initial == 0) {
            return 0;
        }
        return initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
    }

    /** The jittered wait: uniformly from the upper half of {@link #backoffMs}, {@code random} in [0, 1). */
    public long jitteredBackoffMs(int failures, double random) {
        long backoff = backoffMs(failures);
        long half = backoff / 2;
        return backoff - half + (long) (random * (half + 1));
    }

    /** The same waits, retried for at most {@code limit}: for checks someone is waiting for, such as at start. */
    public RetryPolicy withTimeoutAtMost(Duration limit) {
        return timeout.compareTo(limit) <= 0 ? this : new RetryPolicy(initialBackoff, maxBackoff, limit);
    }

    /** A new run of failures of one subject, measured by {@code clock} in milliseconds. */
    public RetryRun newRun(Clock clock, DoubleSupplier random) {
        return new RetryRun(this, clock, random);
    }

    /** A new run on the system clock with random jitter. */
    public RetryRun newRun() {
        return newRun(System::currentTimeMillis, Math::random);
    }

    /** Milliseconds now; a small interface so that tests can move time by hand. */
    @FunctionalInterface
    public interface Clock {
        long millis();
    }
}
