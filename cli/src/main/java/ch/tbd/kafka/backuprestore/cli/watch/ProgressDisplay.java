package ch.tbd.kafka.backuprestore.cli.watch;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Shows a long-running command's progress on standard error: one line rewritten in place on a terminal, or a plain
 * timestamped line every ten seconds when the output goes to a file or a log collector, where carriage returns would
 * only clutter it.
 */
public final class ProgressDisplay {

    /** How progress is shown; {@code AUTO} picks {@code TERMINAL} when there is a console, else {@code LOG}. */
    public enum Mode { AUTO, TERMINAL, LOG, NONE }

    private static final long TERMINAL_INTERVAL_MS = 500;
    private static final long LOG_INTERVAL_MS = 10_000;

    private final PrintWriter err;
    private final Mode mode;
    private final String label;
    private final Clock clock;
    private final long startedMs;
    private long lastShownMs;
    private int lastLineLength;

    public ProgressDisplay(PrintWriter err, Mode mode, String label, Clock clock) {
        this.err = err;
        this.mode = mode == Mode.AUTO ? (System.console() != null ? Mode.TERMINAL : Mode.LOG) : mode;
        this.label = label;
        this.clock = clock;
        this.startedMs = clock.millis();
        this.lastShownMs = startedMs;
    }

    /** Shows the progress if the last showing is long enough ago. */
    public void update(Progress progress) {
        long now = clock.millis();
        long interval = mode == Mode.TERMINAL ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
        if (mode != Mode.NONE && now - lastShownMs >= interval) {
            show(progress, now, false);
        }
    }

    /** Shows the final figures and ends the line. */
    public void finish(Progress progress) {
        if (mode != Mode.NONE) {
            show(progress, clock.millis(), true);
        }
    }

    private void show(Progress progress, long now, boolean last) {
        lastShownMs = now;
        String line = format(label, progress, now - startedMs);
        if (mode == Mode.TERMINAL) {
            // Pad over the rest of a longer previous line.
            String padded = line + " ".repeat(Math.max(0, lastLineLength - line.length()));
            lastLineLength = line.length();
            err.print("\r" + padded + (last ? System.lineSeparator() : ""));
        } else {
            err.println(Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS) + " " + line);
        }
        err.flush();
    }

    /** One line: records and bytes done (of the total when known), rates, and the time left when it can be told. */
    static String format(String label, Progress progress, long elapsedMs) {
        StringBuilder line = new StringBuilder(label).append(": ");
        line.append(String.format(Locale.ROOT, "%,d", progress.records()));
        if (progress.totalRecords() >= 0) {
            line.append(String.format(Locale.ROOT, "/%,d", progress.totalRecords()));
        }
        line.append(" records");
        if (progress.totalRecords() > 0) {
            line.append(String.format(Locale.ROOT, " (%.1f%%)",
                    Math.min(100.0, 100.0 * progress.records() / progress.totalRecords())));
        }
        line.append(", ").append(bytes(progress.bytes()));
        if (progress.totalBytes() >= 0) {
            line.append('/').append(bytes(progress.totalBytes()));
        }
        double seconds = Math.max(elapsedMs, 1) / 1000.0;
        double recordRate = progress.records() / seconds;
        line.append(String.format(Locale.ROOT, ", %,.0f records/s, %s/s", recordRate,
                bytes((long) (progress.bytes() / seconds))));
        if (progress.totalRecords() > progress.records() && recordRate > 0) {
            long secondsLeft = (long) ((progress.totalRecords() - progress.records()) / recordRate);
            line.append(", ETA ").append(duration(secondsLeft));
        }
        return line.toString();
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
