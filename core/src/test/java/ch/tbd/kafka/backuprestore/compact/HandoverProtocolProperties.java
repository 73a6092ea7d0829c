package ch.tbd.kafka.backuprestore.compact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Two instances of a pair, ACTIVATE and PASSIVATE, run the protocol in random interleavings: each decides from its own
 * published state and a view of its peer's that may be stale, crashes between deciding and publishing, builds, catches
 * up and deletes at random moments, while time passes. After every step: from the first complete snapshot on, the
 * newest snapshot with a completion marker is whole in storage; an instance deletes only while retiring; the two
 * never build at once nor complete the same generation. A fair run at the end always hands over again.
 */
class HandoverProtocolProperties {

    private static final String LOCATION = "s3://bucket/prefix";
    private static final long LENGTH_MS = 1_000;

    /** What an instance's directory holds. */
    enum Held { EMPTY, PARTIAL, FULL, DELETING }

    /** One instance: its published history, its view of the peer, its storage and its progress. */
    static final class Instance {
        final String name;
        final InitialStatus declared;
        final List<InstanceState> published = new ArrayList<>();
        int peerView = -1;
        Held held = Held.EMPTY;
        long heldGeneration;
        boolean marker;
        boolean caughtUp;

        Instance(String name, InitialStatus declared) {
            this.name = name;
            this.declared = declared;
        }

        InstanceState state() {
            return published.isEmpty() ? null : published.get(published.size() - 1);
        }
    }

    @Property(tries = 400)
    void shouldAlwaysKeepAWholeCompleteSnapshotAndDeleteOnlyWhenRetiring(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Instance a = new Instance("backup-activate", InitialStatus.ACTIVATE);
        Instance b = new Instance("backup-passivate", InitialStatus.PASSIVATE);
        Map<String, Instance> peers = Map.of(a.name, b, b.name, a);
        long[] now = {0};
        boolean everComplete = false;
        int generationsBefore;
        for (int step = 0; step < 400; step++) {
            Instance self = random.nextBoolean() ? a : b;
            Instance peer = peers.get(self.name);
            switch (random.nextInt(7)) {
                case 0, 1 -> decide(self, peer, now[0], random.nextInt(5) != 0);
                case 2 -> self.peerView = Math.min(peer.published.size() - 1, self.peerView + 1
                        + random.nextInt(2));
                case 3 -> now[0] += random.nextInt(600);
                case 4 -> {
                    if (self.held == Held.PARTIAL && random.nextBoolean()) {
                        self.caughtUp = true;
                    }
                }
                case 5 -> {
                    if (self.held == Held.DELETING && random.nextBoolean()) {
                        self.held = Held.EMPTY;
                    }
                }
                default -> { } // a crash: nothing volatile survives, and nothing else is kept in memory
            }
            everComplete |= a.marker || b.marker;
            checkInvariants(a, b, everComplete);
        }
        generationsBefore = (int) Math.max(generation(a), generation(b));
        // A fair run without crashes or staleness: views current, work finishes, time passes.
        for (int round = 0; round < 40; round++) {
            for (Instance self : List.of(a, b)) {
                Instance peer = peers.get(self.name);
                self.peerView = peer.published.size() - 1;
                if (self.held == Held.PARTIAL) {
                    self.caughtUp = true;
                }
                if (self.held == Held.DELETING) {
                    self.held = Held.EMPTY;
                }
                decide(self, peer, now[0], true);
                checkInvariants(a, b, everComplete |= a.marker || b.marker);
            }
            now[0] += LENGTH_MS / 3;
        }
        assertThat(Math.max(generation(a), generation(b))).as("handed over again in a fair run")
                .isGreaterThan(generationsBefore);
    }

    private static long generation(Instance instance) {
        return instance.state() == null ? 0 : instance.state().generation();
    }

    /** One decision, acted on as the connector does; {@code publishes} false is a crash before publishing. */
    private static void decide(Instance self, Instance peer, long now, boolean publishes) {
        InstanceState peerState = self.peerView < 0 ? null : peer.published.get(self.peerView);
        List<InstanceState> published = new ArrayList<>();
        if (self.state() != null) {
            published.add(self.state());
        }
        if (peerState != null) {
            published.add(peerState);
        }
        HandoverProtocol.Decision decision = HandoverProtocol.decide(self.name, self.declared, LOCATION,
                self.state(), published, "t-0", new HandoverProtocol.Facts(now, LENGTH_MS, self.caughtUp,
                        self.held == Held.EMPTY));
        assertThat(decision).as("a well-configured pair").isNotInstanceOf(HandoverProtocol.Decision.Conflict.class);
        if (!(decision instanceof HandoverProtocol.Decision.Move move)) {
            return;
        }
        InstanceState next = move.next();
        // What the connector does before publishing: a completion marker is stored first, so that a crash after it
        // leaves a marker for a whole snapshot.
        if (next.role() == Role.COMPLETE) {
            // FULL when a crash came between storing the marker and publishing, and the decision is taken again.
            assertThat(self.held).as("%s completes only what it built", self.name).isIn(Held.PARTIAL, Held.FULL);
            assertThat(self.heldGeneration).isEqualTo(next.generation());
            assertThat(self.caughtUp).as("%s completes only a snapshot that caught up", self.name).isTrue();
            self.held = Held.FULL;
            self.heldGeneration = next.generation();
            self.marker = true;
        }
        if (!publishes) {
            return;
        }
        self.published.add(next);
        // What it does after publishing.
        switch (next.role()) {
            case BUILDING -> {
                assertThat(self.held).as("%s builds in an empty directory", self.name).isIn(Held.EMPTY);
                self.held = Held.PARTIAL;
                self.heldGeneration = next.generation();
                self.caughtUp = false;
            }
            case RETIRING -> {
                self.marker = false;
                self.held = Held.DELETING;
            }
            default -> { }
        }
    }

    private static void checkInvariants(Instance a, Instance b, boolean everComplete) {
        for (Instance instance : List.of(a, b)) {
            InstanceState state = instance.state();
            if (instance.held == Held.DELETING) {
                assertThat(state.role()).as("%s deletes only while retiring", instance.name).isEqualTo(Role.RETIRING);
            }
            if (instance.marker) {
                assertThat(instance.held).as("a marker of %s stands for a whole snapshot", instance.name)
                        .isEqualTo(Held.FULL);
            }
        }
        if (everComplete) {
            Instance newest = null;
            for (Instance instance : List.of(a, b)) {
                if (instance.marker && (newest == null || instance.heldGeneration > newest.heldGeneration)) {
                    newest = instance;
                }
            }
            assertThat(newest).as("a complete snapshot is always stored after the first").isNotNull();
            assertThat(newest.held).isEqualTo(Held.FULL);
        }
        InstanceState sa = a.state();
        InstanceState sb = b.state();
        if (sa != null && sb != null) {
            assertThat(sa.role() == Role.BUILDING && sb.role() == Role.BUILDING).as("both building").isFalse();
            assertThat(sa.role() == Role.COMPLETE && sb.role() == Role.COMPLETE
                    && sa.generation() == sb.generation()).as("one generation completed twice").isFalse();
        }
    }

}
