package ch.tbd.kafka.backuprestore.retry;

/** A failure that may pass did not, within the retry policy's timeout. Its cause is the last failure. */
public final class RetriesExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetriesExhaustedException(String what, RetryDecision lastAttempt, Throwable lastFailure) {
        super("Could not " + what + ": gave up after " + lastAttempt.attempt() + " attempts over "
                + lastAttempt.elapsedMs() / 1000 + " s (retry.timeout.ms). Last error: " + lastFailure.getMessage(),
                lastFailure);
    }
}
