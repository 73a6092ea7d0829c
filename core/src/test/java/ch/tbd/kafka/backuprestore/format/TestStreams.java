package ch.tbd.kafka.backuprestore.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Input streams that misbehave the way network streams do. */
final class TestStreams {

    private TestStreams() {}

    /** Hands out 1 to 7 bytes per read, whatever was asked for, like a slow socket. */
    static InputStream trickle(InputStream in, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                return super.read(target, offset, Math.min(length, 1 + random.nextInt(7)));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    /** Serves the first {@code failAt} bytes of {@code in}, then fails every read like a reset connection. */
    static InputStream failingAfter(InputStream in, long failAt) {
        return new FilterInputStream(in) {
            private long position;

            @Override
            public int read() throws IOException {
                failIfDue();
                int b = super.read();
                if (b >= 0) {
                    position++;
                }
                return b;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                failIfDue();
                int n = super.read(target, offset, (int) Math.min(length, failAt - position));
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                failIfDue();
                long skipped = super.skip(Math.min(n, failAt - position));
                position += skipped;
                return skipped;
            }

            private void failIfDue() throws IOException {
                if (position >= failAt) {
                    throw new IOException("simulated connection reset after " + failAt + " bytes");
                }
            }
        };
    }
}
