package ch.tbd.kafka.backuprestore.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;

/**
 * The ACL bindings to create on a target cluster for restored topics and groups, with the topics' renames applied.
 *
 * <p>A topic restored under its own name gets its bindings as captured. A topic restored under a new name gets each
 * literal binding on the new name, and each prefixed binding as it was when the prefix also covers the new name, else
 * as a literal binding on the new name: a prefix of the source says nothing of the target's other topics. Wildcard
 * bindings (every topic, every group) are kept as they are. A binding on a group is planned when the groups asked for
 * match its name or prefix, or when it is a wildcard.
 */
public record AclRestorePlan(List<Planned> bindings) {

    /** A binding to create, and where it comes from. */
    public record Planned(AclEntry binding, String origin) {}

    public AclRestorePlan {
        bindings = List.copyOf(bindings);
    }

    /**
     * @param definitions the backed-up definitions of the restored topics, by backed-up name
     * @param targets     each restored topic's target name, by backed-up name
     * @param groupAcls   the captured bindings on groups
     * @param groups      the groups whose bindings to plan
     */
    public static AclRestorePlan of(Map<String, TopicDefinition> definitions, Map<String, String> targets,
            List<AclEntry> groupAcls, GroupFilter groups) {
        Map<AclEntry, String> planned = new LinkedHashMap<>();
        targets.forEach((source, target) -> {
            TopicDefinition definition = definitions.get(source);
            if (definition == null) {
                return;
            }
            for (AclEntry binding : definition.acls()) {
                if (binding.anyResource() || source.equals(target)) {
                    planned.putIfAbsent(binding, "topic " + source);
                } else if (AclEntry.PREFIXED.equals(binding.patternType())
                        && target.startsWith(binding.resourceName())) {
                    planned.putIfAbsent(binding, "topic " + source + " (the prefix covers " + target + " too)");
                } else {
                    planned.putIfAbsent(binding.onLiteral(target), "topic " + source + " restored as " + target
                            + ", from " + binding.patternType().toLowerCase() + " '" + binding.resourceName() + "'");
                }
            }
        });
        for (AclEntry binding : groupAcls) {
            boolean wanted = binding.anyResource() || (AclEntry.PREFIXED.equals(binding.patternType())
                    ? groups.mayMatchPrefix(binding.resourceName()) : groups.matches(binding.resourceName()));
            if (AclEntry.GROUP.equals(binding.resourceType()) && wanted) {
                planned.putIfAbsent(binding, "group " + binding.resourceName());
            }
        }
        List<Planned> result = new ArrayList<>();
        planned.forEach((binding, origin) -> result.add(new Planned(binding, origin)));
        return new AclRestorePlan(result);
    }

    public boolean isEmpty() {
        return bindings.isEmpty();
    }
}
