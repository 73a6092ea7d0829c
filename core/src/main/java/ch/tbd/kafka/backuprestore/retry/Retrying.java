package ch.tbd.kafka.backuprestore.retry;

import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call on the caller's thread, retrying failures that may pass under a {@link RetryPolicy}, with a WARN per
 * retry. For calls that nothing can go on without, such as listing a backup when a connector starts; work that can
 * go on with other partitions meanwhile keeps a {@link RetryRun} per subject instead of waiting here.
 */
public final class Retrying {

    private static final Logger log = LoggerFactory.getLogger(Retrying.class);

    private Retrying() {}

    /**
     * @param what      what the call does, for messages ("list the backup at s3://bucket")
     * @param retriable which failures may pass
     * @throws RetriesExhaustedException when a failure persists past the policy's timeout
     * @throws RuntimeException          the first failure that is not retriable, unchanged
     */
    public static <T> T call(RetryPolicy policy, String what, Supplier<T> action, Predicate<Throwable> retriable) {
        RetryRun run = policy.newRun();
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!retriable.test(e)) {
                    throw e;
                }
                RetryDecision decision = run.failed();
                if (decision.giveUp()) {
                    throw new RetriesExhaustedException(what, decision, e);
                }
                log.warn("Could not {} ({}), retrying in {} ms: {}", what, decision.describe(), decision.delayMs(),
                        e.getMessage());
                sleep(decision.delayMs(), what, e);
            }
        }
    }

    private static void sleep(long millis, String what, RuntimeException failure) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw new IllegalStateException("Interrupted while waiting to retry: " + what, failure);
        }
    }
}
