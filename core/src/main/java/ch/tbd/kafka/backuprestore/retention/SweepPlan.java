package ch.tbd.kafka.backuprestore.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which of a partition's objects retention removes: the leading run, in offset order, of objects whose newest record
 * is older than the cutoff, never the partition's newest object.
 *
 * <p>As Kafka's own time retention does with log segments, the run stops at the first object that still holds a
 * record inside the window, even when later objects are older: what remains of a partition then always follows on
 * from one offset, and offsets missing before it are expired, never a hole in the middle. The newest object stays so
 * that a partition that went quiet still shows where its backup stands. An object whose records carry no timestamp
 * cannot be judged and stops the run too.
 */
public final class SweepPlan {

    /** One object as its header describes it, in the partition's start-offset order. */
    public record Candidate(String key, long firstOffset, long lastOffset, Long maxTimestamp, long size) {

        boolean olderThan(long cutoffMs) {
            return maxTimestamp != null && maxTimestamp < cutoffMs;
        }
    }

    private SweepPlan() {}

    /**
     * The objects to remove, in offset order, reading candidates one at a time so that no header past the first
     * object kept is read.
     *
     * @param keys     the partition's object keys in start-offset order
     * @param describe reads one object's header
     * @param cutoffMs records older than this (epoch milliseconds) are outside the retention window
     */
    public static List<Candidate> expired(List<String> keys, Function<String, Candidate> describe, long cutoffMs) {
        List<Candidate> expired = new ArrayList<>();
        for (int i = 0; i < keys.size() - 1; i++) {
            Candidate candidate = describe.apply(keys.get(i));
            if (!candidate.olderThan(cutoffMs)) {
                break;
            }
            expired.add(candidate);
        }
        return expired;
    }
}
