package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadLatencyTest {

    @Test
    void shouldAverageAndBoundTheLatestUploadsOnly() {
        UploadLatency latency = new UploadLatency();
        assertThat(latency.averageMs()).isZero();
        assertThat(latency.maxMs()).isZero();

        latency.record(1000);
        for (int i = 0; i < UploadLatency.WINDOW - 1; i++) {
            latency.record(10);
        }
        assertThat(latency.maxMs()).isEqualTo(1000);
        assertThat(latency.averageMs()).isEqualTo((1000 + 10 * (UploadLatency.WINDOW - 1)) / UploadLatency.WINDOW);

        latency.record(20);
        assertThat(latency.maxMs()).as("the slow upload has left the window").isEqualTo(20);
        assertThat(latency.averageMs()).isEqualTo((20 + 10 * (UploadLatency.WINDOW - 1)) / UploadLatency.WINDOW);
    }
}
