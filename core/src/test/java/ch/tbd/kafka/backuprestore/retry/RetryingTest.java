package ch.tbd.kafka.backuprestore.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(80),
            Duration.ofMillis(400));

    @Test
    void shouldWaitLongerBeforeEachRetryAndReturnOnceTheCallWorks() {
        List<Long> attempts = new ArrayList<>();

        String result = Retrying.call(FAST, "read something", () -> {
            attempts.add(System.nanoTime());
            if (attempts.size() < 4) {
                throw new IllegalStateException("not yet");
            }
            return "done";
        }, e -> true);

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasSize(4);
        // Waits of at least 10, 20 and 40 ms: the upper halves of 20, 40 and 80 ms.
        assertThat(millisBetween(attempts, 0)).isGreaterThanOrEqualTo(10);
        assertThat(millisBetween(attempts, 1)).isGreaterThanOrEqualTo(20);
        assertThat(millisBetween(attempts, 2)).isGreaterThanOrEqualTo(40);
    }

    @Test
    void shouldGiveUpAfterTheTimeoutNamingWhatFailedAndTheLastError() {
        long start = System.nanoTime();
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> Retrying.call(FAST, "list the backup at s3://b", () -> {
            attempts.add(attempts.size());
            throw new IllegalStateException("connection refused #" + attempts.size());
        }, e -> true))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageStartingWith("Could not list the backup at s3://b: gave up after " + attempts.size()
                        + " attempts")
                .hasMessageEndingWith("Last error: connection refused #" + attempts.size());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(attempts.size()).isBetween(5, 20);
    }

    @Test
    void shouldNotRetryWhatCannotPass() {
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> Retrying.call(FAST, "read", () -> {
            attempts.add(1);
            throw new IllegalArgumentException("no such bucket");
        }, e -> !(e instanceof IllegalArgumentException)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such bucket");
        assertThat(attempts).hasSize(1);
    }

    private static long millisBetween(List<Long> nanos, int i) {
        return (nanos.get(i + 1) - nanos.get(i)) / 1_000_000;
    }
}
