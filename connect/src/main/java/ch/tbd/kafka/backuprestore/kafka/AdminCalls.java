package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Runs calls to a Kafka cluster's Admin API under the retry policy: failures Kafka calls retriable, and timeouts, are
 * retried; the others, and a run of retries that ends, fail with a {@link KafkaCallException} that names the call.
 */
public final class AdminCalls {

    /** A call that answers through a future, as the Admin API does. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /** A failed call, carrying Kafka's own exception as its cause. */
    public static final class KafkaCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private AdminCalls() {}

    /**
     * @param what what the call does, for messages ("read the ids of topics [a, b] from host:9092")
     * @throws KafkaCallException when the call fails in a way that does not pass, or keeps failing
     */
    public static <T> T call(RetryPolicy policy, String what, Call<T> call) {
        try {
            return Retrying.call(policy, what, () -> once(call), AdminCalls::mayPass);
        } catch (KafkaCallException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KafkaCallException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static <T> T once(Call<T> call) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failure(cause);
        } catch (TimeoutException e) {
            throw new Failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(e);
        }
    }

    private static boolean mayPass(Throwable failure) {
        Throwable cause = failure instanceof Failure ? failure.getCause() : failure;
        return cause instanceof RetriableException || cause instanceof TimeoutException;
    }

    /** One failed attempt, with Kafka's exception as its cause and in its message. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
