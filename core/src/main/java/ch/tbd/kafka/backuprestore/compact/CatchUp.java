package ch.tbd.kafka.backuprestore.compact;

/**
 * When a snapshot built from the beginning of a compacted partition holds the latest value of every key.
 *
 * <p>Compaction may remove a record before the builder reads it, but only for a newer record of the same key below
 * the cleaner's first uncleanable offset, which never passes the partition's last stable offset at that moment. So
 * once the builder has read every record below the last stable offset {@code L} that it asked for after those reads,
 * each record it missed has a newer one below {@code L}, which it read: for every key, the snapshot up to
 * {@code L - 1} holds the latest value at or below {@code L - 1}. The snapshot is complete when those records are
 * stored.
 *
 * <p>Under steady production that moment, the builder having read everything the partition holds, may not come. The
 * builder then completes once it has read everything the partition held at its previous check
 * ({@link #completeUpToSince}): a second behind. That misses a key only when, within that second, a segment holding a
 * newer record of it was rolled and cleaned before the builder read the older record: with segments that roll after
 * seconds or more, as Kafka's defaults do (7 days, 1 GiB), the cleaner cannot get ahead of a builder a second behind.
 */
public final class CatchUp {

    private CatchUp() {}

    /**
     * @param readEnd         one past the last offset the builder had read (written or passed over) when it asked
     * @param lastStable      the partition's last stable offset, asked for after {@code readEnd} was reached
     * @param storedEnd       one past the last offset of the builder's stored objects, now
     * @return the offset the snapshot is complete up to (exclusive), or -1 when it is not complete yet
     */
    public static long completeUpTo(long readEnd, long lastStable, long storedEnd) {
        if (readEnd >= lastStable && storedEnd >= lastStable) {
            return lastStable;
        }
        return -1;
    }

    /**
     * @param readEnd            one past the last offset the builder has read now
     * @param previousLastStable the partition's last stable offset at the builder's previous check, or -1
     * @return the offset the snapshot is complete up to, or -1 when the builder has not read that far yet
     */
    public static long completeUpToSince(long readEnd, long previousLastStable) {
        return previousLastStable >= 0 && readEnd >= previousLastStable ? previousLastStable : -1;
    }
}
