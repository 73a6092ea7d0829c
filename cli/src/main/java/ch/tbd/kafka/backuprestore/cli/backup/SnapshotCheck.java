package ch.tbd.kafka.backuprestore.cli.backup;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.watch.StoredBackup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a snapshot backup is done, checked against storage and the topic: every record from each partition's start
 * (when the snapshot began) to its last record is in a stored object, or the check says which are not.
 *
 * <p>The backup goes on while records are missing that the topic still holds: an object may be on its way, or be
 * stored again after a failure. It ends once nothing is missing, or once what is missing is gone from the topic
 * (deleted by retention before the backup reached it), or when nothing has changed for {@link #STALL} while
 * records are missing.
 */
final class SnapshotCheck {

    static final Duration STALL = Duration.ofMinutes(2);

    private final StoredBackup stored;
    private final SnapshotTargets.Snapshot targets;
    private final TopicGaps gaps;
    private final Clock clock;
    private Map<TopicPartitionId, List<Coverage.Missing>> missing = Map.of();
    private Map<TopicPartitionId, Long> startsNow = Map.of();
    private long unchangedSinceMs = -1;

    SnapshotCheck(StoredBackup stored, SnapshotTargets.Snapshot targets, TopicGaps gaps, Clock clock) {
        this.stored = stored;
        this.targets = targets;
        this.gaps = gaps;
        this.clock = clock;
    }

    /** Whether the snapshot has ended: complete, or missing records that will not come. */
    boolean finished() {
        if (!stored.reaches(targets.lastRecords())) {
            return false;
        }
        Map<TopicPartitionId, List<Coverage.Missing>> now = stored.missing(targets.lastRecords(),
                targets.startOffsets(), gaps::of);
        if (now.isEmpty()) {
            missing = now;
            return true;
        }
        startsNow = gaps.startOffsets(now.keySet());
        boolean allGone = now.entrySet().stream().allMatch(entry -> entry.getValue().stream()
                .allMatch(m -> m.to() < startsNow.get(entry.getKey())));
        long nowMs = clock.millis();
        if (!now.equals(missing) || unchangedSinceMs < 0) {
            unchangedSinceMs = nowMs;
        }
        missing = now;
        return allGone || nowMs - unchangedSinceMs >= STALL.toMillis();
    }

    /** What was missing at the last check. */
    Map<TopicPartitionId, List<Coverage.Missing>> missing() {
        return missing;
    }

    /** One line per missing range, saying whether the topic still holds it. */
    List<String> describeMissing() {
        List<String> lines = new ArrayList<>();
        missing.forEach((tp, ranges) -> ranges.forEach(range -> lines.add(tp.topic() + "-" + tp.partition() + ": "
                + range.describe() + (range.to() < startsNow.getOrDefault(tp, 0L)
                        ? ": deleted from the topic (retention) before the backup stored them, or never records: the"
                                + " backup cannot tell"
                        : ": still in the topic; run the backup again to store them"))));
        return lines;
    }
}
