package ch.tbd.kafka.backuprestore.storage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Failures counted by {@link FailureKind}; safe to add to from several threads and read from another. */
public final class FailureCounts {

    private final Map<FailureKind, LongAdder> counts = new EnumMap<>(FailureKind.class);

    public FailureCounts() {
        for (FailureKind kind : FailureKind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    public void add(FailureKind kind) {
        counts.get(kind).increment();
    }

    public long get(FailureKind kind) {
        return counts.get(kind).sum();
    }

    public long total() {
        long total = 0;
        for (LongAdder count : counts.values()) {
            total += count.sum();
        }
        return total;
    }
}
