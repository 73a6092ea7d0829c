package ch.tbd.kafka.backuprestore.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Creation plans over random backed-up definitions, user rules and target sizes: every backed-up config is either set
 * or dropped with a reason; never-copied and excluded configs are never set unless overridden; overrides always win;
 * the topic never gets fewer partitions than the backup needs, nor more replicas than the target has brokers, nor a
 * min.insync.replicas it could not meet; and a topic made as planned shows no difference from the plan.
 */
class TopicCreationPlanProperties {

    private static final List<String> CONFIGS = List.of("cleanup.policy", "retention.ms", "max.message.bytes",
            "message.timestamp.type", "min.insync.replicas", "segment.bytes", "confluent.placement.constraints",
            "leader.replication.throttled.replicas", "message.format.version", "message.timestamp.before.max.ms",
            "compression.type", "remote.storage.enable");

    @Property(tries = 1000)
    void shouldSetOrDropEveryBackedUpConfigAndKeepTheRules(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Map<String, String> backedUp = new LinkedHashMap<>();
        for (String config : CONFIGS) {
            if (random.nextBoolean()) {
                backedUp.put(config, config.equals("min.insync.replicas") ? Integer.toString(1 + random.nextInt(4))
                        : config.equals("message.timestamp.type") ? (random.nextBoolean() ? "LogAppendTime"
                        : "CreateTime") : "v" + random.nextInt(3));
            }
        }
        int replicas = 1 + random.nextInt(4);
        Optional<TopicDefinition> source = random.nextInt(8) == 0 ? Optional.empty()
                : Optional.of(TopicDefinition.of("t", "id", Instant.EPOCH, 1 + random.nextInt(8), replicas,
                        backedUp, List.of(), null));
        Map<String, String> overrides = new LinkedHashMap<>();
        Set<String> excludes = new HashSet<>();
        for (String config : CONFIGS) {
            int choice = random.nextInt(10);
            if (choice == 0) {
                overrides.put(config, "o" + random.nextInt(3));
            } else if (choice == 1) {
                excludes.add(random.nextBoolean() ? config : config.substring(0, 3) + "*");
            }
        }
        TopicConfigRules rules = new TopicConfigRules(overrides, excludes);
        OptionalInt brokers = random.nextBoolean() ? OptionalInt.of(1 + random.nextInt(3)) : OptionalInt.empty();
        int needed = 1 + random.nextInt(8);

        TopicCreationPlan plan = TopicCreationPlan.of("target", source, needed, rules, -1, brokers);

        assertThat(plan.partitions()).isGreaterThanOrEqualTo(needed)
                .isGreaterThanOrEqualTo(source.map(TopicDefinition::partitions).orElse(0));
        if (brokers.isPresent()) {
            assertThat(plan.replicationFactor()).isLessThanOrEqualTo(brokers.getAsInt());
        }
        if (source.isEmpty()) {
            assertThat(plan.replicationFactor()).isEqualTo(-1);
        }
        overrides.forEach((config, value) -> assertThat(plan.configs()).containsEntry(config, value));
        Set<String> dropped = new HashSet<>();
        plan.dropped().forEach(d -> {
            dropped.add(d.config());
            assertThat(d.reason()).isNotBlank();
            assertThat(backedUp).containsEntry(d.config(), d.value());
        });
        backedUp.forEach((config, value) -> {
            if (source.isPresent() && !overrides.containsKey(config)) {
                assertThat(plan.configs().containsKey(config) ^ dropped.contains(config))
                        .as("%s set or dropped, once", config).isTrue();
            }
            if (!overrides.containsKey(config) && plan.configs().containsKey(config)) {
                assertThat(plan.configs()).containsEntry(config, value);
                assertThat(NeverCopiedConfigs.reason(config)).isEmpty();
                assertThat(NeverCopiedConfigs.valueReason(config, value)).isEmpty();
                assertThat(rules.excludes(config)).isFalse();
            }
        });
        String minInsync = plan.configs().get("min.insync.replicas");
        int known = plan.replicationFactor() > 0 ? plan.replicationFactor() : brokers.orElse(Integer.MAX_VALUE);
        if (minInsync != null && !overrides.containsKey("min.insync.replicas")) {
            assertThat(Integer.parseInt(minInsync)).isLessThanOrEqualTo(known);
        }
        assertThat(plan.differencesFrom(plan.configs(), plan.configs().keySet(), rules)).isEmpty();
    }

    @Property(tries = 200)
    void shouldReportEveryConfigThatDiffers(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Map<String, String> backedUp = new LinkedHashMap<>();
        backedUp.put("cleanup.policy", "compact");
        backedUp.put("retention.ms", "604800000");
        TopicCreationPlan plan = TopicCreationPlan.of("t", Optional.of(TopicDefinition.of("t", null, Instant.EPOCH,
                3, 1, backedUp, List.of(), null)), 3, TopicConfigRules.NONE, -1, OptionalInt.empty());
        Map<String, String> target = new LinkedHashMap<>(plan.configs());
        List<String> changed = new ArrayList<>();
        if (random.nextBoolean()) {
            target.put("cleanup.policy", "delete");
            changed.add("cleanup.policy");
        }
        if (random.nextBoolean()) {
            target.remove("retention.ms");
            changed.add("retention.ms");
        }
        Set<String> own = new HashSet<>(target.keySet());
        if (random.nextBoolean()) {
            target.put("max.message.bytes", "100");
            own.add("max.message.bytes");
            changed.add("max.message.bytes");
        }

        assertThat(plan.differencesFrom(target, own, TopicConfigRules.NONE))
                .extracting(TopicCreationPlan.Difference::config).containsExactlyInAnyOrderElementsOf(changed);
    }
}
