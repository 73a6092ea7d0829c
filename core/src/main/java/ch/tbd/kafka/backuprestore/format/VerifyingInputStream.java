package ch.tbd.kafka.backuprestore.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Passes the data part of an object through, checking each block's CRC-32C as its last byte passes, and at the end the
 * length and CRC-32C of the whole, so that neither a damaged block nor a truncated object is mistaken for a sound one.
 * A ranged read of some consecutive blocks is checked block by block and by its length; the whole-object checksum
 * needs every byte, so it is left out there.
 */
final class VerifyingInputStream extends FilterInputStream {

    /** Raised through Avro's reader; recognised by type so that it is reported as damage, not as an I/O fault. */
    static final class IntegrityException extends IOException {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }

    /**
     * A failure of the stream underneath (a dropped connection, a read error), marked so that it is told apart from
     * damage however Avro wraps it: reading again may succeed.
     */
    static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final long expectedLength;
    private final Long expectedCrc;
    private final BlockTable blocks;
    private final int endBlock;
    private final byte[] single = new byte[1];
    private final CRC32C crc = new CRC32C();
    private final CRC32C blockCrc = new CRC32C();
    private long count;
    private int block;
    private long blockRemaining;
    private boolean verified;

    /** The whole data part of an object. */
    VerifyingInputStream(InputStream in, long expectedLength, long expectedCrc, BlockTable blocks) {
        this(in, expectedLength, Long.valueOf(expectedCrc), blocks, 0, blocks.size());
    }

    /** Blocks {@code firstBlock} to {@code endBlock} (exclusive) of an object, as a ranged read returns them. */
    VerifyingInputStream(InputStream in, BlockTable blocks, int firstBlock, int endBlock) {
        this(in, blocks.length(firstBlock, endBlock), null, blocks, firstBlock, endBlock);
    }

    private VerifyingInputStream(InputStream in, long expectedLength, Long expectedCrc, BlockTable blocks,
            int firstBlock, int endBlock) {
        super(in);
        this.expectedLength = expectedLength;
        this.expectedCrc = expectedCrc;
        this.blocks = blocks;
        this.endBlock = endBlock;
        this.block = firstBlock;
        this.blockRemaining = firstBlock < endBlock ? blocks.lengths()[firstBlock] : 0;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(target, offset, length);
        } catch (IOException e) {
            throw new SourceException(e);
        }
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        if (expectedCrc != null) {
            crc.update(target, offset, n);
        }
        count += n;
        if (count > expectedLength) {
            throw new IntegrityException("is longer than its header says (" + expectedLength
                    + " data bytes expected): it is damaged");
        }
        checkBlocks(target, offset, n);
        return n;
    }

    private void checkBlocks(byte[] bytes, int offset, int length) throws IntegrityException {
        while (length > 0) {
            int n = (int) Math.min(length, blockRemaining);
            blockCrc.update(bytes, offset, n);
            offset += n;
            length -= n;
            blockRemaining -= n;
            if (blockRemaining == 0) {
                if ((int) blockCrc.getValue() != blocks.crcs()[block]) {
                    throw new IntegrityException("fails the checksum of its block " + (block + 1) + " of "
                            + blocks.size() + ": it is damaged");
                }
                blockCrc.reset();
                block++;
                blockRemaining = block < endBlock ? blocks.lengths()[block] : 0;
            }
        }
    }

    private void verifyAtEnd() throws IntegrityException {
        if (verified) {
            return;
        }
        if (count != expectedLength) {
            throw new IntegrityException("is truncated: " + count + " of " + expectedLength + " data bytes present");
        }
        if (expectedCrc != null && crc.getValue() != expectedCrc) {
            throw new IntegrityException("fails its checksum (CRC-32C " + Long.toHexString(crc.getValue())
                    + ", header says " + Long.toHexString(expectedCrc) + "): it is damaged");
        }
        verified = true;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would bypass the checksum; read through instead.
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    boolean verified() {
        return verified;
    }
}
