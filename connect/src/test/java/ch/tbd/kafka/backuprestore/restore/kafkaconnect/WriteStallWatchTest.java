package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteStallWatchTest {

    @Test
    void shouldSpeakUpWhenHandedOutRecordsReachNoTarget() throws Exception {
        AtomicLong unacknowledged = new AtomicLong();
        try (WriteStallWatch watch = new WriteStallWatch(List.of("missing-target"), unacknowledged, "test", 200, 20)) {
            unacknowledged.set(5);
            watch.progressed();

            Thread.sleep(500);

            assertThat(watch.stalledMs()).isGreaterThanOrEqualTo(400);
            assertThat(watch.warnings()).isBetween(1, 3);
        }
    }

    @Test
    void shouldStayQuietWhileRecordsAreWrittenOrNoneWait() throws Exception {
        AtomicLong unacknowledged = new AtomicLong();
        try (WriteStallWatch watch = new WriteStallWatch(List.of("target"), unacknowledged, "test", 200, 20)) {
            Thread.sleep(300);
            assertThat(watch.stalledMs()).isZero();

            unacknowledged.set(5);
            for (int i = 0; i < 10; i++) {
                watch.progressed();
                Thread.sleep(50);
            }

            assertThat(watch.warnings()).isZero();
        }
    }
}
