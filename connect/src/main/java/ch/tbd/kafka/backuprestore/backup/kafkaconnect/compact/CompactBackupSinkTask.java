package ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkTask;
import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.HandoverProtocol;
import ch.tbd.kafka.backuprestore.compact.HandoverProtocol.Decision;
import ch.tbd.kafka.backuprestore.compact.InitialStatus;
import ch.tbd.kafka.backuprestore.compact.InstanceState;
import ch.tbd.kafka.backuprestore.compact.Role;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.kafka.PairStatesTopic;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of a connector of a compacted-topic pair: for each of its partitions, it takes the role the
 * {@link HandoverProtocol} gives it, publishes it to the coordination topic, and acts on it. Building, it rewinds the
 * partition to its beginning and writes into the connector's own directory; complete, it goes on backing up; retiring,
 * it stops and deletes its snapshot; passive, it pauses the partition. The roles survive restarts and rebalances: they
 * are read back from the coordination topic.
 */
public class CompactBackupSinkTask extends BackupSinkTask {

    private static final Logger log = LoggerFactory.getLogger(CompactBackupSinkTask.class);
    private static final long STEP_INTERVAL_MS = 500;
    private static final long CATCH_UP_INTERVAL_MS = 1_000;
    /** How long a PASSIVATE connector waits for its ACTIVATE peer's first state before it fails. */
    static final Duration PEER_WAIT = Duration.ofMinutes(5);
    private static final long PEER_WAIT_LOG_MS = 60_000;
    private static final long PEER_GRACE_MS = 30_000;
    private static final int DELETIONS_PER_STEP = 500;

    private String instance;
    private InitialStatus declared;
    private String location;
    private long lengthMs;
    private BackupLayout instanceLayout;
    private CompactSnapshots snapshots;
    private PairStatesTopic states;
    private CatchUpCheck catchUp;
    private final Map<TopicPartition, Turn> turns = new HashMap<>();
    private long lastStepMs;

    /** One partition's part in the pair, as this task knows it. */
    private static final class Turn {
        InstanceState state;
        long readEnd;
        long lastCatchUpCheckMs;
        long waitingSinceMs = -1;
        long lastWaitLogMs;

        Role role() {
            return state == null ? null : state.role();
        }
    }

    @Override
    public void start(Map<String, String> props) {
        CompactBackupConfig compact = new CompactBackupConfig(props);
        super.start(props);
        BackupSinkConfig backup = new BackupSinkConfig(props);
        declared = compact.initialStatus();
        lengthMs = compact.lengthMs();
        location = storage().location() + "/" + backup.storage().layout().prefix();
        snapshots = new CompactSnapshots(storage(), backup.storage().layout());
        Map<String, Object> client = compact.clusterClientConfig();
        String clientId = "kafka-backup-" + instance + "-" + props.getOrDefault(TASK_ID, "0");
        try {
            states = PairStatesTopic.open(client, compact.coordinationTopic(), clientId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading the coordination topic", e);
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot use the coordination topic '" + compact.coordinationTopic() + "' of "
                    + instance + ": " + e.getMessage(), e);
        }
        catchUp = new CatchUpCheck(client, clientId);
        log.info("Compacted backup {} ({}) started: snapshots in {}, a snapshot lasts {} ms", instance, declared,
                instanceLayout.topicPrefix("TOPIC"), lengthMs);
    }

    @Override
    protected BackupLayout layout(BackupSinkConfig config, Map<String, String> props) {
        instance = props.get("name");
        instanceLayout = config.storage().layout().forInstance(instance);
        return instanceLayout;
    }

    /** A handover replaces a snapshot whole: neither lifecycle rules nor sweeps may expire part of one. */
    @Override
    protected boolean managesRetention() {
        return false;
    }

    @Override
    protected void afterOpen(Collection<TopicPartition> partitions) {
        states.refresh(Duration.ZERO);
        long now = System.currentTimeMillis();
        for (TopicPartition tp : partitions) {
            Turn turn = new Turn();
            turn.state = states.states(tp.topic(), tp.partition()).stream()
                    .filter(state -> state.instance().equals(instance)).findFirst().orElse(null);
            turns.put(tp, turn);
            if (turn.role() == Role.PASSIVE || turn.role() == Role.RETIRING) {
                context.pause(tp);
            }
            step(tp, turn, now);
        }
    }

    @Override
    protected void beforePut() {
        long now = System.currentTimeMillis();
        if (now - lastStepMs < STEP_INTERVAL_MS) {
            return;
        }
        lastStepMs = now;
        states.refresh(Duration.ZERO);
        turns.forEach((tp, turn) -> step(tp, turn, now));
    }

    @Override
    protected boolean backsUp(SinkRecord record) {
        Turn turn = turns.get(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()));
        if (turn == null || (turn.role() != Role.BUILDING && turn.role() != Role.COMPLETE)) {
            return false;
        }
        turn.readEnd = Math.max(turn.readEnd, record.originalKafkaOffset() + 1);
        return true;
    }

    private void step(TopicPartition tp, Turn turn, long now) {
        try {
            long completeUpTo = turn.role() == Role.BUILDING ? caughtUpTo(tp, turn, now) : -1;
            boolean deleted = turn.role() == Role.RETIRING && retire(tp);
            Decision decision = HandoverProtocol.decide(instance, declared, location, turn.state,
                    states.states(tp.topic(), tp.partition()), tp.toString(),
                    new HandoverProtocol.Facts(now, lengthMs, completeUpTo >= 0, deleted));
            if (decision instanceof Decision.Move move) {
                turn.waitingSinceMs = -1;
                act(tp, turn, move.next(), completeUpTo, now);
                log.info("Compacted backup {} of {}: {} ({})", instance, tp, move.next().describe(), move.why());
            } else if (decision instanceof Decision.Conflict conflict) {
                throw new ConnectException(conflict.message());
            } else if (decision instanceof Decision.WaitForPeer wait) {
                waitForPeer(turn, wait.message(), now);
            } else {
                turn.waitingSinceMs = -1;
            }
        } catch (StorageException e) {
            if (!e.retriable()) {
                throw new ConnectException("Compacted backup " + instance + " of " + tp + ": " + e.getMessage(), e);
            }
            log.warn("Compacted backup {} of {}: {}; trying again in {} ms", instance, tp, e.getMessage(),
                    STEP_INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while handing over " + tp, e);
        }
    }

    /** The offset a building snapshot is complete up to once it caught up and stored what it read, else -1. */
    private long caughtUpTo(TopicPartition tp, Turn turn, long now) throws InterruptedException {
        if (now - turn.lastCatchUpCheckMs < CATCH_UP_INTERVAL_MS) {
            return -1;
        }
        turn.lastCatchUpCheckMs = now;
        long upTo = catchUp.caughtUpTo(tp, turn.readEnd);
        if (upTo < 0) {
            return -1;
        }
        try {
            writer().storeOpen(new TopicPartitionId(tp.topic(), tp.partition()));
        } catch (RuntimeException e) {
            log.warn("Compacted backup {} of {} caught up but could not store its last object yet: {}", instance, tp,
                    e.getMessage());
            return -1;
        }
        return upTo;
    }

    private void act(TopicPartition tp, Turn turn, InstanceState next, long completeUpTo, long now)
            throws InterruptedException {
        TopicPartitionId id = new TopicPartitionId(tp.topic(), tp.partition());
        switch (next.role()) {
            case BUILDING -> {
                // Anything left of an earlier snapshot would mix with the new one.
                while (!deleteSome(tp)) {
                    log.debug("Deleting what is left in {} of {}", instance, tp);
                }
                writer().forget(id);
                states.publish(tp.topic(), tp.partition(), next);
                turn.state = next;
                turn.readEnd = 0;
                catchUp.restart(tp);
                rewindTo(tp, 0);
                context.resume(tp);
            }
            case COMPLETE -> {
                // The marker first: a crash before publishing leaves a marker of a whole snapshot.
                snapshots.markComplete(SnapshotMarker.of(tp.topic(), tp.partition(), instance, next.generation(),
                        completeUpTo, now));
                states.publish(tp.topic(), tp.partition(), next);
                turn.state = next;
            }
            case RETIRING -> {
                states.publish(tp.topic(), tp.partition(), next);
                turn.state = next;
                context.pause(tp);
                try {
                    // Uploads under way would land after the deletion otherwise.
                    writer().storeOpen(id);
                } catch (RuntimeException e) {
                    log.debug("The last object of {} of {} was not stored, and need not be: {}", instance, tp,
                            e.getMessage());
                }
                writer().forget(id);
                retire(tp);
            }
            case PASSIVE -> {
                states.publish(tp.topic(), tp.partition(), next);
                turn.state = next;
                context.pause(tp);
                writer().forget(id);
            }
        }
    }

    /**
     * Deletes the marker, again after a crash that came between publishing and deleting it, then some of the objects;
     * true when none is left. The marker goes first: it must never stand for a snapshot that is partly deleted.
     */
    private boolean retire(TopicPartition tp) {
        snapshots.unmark(tp.topic(), tp.partition(), instance);
        return deleteSome(tp);
    }

    /** Deletes some of this instance's objects of the partition; true when none is left. */
    private boolean deleteSome(TopicPartition tp) {
        List<String> keys;
        try (Stream<StoredObject> objects = storage().list(instanceLayout.topicPrefix(tp.topic()))) {
            keys = objects.map(StoredObject::key)
                    .filter(key -> instanceLayout.parse(key).map(parsed -> parsed.partition() == tp.partition())
                            .orElse(false))
                    .limit(DELETIONS_PER_STEP).toList();
        }
        keys.forEach(storage()::delete);
        return keys.size() < DELETIONS_PER_STEP;
    }

    private void waitForPeer(Turn turn, String message, long now) {
        if (turn.waitingSinceMs < 0) {
            turn.waitingSinceMs = now;
        }
        if (now - turn.waitingSinceMs < PEER_GRACE_MS) {
            // Both connectors of a pair are usually started together: the peer's first state is on its way.
            return;
        }
        if (now - turn.waitingSinceMs > PEER_WAIT.toMillis()) {
            throw new ConnectException(message + " (waited " + PEER_WAIT.toMinutes() + " minutes)");
        }
        if (now - turn.lastWaitLogMs > PEER_WAIT_LOG_MS) {
            turn.lastWaitLogMs = now;
            log.warn("{}; the task fails if none appears within {} minutes", message, PEER_WAIT.toMinutes());
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        super.close(partitions);
        partitions.forEach(turns::remove);
    }

    @Override
    public void stop() {
        super.stop();
        if (states != null) {
            states.close();
        }
        if (catchUp != null) {
            catchUp.close();
        }
    }
}
