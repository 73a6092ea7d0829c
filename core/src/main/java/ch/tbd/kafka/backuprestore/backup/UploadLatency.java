package ch.tbd.kafka.backuprestore.backup;

/**
 * How long the latest uploads took, from the start of the store request to its answer: the average and the longest of
 * the last {@value #WINDOW}, so that a store slowing down shows within minutes rather than being averaged away by the
 * task's whole life. Written by upload threads, read by the task and JMX.
 */
public final class UploadLatency {

    static final int WINDOW = 100;

    private final long[] latestMs = new long[WINDOW];
    private int next;
    private int count;

    synchronized void record(long ms) {
        latestMs[next] = ms;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** The average of the latest uploads, in milliseconds; 0 before the first. */
    public synchronized long averageMs() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += latestMs[i];
        }
        return count == 0 ? 0 : total / count;
    }

    /** The longest of the latest uploads, in milliseconds; 0 before the first. */
    public synchronized long maxMs() {
        long max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, latestMs[i]);
        }
        return max;
    }
}
