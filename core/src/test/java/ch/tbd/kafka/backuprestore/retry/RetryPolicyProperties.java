package ch.tbd.kafka.backuprestore.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The retry policy's waits and its end, for any settings, failure count and jitter. */
class RetryPolicyProperties {

    @Property
    void backoffDoublesFromTheFirstUpToTheLargest(@ForAll @LongRange(min = 0, max = 600_000) long initial,
            @ForAll @LongRange(min = 0, max = 3_600_000) long extra, @ForAll @IntRange(min = 1, max = 200) int failures) {
        RetryPolicy policy = policy(initial, initial + extra, 60_000);

        long backoff = policy.backoffMs(failures);

        assertThat(backoff).isBetween(initial, initial + extra);
        if (failures > 1) {
            long before = policy.backoffMs(failures - 1);
            assertThat(backoff).isEqualTo(Math.min(initial + extra, 2 * before));
        } else {
            assertThat(backoff).isEqualTo(initial);
        }
    }

    @Property
    void jitterStaysInTheUpperHalf(@ForAll @LongRange(min = 0, max = 600_000) long initial,
            @ForAll @IntRange(min = 1, max = 100) int failures,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        RetryPolicy policy = policy(initial, 10 * initial, 60_000);

        long jittered = policy.jitteredBackoffMs(failures, random);

        long backoff = policy.backoffMs(failures);
        assertThat(jittered).isBetween(backoff - backoff / 2, backoff);
    }

    /**
     * However the attempts are spaced, a run retries until its timeout has passed since its first failure, never waits
     * past that deadline, and gives up at the first failure after it.
     */
    @Property
    void aRunGivesUpAtTheFirstFailureAfterItsTimeout(@ForAll @LongRange(min = 1, max = 5_000) long initial,
            @ForAll @LongRange(min = 0, max = 120_000) long timeout,
            @ForAll @LongRange(min = 0, max = 10_000) long attemptDuration,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        AtomicLong now = new AtomicLong(1_000_000);
        RetryRun run = policy(initial, 8 * initial, timeout).newRun(now::get, () -> random);
        long firstFailure = now.get();

        for (int attempt = 1; ; attempt++) {
            RetryDecision decision = run.failed();
            assertThat(decision.attempt()).isEqualTo(attempt);
            assertThat(decision.elapsedMs()).isEqualTo(now.get() - firstFailure);
            if (decision.giveUp()) {
                assertThat(now.get() - firstFailure).isGreaterThanOrEqualTo(timeout);
                break;
            }
            assertThat(now.get() + decision.delayMs()).isLessThanOrEqualTo(firstFailure + timeout);
            assertThat(decision.delayMs()).isGreaterThan(0);
            now.addAndGet(decision.delayMs() + attemptDuration);
        }
    }

    @Property
    void aSuccessStartsTheNextRunWithTheFirstBackoff(@ForAll @IntRange(min = 1, max = 20) int failuresBefore) {
        AtomicLong now = new AtomicLong();
        RetryRun run = policy(100, 100_000, 10_000_000).newRun(now::get, () -> 0.999);
        for (int i = 0; i < failuresBefore; i++) {
            now.addAndGet(run.failed().delayMs());
        }

        run.succeeded();
        RetryDecision next = run.failed();

        assertThat(next.attempt()).isEqualTo(1);
        assertThat(next.elapsedMs()).isZero();
        assertThat(next.delayMs()).isEqualTo(100);
    }

    private static RetryPolicy policy(long initialMs, long maxMs, long timeoutMs) {
        return new RetryPolicy(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), Duration.ofMillis(timeoutMs));
    }
}
