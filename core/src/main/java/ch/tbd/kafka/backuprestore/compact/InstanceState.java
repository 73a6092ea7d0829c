package ch.tbd.kafka.backuprestore.compact;

import java.util.Comparator;
import java.util.Objects;

/**
 * What one instance of a pair says of itself for one partition, as it publishes it for its peer. Each instance writes
 * only its own state, so the two never overwrite each other: every decision is taken by one instance from its own
 * state and the last state its peer published ({@link HandoverProtocol}).
 *
 * @param instance   the instance's name (its connector's name), which is also its directory in the backup
 * @param declared   the initial status it was configured with
 * @param location   where it writes, for telling a peer of another backup from a misconfigured one
 * @param role       what it does now
 * @param generation the number of its snapshot: each snapshot built is one higher than the newest before it
 * @param since      when it took this role (epoch milliseconds)
 */
public record InstanceState(String instance, InitialStatus declared, String location, Role role, long generation,
        long since) {

    /** The newest generation first; between two of one generation, which only a misconfiguration leaves, by name. */
    static final Comparator<InstanceState> PRECEDENCE = Comparator.comparingLong(InstanceState::generation)
            .thenComparing(InstanceState::instance, Comparator.reverseOrder());

    public InstanceState {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(role, "role");
    }

    /** Whether this state's snapshot is newer than {@code other}'s, so that {@code other}'s must give way. */
    public boolean precedes(InstanceState other) {
        return PRECEDENCE.compare(this, other) > 0;
    }

    InstanceState as(Role newRole, long newGeneration, long now) {
        return new InstanceState(instance, declared, location, newRole, newGeneration, now);
    }

    /** "backup-activate: COMPLETE snapshot 3 since 2026-12-07T10:00:00Z", for messages. */
    public String describe() {
        return instance + ": " + role + (role == Role.PASSIVE ? "" : " snapshot " + generation) + " since "
                + java.time.Instant.ofEpochMilli(since);
    }
}
