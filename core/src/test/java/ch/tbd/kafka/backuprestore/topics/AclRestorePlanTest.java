package ch.tbd.kafka.backuprestore.topics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclRestorePlanTest {

    private static AclEntry topic(String pattern, String name) {
        return new AclEntry("TOPIC", pattern, name, "User:app", "*", "READ", "ALLOW");
    }

    private static AclEntry group(String pattern, String name) {
        return new AclEntry("GROUP", pattern, name, "User:app", "*", "READ", "ALLOW");
    }

    private static TopicDefinition orders(List<AclEntry> acls) {
        return TopicDefinition.of("orders", null, Instant.EPOCH, 1, 1, Map.of(), acls, null);
    }

    @Test
    void shouldKeepBindingsOfATopicRestoredUnderItsName() {
        List<AclEntry> acls = List.of(topic("LITERAL", "orders"), topic("PREFIXED", "ord"), topic("LITERAL", "*"));
        AclRestorePlan plan = AclRestorePlan.of(Map.of("orders", orders(acls)), Map.of("orders", "orders"),
                List.of(), GroupFilter.of(""));
        assertThat(plan.bindings()).extracting(AclRestorePlan.Planned::binding).containsExactlyElementsOf(acls);
    }

    @Test
    void shouldMoveBindingsToTheNewNameOfARenamedTopic() {
        List<AclEntry> acls = List.of(topic("LITERAL", "orders"), topic("PREFIXED", "ord"),
                topic("PREFIXED", "o"), topic("LITERAL", "*"));
        AclRestorePlan plan = AclRestorePlan.of(Map.of("orders", orders(acls)), Map.of("orders", "old-orders"),
                List.of(), GroupFilter.of(""));
        assertThat(plan.bindings()).extracting(AclRestorePlan.Planned::binding).containsExactly(
                topic("LITERAL", "old-orders"), topic("PREFIXED", "o"), topic("LITERAL", "*"));
    }

    @Test
    void shouldPlanGroupBindingsOfTheGroupsAskedFor() {
        List<AclEntry> groups = List.of(group("LITERAL", "billing"), group("LITERAL", "audit"),
                group("PREFIXED", "bill"), group("LITERAL", "*"),
                new AclEntry("TRANSACTIONAL_ID", "LITERAL", "billing", "User:app", "*", "WRITE", "ALLOW"));
        AclRestorePlan plan = AclRestorePlan.of(Map.of(), Map.of(), groups, GroupFilter.of("billing"));
        assertThat(plan.bindings()).extracting(AclRestorePlan.Planned::binding).containsExactly(
                group("LITERAL", "billing"), group("PREFIXED", "bill"), group("LITERAL", "*"));
        assertThat(AclRestorePlan.of(Map.of(), Map.of(), groups, GroupFilter.of("bill.*")).bindings())
                .extracting(AclRestorePlan.Planned::binding).containsExactly(
                        group("LITERAL", "billing"), group("PREFIXED", "bill"), group("LITERAL", "*"));
    }
}
