package ch.tbd.kafka.backuprestore.format;

/**
 * A run of consecutive blocks of an object, {@code firstBlock} to {@code endBlock} (exclusive): what one ranged read
 * fetches when a restore needs only part of an object.
 *
 * @param dataStart where the first block starts, counted from the end of the header
 * @param dataEnd   where the last block ends, counted from the end of the header
 * @param records   the records in these blocks
 */
public record BlockSpan(int firstBlock, int endBlock, long dataStart, long dataEnd, long records) {

    static final BlockSpan EMPTY = new BlockSpan(0, 0, 0, 0, 0);

    public boolean isEmpty() {
        return firstBlock >= endBlock;
    }

    public long length() {
        return dataEnd - dataStart;
    }
}
