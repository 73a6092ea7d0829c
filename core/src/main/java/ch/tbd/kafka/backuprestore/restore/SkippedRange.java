package ch.tbd.kafka.backuprestore.restore;

/**
 * Offsets of a partition that a restore passed over because the object holding them was damaged, when it was told to
 * skip damage rather than stop. Every such range is reported: nothing is skipped silently.
 *
 * @param objectKey  the damaged object
 * @param fromOffset the first original offset not restored
 * @param toOffset   the last original offset not restored, inclusive; {@link Long#MAX_VALUE} when the damage reached
 *                   the end of the partition's backup
 */
public record SkippedRange(String objectKey, long fromOffset, long toOffset) {

    /** The same range ending just before {@code nextRestored}, the first offset restored after it. */
    public SkippedRange endingBefore(long nextRestored) {
        return new SkippedRange(objectKey, fromOffset, nextRestored - 1);
    }

    /** "KEY (offsets 10..19)", or "(offsets 10 to the end)". */
    public String describe() {
        String to = toOffset == Long.MAX_VALUE ? " to the end" : ".." + toOffset;
        return objectKey + " (offsets " + fromOffset + to + ")";
    }

    /** The offsets alone, "10-19" or "10-end", for the compact form kept in a source offset. */
    public String offsets() {
        return fromOffset + "-" + (toOffset == Long.MAX_VALUE ? "end" : Long.toString(toOffset));
    }
}
