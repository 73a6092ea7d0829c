package ch.tbd.kafka.backuprestore.format;

/**
 * A run of consecutive blocks of an object, {@code firstBlock} to {@code endBlock} (exclusive): what one ranged read
 * fetches when a restore needs only part of an object.
 *
 * @param start   where the first block starts in the object: the first byte of the ranged read
 * @param end     where the last block ends in the object (exclusive)
 * @param records the records in these blocks
 */
public record BlockSpan(int firstBlock, int endBlock, long start, long end, long records) {

    public static final BlockSpan EMPTY = new BlockSpan(0, 0, 0, 0, 0);

    public boolean isEmpty() {
        return firstBlock >= endBlock;
    }

    public long length() {
        return end - start;
    }
}
