package ch.tbd.kafka.backuprestore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle plans over random bucket configurations: rules of others survive as they were, ours end up as decided,
 * and planning again over the result changes nothing.
 */
class LifecyclePlanProperties {

    private static final String PREFIX = "backups/";

    @Property(tries = 300)
    void shouldKeepOthersRulesAndLeaveOursAsDecided(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        List<LifecycleRule> existing = new ArrayList<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        List<RetentionDecision> decisions = new ArrayList<>();
        for (int i = 0; i < random.nextInt(6); i++) {
            existing.add(new LifecycleRule("user-" + i, random.nextBoolean() ? "logs/" + i : null,
                    random.nextBoolean() ? 1 + random.nextInt(30) : null, null, random.nextBoolean(),
                    random.nextBoolean(), "stored-" + i));
        }
        for (int i = 0; i < random.nextInt(6); i++) {
            String topic = "topic-" + i;
            prefixes.put(topic, PREFIX + topic + "/");
            if (random.nextBoolean()) {
                existing.add(LifecycleRule.expiring(LifecyclePlan.expireRuleId(PREFIX + topic + "/"),
                        PREFIX + topic + "/", 1 + random.nextInt(30)));
            }
            decisions.add(new RetentionDecision(topic, random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(30), "test"));
        }

        LifecyclePlan plan = LifecyclePlan.plan(existing, PREFIX, prefixes, decisions);

        for (LifecycleRule foreign : existing) {
            if (!foreign.id().startsWith(LifecyclePlan.ID_PREFIX)) {
                assertThat(plan.rules()).as("rules of others are written back as read").contains(foreign);
            }
        }
        for (RetentionDecision decision : decisions) {
            String id = LifecyclePlan.expireRuleId(PREFIX + decision.topic() + "/");
            List<LifecycleRule> ours = plan.rules().stream().filter(rule -> rule.id().equals(id)).toList();
            if (decision.expires()) {
                assertThat(ours).singleElement().satisfies(rule -> {
                    assertThat(rule.expirationDays()).isEqualTo(decision.days());
                    assertThat(rule.prefix()).isEqualTo(PREFIX + decision.topic() + "/");
                });
            } else {
                assertThat(ours).isEmpty();
            }
        }
        assertThat(plan.rules().stream().map(LifecycleRule::id).distinct().count()).as("ids stay unique")
                .isEqualTo(plan.rules().size());
        assertThat(LifecyclePlan.plan(plan.rules(), PREFIX, prefixes, decisions).changed())
                .as("planning again over the result changes nothing").isFalse();
    }

    @Test
    void shouldLeaveAForeignRuleWithOurIdAloneAndReportTheConflict() {
        String id = LifecyclePlan.expireRuleId(PREFIX + "orders/");
        LifecycleRule foreign = new LifecycleRule(id, "elsewhere/", 3, null, true, false, "stored");

        LifecyclePlan plan = LifecyclePlan.plan(List.of(foreign), PREFIX, Map.of("orders", PREFIX + "orders/"),
                List.of(new RetentionDecision("orders", 14, "test")));

        assertThat(plan.rules()).contains(foreign);
        assertThat(plan.conflicts()).singleElement().asString().contains("Topic orders").contains(id)
                .contains("elsewhere/");
    }

    @Test
    void shouldUpdateOurRuleInPlaceWhenTheSettingChanges() {
        String id = LifecyclePlan.expireRuleId(PREFIX + "orders/");
        LifecycleRule old = new LifecycleRule(id, PREFIX + "orders/", 8, null, true, false, "stored");

        LifecyclePlan plan = LifecyclePlan.plan(List.of(old), PREFIX, Map.of("orders", PREFIX + "orders/"),
                List.of(new RetentionDecision("orders", 30, "test")));

        assertThat(plan.rules()).filteredOn(rule -> rule.id().equals(id)).singleElement()
                .extracting(LifecycleRule::expirationDays).isEqualTo(30);
        assertThat(plan.changes()).anyMatch(change -> change.startsWith("changed") && change.contains("30 days"));
    }

    @Test
    void shouldAddOneRuleThatAbortsUnfinishedUploads() {
        LifecyclePlan plan = LifecyclePlan.plan(List.of(), PREFIX, Map.of("a", PREFIX + "a/", "b", PREFIX + "b/"),
                List.of(new RetentionDecision("a", 8, "test"), new RetentionDecision("b", 9, "test")));

        assertThat(plan.rules()).filteredOn(rule -> rule.abortIncompleteUploadDays() != null).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.prefix()).isEqualTo(PREFIX);
                    assertThat(rule.abortIncompleteUploadDays()).isEqualTo(1);
                });
    }

    @Test
    void shouldWarnOfAnotherRuleThatExpiresTheTopicSooner() {
        LifecycleRule everything = new LifecycleRule("clean-all", "", 2, null, true, false, "stored");

        LifecyclePlan plan = LifecyclePlan.plan(List.of(everything), PREFIX, Map.of("a", PREFIX + "a/"),
                List.of(new RetentionDecision("a", 8, "test")));

        assertThat(plan.warnings()).singleElement().asString().contains("clean-all").contains("Topic a");
    }

    @Test
    void shouldKeepRuleIdsWithinTheLimitOfS3ForLongTopicNames() {
        String id = LifecyclePlan.expireRuleId("p".repeat(200) + "/" + "t".repeat(249) + "/");
        assertThat(id).hasSizeLessThanOrEqualTo(LifecyclePlan.MAX_ID_LENGTH).startsWith(LifecyclePlan.EXPIRE_ID);
        assertThat(id).isEqualTo(LifecyclePlan.expireRuleId("p".repeat(200) + "/" + "t".repeat(249) + "/"));
    }
}
