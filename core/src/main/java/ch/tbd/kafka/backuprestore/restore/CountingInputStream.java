package ch.tbd.kafka.backuprestore.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports every byte that passes through it, so that counters show what was really transferred. */
final class CountingInputStream extends FilterInputStream {

    private final LongConsumer counter;

    CountingInputStream(InputStream in, LongConsumer counter) {
        super(in);
        this.counter = counter;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counter.accept(1);
        }
        return b;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        int n = super.read(target, offset, length);
        if (n > 0) {
            counter.accept(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counter.accept(skipped);
        }
        return skipped;
    }
}
