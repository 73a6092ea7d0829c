package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so, at ERROR every minute, when restored records stop reaching Kafka. Connect gives a source task's producer
 * no time limit on waiting for a topic or partition that does not exist ({@code max.block.ms}), so a restore into a
 * missing target would otherwise sit RUNNING and write nothing, without a word. The connector checks the targets at
 * start when it can reach the target cluster; without {@code target.cluster.bootstrap.servers} this is what tells.
 */
final class WriteStallWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteStallWatch.class);
    private static final long STALL_MS = 60_000;
    private static final long CHECK_MS = 5_000;

    private final List<String> targets;
    private final long stallMs;
    private final AtomicLong unacknowledged;
    private final AtomicLong lastProgressMs = new AtomicLong(System.currentTimeMillis());
    private final ScheduledExecutorService timer;
    private volatile long lastWarningMs;
    private volatile int warnings;

    WriteStallWatch(Collection<String> targets, AtomicLong unacknowledged, String taskName) {
        this(targets, unacknowledged, taskName, STALL_MS, CHECK_MS);
    }

    /** For tests: a watch that speaks up after {@code stallMs}, looking every {@code checkMs}. */
    WriteStallWatch(Collection<String> targets, AtomicLong unacknowledged, String taskName, long stallMs,
            long checkMs) {
        this.targets = List.copyOf(targets);
        this.unacknowledged = unacknowledged;
        this.stallMs = stallMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-restore-watch-" + taskName);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, checkMs, checkMs, TimeUnit.MILLISECONDS);
    }

    /** Records were handed to Connect, or one was written: the clock starts again. */
    void progressed() {
        lastProgressMs.set(System.currentTimeMillis());
    }

    /** How long records have been waiting without any reaching Kafka; 0 while they flow. */
    long stalledMs() {
        return unacknowledged.get() <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - lastProgressMs.get());
    }

    private void check() {
        long stalled = stalledMs();
        long now = System.currentTimeMillis();
        if (stalled >= stallMs && now - lastWarningMs >= stallMs) {
            lastWarningMs = now;
            warnings++;
            log.error("No restored record has reached Kafka for {} s although {} wait to be written to {}. Connect's"
                    + " producer waits without end for a topic or partition that does not exist: check that the"
                    + " target topics exist with at least as many partitions as the backup ('kafka-backup describe'"
                    + " shows them), or set target.cluster.bootstrap.servers so that the connector checks and creates"
                    + " them before it starts", stalled / 1000, unacknowledged.get(), targets);
        }
    }

    /** ERRORs logged so far. */
    int warnings() {
        return warnings;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
