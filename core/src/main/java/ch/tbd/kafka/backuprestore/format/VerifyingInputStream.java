package ch.tbd.kafka.backuprestore.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Passes the data part of an object through, checking each block's CRC-32C as its last byte passes, and at the end the
 * length and CRC-32C of the whole, so that neither a damaged block nor a truncated object is mistaken for a sound one.
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
    private final long expectedCrc;
    private final BlockTable blocks;
    private final CRC32C crc = new CRC32C();
    private final CRC32C blockCrc = new CRC32C();
    private long count;
    private int block;
    private long blockRemaining;
    private boolean verified;

    VerifyingInputStream(InputStream in, long expectedLength, long expectedCrc, BlockTable blocks) {
        super(in);
        this.expectedLength = expectedLength;
        this.expectedCrc = expectedCrc;
        this.blocks = blocks;
        this.blockRemaining = blocks.size() > 0 ? blocks.lengths()[0] : 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
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
        crc.update(target, offset, n);
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
                blockRemaining = block < blocks.size() ? blocks.lengths()[block] : 0;
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
        if (crc.getValue() != expectedCrc) {
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
