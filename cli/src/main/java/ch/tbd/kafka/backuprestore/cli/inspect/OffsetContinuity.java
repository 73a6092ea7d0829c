package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.retention.ExpiryMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a partition's objects, in start-offset order, leave offsets out or cover offsets twice.
 *
 * <p>A hole is not necessarily a loss: compaction and transaction markers leave offsets without records, and a hole
 * falls between two objects when it happens at a rotation. An overlap is what a rewrite after a crash leaves when it
 * starts inside an older object; restore skips the offsets it has already written.
 */
final class OffsetContinuity {

    /** One object's offsets, as its header says. */
    record Span(String key, long firstOffset, long lastOffset) {}

    enum Kind { HOLE, OVERLAP }

    /** Offsets {@code from..to} (inclusive) that are missing, or present twice, between two objects. */
    record Finding(Kind kind, long from, long to, String previousKey, String nextKey) {

        long size() {
            return to - from + 1;
        }

        String describe() {
            return (kind == Kind.HOLE ? "offset hole " : "overlap ") + from + ".." + to + " (" + size()
                    + (size() == 1 ? " offset" : " offsets") + ") between " + previousKey + " and " + nextKey;
        }
    }

    private OffsetContinuity() {}

    /**
     * The hole between what retention removed and the first object left, when a partition's objects start after the
     * point its {@link ExpiryMarker} records: those offsets did not expire, they are missing.
     */
    static Optional<Finding> afterExpiry(ExpiryMarker marker, List<Span> spans) {
        if (spans.isEmpty() || spans.get(0).firstOffset() <= marker.expiredBefore()) {
            return Optional.empty();
        }
        Span first = spans.get(0);
        return Optional.of(new Finding(Kind.HOLE, marker.expiredBefore(), first.firstOffset() - 1,
                "the offsets expired by retention", first.key()));
    }

    static List<Finding> check(List<Span> spans) {
        List<Finding> findings = new ArrayList<>();
        Span reached = null;
        for (Span span : spans) {
            if (reached != null) {
                if (span.firstOffset() > reached.lastOffset() + 1) {
                    findings.add(new Finding(Kind.HOLE, reached.lastOffset() + 1, span.firstOffset() - 1,
                            reached.key(), span.key()));
                } else if (span.firstOffset() <= reached.lastOffset()) {
                    findings.add(new Finding(Kind.OVERLAP, span.firstOffset(),
                            Math.min(reached.lastOffset(), span.lastOffset()), reached.key(), span.key()));
                }
            }
            // An object inside an earlier, longer one must not hide where that one ends.
            if (reached == null || span.lastOffset() > reached.lastOffset()) {
                reached = span;
            }
        }
        return findings;
    }
}
