package ch.tbd.kafka.backuprestore.retry;

import java.time.Duration;

/**
 * What to do after a failure of a {@link RetryRun}.
 *
 * @param attempt   the failures of the run so far, this one included: the attempt that just failed
 * @param elapsedMs time since the run's first failure
 * @param delayMs   wait before the next attempt, or -1 to give up
 */
public record RetryDecision(int attempt, long elapsedMs, long delayMs) {

    public boolean giveUp() {
        return delayMs < 0;
    }

    /** For messages: "attempt 3 of a run that started 12 s ago". */
    public String describe() {
        return "attempt " + attempt + ", " + Duration.ofMillis(elapsedMs).toSeconds() + " s after the first failure";
    }
}
