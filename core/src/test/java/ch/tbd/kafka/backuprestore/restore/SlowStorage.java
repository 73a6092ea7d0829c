package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** Takes {@code delayMs} over every ranged read and records how many were in flight at once. */
class SlowStorage extends CountingStorage {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger atOnce = new AtomicInteger();
    private final long delayMs;

    SlowStorage(ObjectStorage delegate, long delayMs) {
        super(delegate);
        this.delayMs = delayMs;
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
        try {
            Thread.sleep(delayMs);
            reads.incrementAndGet();
            return super.getRange(key, offset, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            atOnce.decrementAndGet();
        }
    }
}
