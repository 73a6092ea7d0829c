package ch.tbd.kafka.backuprestore.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Passes the data part of an object through, and at its end checks the length and CRC-32C promised by the header, so
 * that a damaged or truncated object is never mistaken for a complete one.
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
    private final CRC32C crc = new CRC32C();
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, long expectedLength, long expectedCrc) {
        super(in);
        this.expectedLength = expectedLength;
        this.expectedCrc = expectedCrc;
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
        return n;
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
