package ch.tbd.kafka.backuprestore.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    @Test
    void shouldShowRatesAndTimeLeftWhenTheTotalIsKnown() {
        String line = ProgressDisplay.format("restore", new Progress(25_000, 100_000, 10 * 1024 * 1024, -1), 5_000);

        assertThat(line).isEqualTo("restore: 25,000/100,000 records (25.0%), 10.0 MiB, 5,000 records/s, 2.0 MiB/s,"
                + " ETA 0:00:15");
    }

    @Test
    void shouldLeaveOutWhatIsNotKnown() {
        String line = ProgressDisplay.format("backup", new Progress(500, -1, 512, -1), 1_000);

        assertThat(line).isEqualTo("backup: 500 records, 512 B, 500 records/s, 512 B/s");
    }

    @Test
    void shouldWritePlainLinesWithoutCarriageReturnsForLogs() {
        StringWriter out = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), ProgressDisplay.Mode.LOG, "backup",
                Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

        display.update(new Progress(1, -1, 1, -1));
        display.finish(new Progress(2, -1, 2, -1));

        assertThat(out.toString()).doesNotContain("\r")
                .isEqualTo("2026-11-25T10:00:00Z backup: 2 records, 2 B, 2,000 records/s, 2.0 KiB/s"
                        + System.lineSeparator());
    }
}
