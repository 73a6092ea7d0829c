package ch.tbd.kafka.backuprestore.compact;

import java.util.List;
import java.util.Objects;

/**
 * How the two instances of a compacted-topic backup take turns on one partition, decided by one instance from its own
 * published state and its peer's.
 *
 * <p>The instance whose snapshot is complete ({@link Role#COMPLETE}) backs up. Once its snapshot is
 * {@code snapshotLengthMs} old, the passive instance builds a new one from the beginning of the partition
 * ({@link Role#BUILDING}), one generation higher. When that one has caught up ({@link CatchUp}) it is complete, and
 * only then does the older instance, seeing a newer complete snapshot, stop and delete its own objects
 * ({@link Role#RETIRING}) before turning passive. So from the first complete snapshot on, a complete snapshot is
 * always stored, an instance deletes only its own objects and only after a newer snapshot is complete, and a crash at
 * any point resumes from the published state.
 *
 * <p>Pure: no clock, no Kafka, no storage. The published states may be stale; the rules hold for any state a peer
 * published earlier.
 */
public final class HandoverProtocol {

    /**
     * What the deciding instance knows besides the published states.
     *
     * @param now               the time (epoch milliseconds)
     * @param snapshotLengthMs  how long a snapshot stays current before the passive instance builds the next one
     * @param caughtUp          for a building instance: whether its snapshot has caught up ({@link CatchUp})
     * @param ownObjectsDeleted for a retiring instance: whether its objects are all deleted
     */
    public record Facts(long now, long snapshotLengthMs, boolean caughtUp, boolean ownObjectsDeleted) {}

    /** What to do next. */
    public sealed interface Decision {
        /** Keep the current state (and go on with its work: build, back up, delete or wait). */
        record Stay(InstanceState state) implements Decision {}

        /** Publish {@code next} and act on it. */
        record Move(InstanceState next, String why) implements Decision {}

        /** The instance waits for a peer that has never published a state: it has no snapshot to take over. */
        record WaitForPeer(String message) implements Decision {}

        /** The pair is misconfigured; nothing is done until it is fixed. */
        record Conflict(String message) implements Decision {}
    }

    private HandoverProtocol() {}

    /**
     * @param instance  the deciding instance's name
     * @param declared  its configured initial status
     * @param location  where it writes
     * @param own       its own last published state, or {@code null} before its first
     * @param published every state published for the partition, its own included
     * @param partition the topic-partition, for messages
     */
    public static Decision decide(String instance, InitialStatus declared, String location, InstanceState own,
            List<InstanceState> published, String partition, Facts facts) {
        List<InstanceState> others = published.stream().filter(s -> !s.instance().equals(instance)).toList();
        if (others.size() > 1) {
            return new Decision.Conflict("More than two instances back up " + partition + ": " + instance + " and "
                    + others.stream().map(InstanceState::instance).toList() + ". A compacted backup is a pair of"
                    + " connectors, one ACTIVATE and one PASSIVATE: delete the extra connectors, or give each pair a"
                    + " location (storage.prefix) and a coordination topic of its own");
        }
        InstanceState peer = others.isEmpty() ? null : others.get(0);
        if (peer != null) {
            Decision.Conflict conflict = conflict(instance, declared, location, peer, partition);
            if (conflict != null) {
                return conflict;
            }
        }
        if (own == null) {
            boolean peerWorking = peer != null && peer.role() != Role.PASSIVE;
            long generation = peer == null ? 0 : peer.generation();
            InstanceState fresh = new InstanceState(instance, declared, location, Role.PASSIVE, generation,
                    facts.now());
            if (declared == InitialStatus.ACTIVATE && !peerWorking) {
                return new Decision.Move(fresh.as(Role.BUILDING, generation + 1, facts.now()),
                        "ACTIVATE: builds the first snapshot");
            }
            return new Decision.Move(fresh, peerWorking ? "its peer " + peer.instance() + " is " + peer.role()
                    : "PASSIVATE: waits for its turn");
        }
        return switch (own.role()) {
            case PASSIVE -> passive(own, peer, partition, facts);
            case BUILDING -> building(own, peer, facts);
            case COMPLETE -> peer != null && peer.role() == Role.COMPLETE && peer.precedes(own)
                    ? new Decision.Move(own.as(Role.RETIRING, own.generation(), facts.now()), "the snapshot of "
                            + peer.instance() + " (generation " + peer.generation() + ") is complete and newer")
                    : new Decision.Stay(own);
            case RETIRING -> facts.ownObjectsDeleted()
                    ? new Decision.Move(own.as(Role.PASSIVE, own.generation(), facts.now()), "its objects are deleted")
                    : new Decision.Stay(own);
        };
    }

    private static Decision passive(InstanceState own, InstanceState peer, String partition, Facts facts) {
        if (peer == null) {
            if (own.declared() == InitialStatus.ACTIVATE) {
                return new Decision.Move(own.as(Role.BUILDING, own.generation() + 1, facts.now()),
                        "no peer holds a snapshot");
            }
            return new Decision.WaitForPeer(own.instance() + " (PASSIVATE) has no peer for " + partition
                    + ": start the ACTIVATE connector of the pair, writing to the same location");
        }
        long next = Math.max(own.generation(), peer.generation()) + 1;
        return switch (peer.role()) {
            case COMPLETE -> facts.now() - peer.since() >= facts.snapshotLengthMs()
                    ? new Decision.Move(own.as(Role.BUILDING, next, facts.now()), "the snapshot of "
                            + peer.instance() + " is " + (facts.now() - peer.since()) + " ms old")
                    : new Decision.Stay(own);
            case BUILDING -> new Decision.Stay(own);
            // Neither holds a snapshot (or the peer is deleting one no newer snapshot replaced): the ACTIVATE one
            // builds.
            case PASSIVE, RETIRING -> own.declared() == InitialStatus.ACTIVATE
                    ? new Decision.Move(own.as(Role.BUILDING, next, facts.now()), "no peer holds a snapshot")
                    : new Decision.Stay(own);
        };
    }

    private static Decision building(InstanceState own, InstanceState peer, Facts facts) {
        if (peer != null && (peer.role() == Role.COMPLETE || peer.role() == Role.BUILDING) && peer.generation()
                >= own.generation() && peer.precedes(own)) {
            // Only two instances that both built at once get here: the one that gives way drops what it built.
            return new Decision.Move(own.as(Role.RETIRING, own.generation(), facts.now()), peer.instance()
                    + " builds or holds generation " + peer.generation() + " too");
        }
        if (facts.caughtUp()) {
            return new Decision.Move(own.as(Role.COMPLETE, own.generation(), facts.now()),
                    "the snapshot has caught up with the partition");
        }
        return new Decision.Stay(own);
    }

    private static Decision.Conflict conflict(String instance, InitialStatus declared, String location,
            InstanceState peer, String partition) {
        if (!Objects.equals(peer.location(), location)) {
            return new Decision.Conflict(instance + " writes " + partition + " to " + location + " but its peer "
                    + peer.instance() + " writes to " + peer.location() + ": both connectors of a pair must use the"
                    + " same storage settings");
        }
        if (peer.declared() == declared) {
            return new Decision.Conflict("Both " + instance + " and " + peer.instance() + " back up " + partition
                    + " with compacted.log.backup.initial.status=" + declared + ": set it to ACTIVATE on one"
                    + " connector of the pair and PASSIVATE on the other");
        }
        return null;
    }
}
