package ch.tbd.kafka.backuprestore.compact;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.compact.HandoverProtocol.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol's answers to misconfigured pairs and to the first steps of a well-configured one. */
class HandoverProtocolTest {

    private static final String LOCATION = "s3://bucket";
    private static final HandoverProtocol.Facts FACTS = new HandoverProtocol.Facts(10_000, 1_000, false, false);

    private static InstanceState state(String name, InitialStatus declared, Role role, long generation) {
        return new InstanceState(name, declared, LOCATION, role, generation, 0);
    }

    @Test
    void shouldLetTheActivateInstanceBuildTheFirstSnapshotAndThePassivateOneWait() {
        Decision activate = HandoverProtocol.decide("a", InitialStatus.ACTIVATE, LOCATION, null, List.of(), "t-0",
                FACTS);
        Decision passivate = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, null,
                List.of(state("a", InitialStatus.ACTIVATE, Role.BUILDING, 1)), "t-0", FACTS);

        assertThat(activate).isInstanceOfSatisfying(Decision.Move.class, move -> {
            assertThat(move.next().role()).isEqualTo(Role.BUILDING);
            assertThat(move.next().generation()).isEqualTo(1);
        });
        assertThat(passivate).isInstanceOfSatisfying(Decision.Move.class,
                move -> assertThat(move.next().role()).isEqualTo(Role.PASSIVE));
    }

    @Test
    void shouldKeepItsPublishedRoleAfterARestartWhateverItWasConfiguredWith() {
        InstanceState complete = state("p", InitialStatus.PASSIVATE, Role.COMPLETE, 4);

        Decision decision = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, complete,
                List.of(complete, state("a", InitialStatus.ACTIVATE, Role.PASSIVE, 3)), "t-0", FACTS);

        assertThat(decision).isEqualTo(new Decision.Stay(complete));
    }

    @Test
    void shouldBuildTheNextSnapshotOnceTheCurrentOneIsOldEnough() {
        InstanceState passive = state("p", InitialStatus.PASSIVATE, Role.PASSIVE, 1);
        InstanceState current = new InstanceState("a", InitialStatus.ACTIVATE, LOCATION, Role.COMPLETE, 1, 9_500);

        Decision young = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, passive,
                List.of(passive, current), "t-0", FACTS);
        Decision old = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, passive,
                List.of(passive, current), "t-0", new HandoverProtocol.Facts(10_500, 1_000, false, false));

        assertThat(young).isInstanceOf(Decision.Stay.class);
        assertThat(old).isInstanceOfSatisfying(Decision.Move.class,
                move -> assertThat(move.next().generation()).isEqualTo(2));
    }

    @Test
    void shouldRefuseTwoActivateInstancesNamingBoth() {
        Decision decision = HandoverProtocol.decide("a2", InitialStatus.ACTIVATE, LOCATION, null,
                List.of(state("a1", InitialStatus.ACTIVATE, Role.COMPLETE, 1)), "orders-0", FACTS);

        assertThat(decision).isInstanceOfSatisfying(Decision.Conflict.class, conflict -> assertThat(
                conflict.message()).contains("a1", "a2", "orders-0", "ACTIVATE on one", "PASSIVATE on the other"));
    }

    @Test
    void shouldRefuseTwoPassivateInstances() {
        Decision decision = HandoverProtocol.decide("p2", InitialStatus.PASSIVATE, LOCATION, null,
                List.of(state("p1", InitialStatus.PASSIVATE, Role.PASSIVE, 0)), "orders-0", FACTS);

        assertThat(decision).isInstanceOfSatisfying(Decision.Conflict.class,
                conflict -> assertThat(conflict.message()).contains("p1", "p2", "PASSIVATE"));
    }

    @Test
    void shouldRefuseAThirdInstanceOnTheSamePartition() {
        Decision decision = HandoverProtocol.decide("c", InitialStatus.ACTIVATE, LOCATION, null,
                List.of(state("a", InitialStatus.ACTIVATE, Role.COMPLETE, 1),
                        state("p", InitialStatus.PASSIVATE, Role.PASSIVE, 0)), "orders-0", FACTS);

        assertThat(decision).isInstanceOfSatisfying(Decision.Conflict.class,
                conflict -> assertThat(conflict.message()).contains("More than two instances", "orders-0", "c"));
    }

    @Test
    void shouldRefuseAPeerThatWritesElsewhere() {
        InstanceState elsewhere = new InstanceState("a", InitialStatus.ACTIVATE, "s3://other", Role.COMPLETE, 1, 0);

        Decision decision = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, null, List.of(elsewhere),
                "orders-0", FACTS);

        assertThat(decision).isInstanceOfSatisfying(Decision.Conflict.class,
                conflict -> assertThat(conflict.message()).contains("s3://other", LOCATION, "same storage"));
    }

    @Test
    void shouldWaitForAPeerWhenPassivateMeetsNoOne() {
        InstanceState passive = state("p", InitialStatus.PASSIVATE, Role.PASSIVE, 0);

        Decision decision = HandoverProtocol.decide("p", InitialStatus.PASSIVATE, LOCATION, passive, List.of(passive),
                "orders-0", FACTS);

        assertThat(decision).isInstanceOfSatisfying(Decision.WaitForPeer.class,
                wait -> assertThat(wait.message()).contains("p (PASSIVATE)", "orders-0", "ACTIVATE connector"));
    }
}
