package ch.tbd.kafka.backuprestore.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a partition's stored objects hold every record of a range of offsets, told by their headers' offset spans
 * and, for the offsets no object spans, by the topic itself.
 *
 * <p>Objects of one partition may leave offsets out between them legitimately: transaction markers and records
 * removed by compaction have offsets but no record to store. So an uncovered gap is only a loss when the topic holds a
 * record in it; a {@link GapCheck} asks. Offsets inside an object's span are covered, whatever the object holds there:
 * the backup writer stores every record it receives between an object's first and last offset.
 */
public final class Coverage {

    /** One object's first and last offset. */
    public record Span(long firstOffset, long lastOffset) {}

    /** Offsets {@code from..to}, inclusive, that no object holds although the topic has records there. */
    public record Missing(long from, long to) {

        public String describe() {
            return from == to ? "offset " + from : "offsets " + from + ".." + to;
        }
    }

    /** Asks the topic for the first record it holds from {@code from} to {@code to} (inclusive). */
    @FunctionalInterface
    public interface GapCheck {
        /** The offset of the first record in the range, or -1 when it holds none. */
        long firstRecord(long from, long to);
    }

    private Coverage() {}

    /**
     * The ranges from {@code from} to {@code lastRecord} (inclusive) that the objects leave out and the topic has
     * records in; empty when everything is stored.
     *
     * @param from       the first offset to hold, such as the partition's start offset when the backup began
     * @param lastRecord the last record's offset to hold; the range is empty when it is below {@code from}
     */
    public static List<Missing> missing(List<Span> spans, long from, long lastRecord, GapCheck gaps) {
        List<Missing> missing = new ArrayList<>();
        long next = from;
        List<Span> ordered = spans.stream().sorted(Comparator.comparingLong(Span::firstOffset)).toList();
        for (Span span : ordered) {
            if (next > lastRecord) {
                break;
            }
            if (span.firstOffset() > next) {
                checkGap(next, Math.min(span.firstOffset() - 1, lastRecord), gaps, missing);
            }
            next = Math.max(next, span.lastOffset() + 1);
        }
        if (next <= lastRecord) {
            checkGap(next, lastRecord, gaps, missing);
        }
        return missing;
    }

    private static void checkGap(long from, long to, GapCheck gaps, List<Missing> missing) {
        long first = gaps.firstRecord(from, to);
        if (first >= 0) {
            missing.add(new Missing(first, to));
        }
    }
}
