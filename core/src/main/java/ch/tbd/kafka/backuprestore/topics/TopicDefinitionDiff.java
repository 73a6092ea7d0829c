package ch.tbd.kafka.backuprestore.topics;

import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How a live topic differs from a backed-up definition, as a restore into it would see it: partitions, replication
 * factor, configs (those never copied left out, each named once) and ACL bindings, with a rename applied.
 */
public final class TopicDefinitionDiff {

    private TopicDefinitionDiff() {}

    /**
     * @param backup        the backed-up definition
     * @param live          the live topic's definition, read as a backup reads it
     * @param liveEffective the live topic's effective configs
     * @return one line per difference; empty when the live topic is as the backup says
     */
    public static List<String> between(TopicDefinition backup, TopicDefinition live,
            Map<String, String> liveEffective) {
        List<String> lines = new ArrayList<>();
        if (backup.partitions() != live.partitions()) {
            lines.add("partitions: " + backup.partitions() + " in the backup, " + live.partitions() + " live");
        }
        if (backup.replicationFactor() != live.replicationFactor()) {
            lines.add("replication factor: " + backup.replicationFactor() + " in the backup, "
                    + live.replicationFactor() + " live");
        }
        TopicCreationPlan plan = TopicCreationPlan.of(live.topic(), Optional.of(backup), 1, TopicConfigRules.NONE,
                -1, OptionalInt.empty());
        plan.differencesFrom(liveEffective, live.configs().keySet(), TopicConfigRules.NONE)
                .forEach(difference -> lines.add("config " + difference.config() + ": "
                        + (difference.expected() == null ? "not set" : difference.expected()) + " in the backup, "
                        + (difference.actual() == null ? "not set" : difference.actual()) + " live"));
        if (backup.aclsUnavailable() != null || live.aclsUnavailable() != null) {
            return lines; // ACLs that one side could not read are not compared
        }
        Set<AclEntry> expected = new LinkedHashSet<>();
        AclRestorePlan.of(Map.of(backup.topic(), backup), Map.of(backup.topic(), live.topic()), List.of(),
                        GroupFilter.of(""))
                .bindings().forEach(planned -> expected.add(planned.binding()));
        Set<AclEntry> actual = new LinkedHashSet<>(live.acls());
        expected.stream().filter(binding -> !actual.contains(binding))
                .forEach(binding -> lines.add("ACL missing live: " + binding.describe()));
        actual.stream().filter(binding -> !expected.contains(binding))
                .forEach(binding -> lines.add("ACL only live: " + binding.describe()));
        return lines;
    }

    /** The backed-up configs a restore does not copy, as "config=value (why)"; not differences. */
    public static List<String> notCompared(TopicDefinition backup) {
        return TopicCreationPlan.of(backup.topic(), Optional.of(backup), 1, TopicConfigRules.NONE, -1,
                OptionalInt.empty()).dropped().stream().map(TopicCreationPlan.Dropped::describe).toList();
    }
}
