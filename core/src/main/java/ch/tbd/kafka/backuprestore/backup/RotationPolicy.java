package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;

/**
 * When an open object is completed and stored.
 *
 * <p>Rotation by record count, by object size and by the span of record timestamps depends only on the records, so a
 * partition backed up again from the same offset produces the same objects. Rotation by wall clock does not, but it is
 * what keeps the last records of an idle partition from waiting forever; a rewrite after a crash then simply replaces
 * the object of the same start offset.
 *
 * @param flushSize          records per object
 * @param rotateIntervalMs   largest span of record timestamps in one object, or -1 for none
 * @param scheduleIntervalMs longest time an object stays open by the wall clock, or -1 for none
 * @param maxObjectBytes     largest encoded object size
 */
public record RotationPolicy(int flushSize, long rotateIntervalMs, long scheduleIntervalMs, long maxObjectBytes) {

    public RotationPolicy {
        if (flushSize < 1) {
            throw new IllegalArgumentException("flushSize must be at least 1");
        }
        if (maxObjectBytes < 1) {
            throw new IllegalArgumentException("maxObjectBytes must be at least 1");
        }
    }

    /** Whether the object must be completed before a record with this timestamp joins it. */
    public boolean rotatesBefore(BackupObjectWriter open, Long recordTimestamp) {
        if (rotateIntervalMs <= 0 || recordTimestamp == null || open.minTimestamp() == null) {
            return false;
        }
        return recordTimestamp - open.minTimestamp() >= rotateIntervalMs
                || open.maxTimestamp() - recordTimestamp >= rotateIntervalMs;
    }

    /** Whether the object is complete after its last append. */
    public boolean isFull(BackupObjectWriter open) {
        return open.recordCount() >= flushSize || open.encodedSizeBytes() >= maxObjectBytes;
    }

    /** Whether an object opened at {@code openedAtMs} has been open long enough by the wall clock. */
    public boolean isDue(long openedAtMs, long nowMs) {
        return scheduleIntervalMs > 0 && nowMs - openedAtMs >= scheduleIntervalMs;
    }
}
