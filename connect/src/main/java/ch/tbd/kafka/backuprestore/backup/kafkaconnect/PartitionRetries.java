package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.ObjectUploadException;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.retry.RetryDecision;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.RetryRun;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage failures of a backup task's partitions, each partition retried on its own under the retry policy.
 *
 * <p>A partition whose object failed to store is rewound by the caller and paused on the task's consumer until its
 * next attempt is due, so that the store is not hit again at once (a rewind alone brings the records straight back)
 * while the task's other partitions go on. The task thread never sleeps: Connect keeps polling, which keeps the task in
 * its consumer group, and calls {@code put} again within {@link SinkTaskContext#timeout} even with nothing to
 * deliver, which is when due partitions resume. A partition's run of failures ends with its next stored object; a
 * run that outlasts the policy's timeout fails the task.
 *
 * <p>Used on the task's thread only.
 */
final class PartitionRetries {

    private static final Logger log = LoggerFactory.getLogger(PartitionRetries.class);

    private final RetryPolicy policy;
    private final SinkTaskContext context;
    private final Clock clock;
    private final StorageFailureMetrics failures;
    private final Map<TopicPartitionId, RetryRun> runs = new HashMap<>();
    private final Map<TopicPartition, Long> pausedUntilMs = new HashMap<>();

    PartitionRetries(RetryPolicy policy, SinkTaskContext context, Clock clock, StorageFailureMetrics failures) {
        this.policy = policy;
        this.context = context;
        this.clock = clock;
        this.failures = failures;
    }

    /**
     * Counts a failure of a partition that the caller has rewound, and pauses the partition until its retry is due.
     *
     * @throws ConnectException when the failure cannot pass, or has lasted past the policy's timeout
     */
    void failed(ObjectUploadException failure) {
        TopicPartitionId tp = failure.partition();
        if (!failure.retriable()) {
            failures.failed(failure.getCause(), false);
            throw new ConnectException(failure.getMessage() + ". This failure does not pass by retrying: fix the"
                    + " cause, then restart the task; the records from offset " + failure.startOffset() + " of " + tp
                    + " are not committed and will be backed up then", failure);
        }
        RetryDecision decision = runs.computeIfAbsent(tp, ignored -> policy.newRun(clock::millis, Math::random))
                .failed();
        failures.failed(failure.getCause(), !decision.giveUp());
        if (decision.giveUp()) {
            throw new ConnectException(failure.getMessage() + ". Gave up after " + decision.attempt()
                    + " attempts over " + decision.elapsedMs() / 1000 + " s (retry.timeout.ms="
                    + policy.timeout().toMillis() + "). The records from offset " + failure.startOffset() + " of " + tp
                    + " are not committed: restart the task once the store works again and the backup continues from"
                    + " there", failure);
        }
        log.warn("{} ({}). Partition {} pauses for {} ms, then goes on from offset {}.", failure.getMessage(),
                decision.describe(), tp, decision.delayMs(), failure.startOffset());
        TopicPartition partition = new TopicPartition(tp.topic(), tp.partition());
        context.pause(partition);
        pausedUntilMs.put(partition, clock.millis() + decision.delayMs());
        context.timeout(decision.delayMs());
    }

    /** Ends the partition's run of failures: it stored an object. */
    void stored(TopicPartitionId tp) {
        RetryRun run = runs.get(tp);
        if (run != null) {
            run.succeeded();
        }
    }

    /**
     * Resumes the partitions whose retry is due, and asks Connect to call again when the next one will be.
     */
    void resumeDue() {
        if (pausedUntilMs.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long nextDue = Long.MAX_VALUE;
        for (Iterator<Map.Entry<TopicPartition, Long>> it = pausedUntilMs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Long> paused = it.next();
            if (paused.getValue() <= now) {
                context.resume(paused.getKey());
                it.remove();
            } else {
                nextDue = Math.min(nextDue, paused.getValue());
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            context.timeout(Math.max(1, nextDue - now));
        }
    }

    /** Forgets a partition the task no longer has; Connect drops its pause with it. */
    void forget(TopicPartition partition) {
        pausedUntilMs.remove(partition);
        runs.remove(new TopicPartitionId(partition.topic(), partition.partition()));
    }

    /** Partitions paused now, waiting for a retry. */
    int retrying() {
        return pausedUntilMs.size();
    }
}
