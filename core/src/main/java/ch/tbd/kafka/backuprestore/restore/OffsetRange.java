package ch.tbd.kafka.backuprestore.restore;

/**
 * Offsets from {@code from} (inclusive) to {@code to} (exclusive).
 */
public record OffsetRange(long from, long to) {

    public static final OffsetRange ALL = new OffsetRange(0, Long.MAX_VALUE);

    public OffsetRange {
        if (from < 0) {
            throw new IllegalArgumentException("offset range must not start below 0, got " + from);
        }
        if (to < from) {
            throw new IllegalArgumentException("offset range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public boolean contains(long offset) {
        return offset >= from && offset < to;
    }
}
