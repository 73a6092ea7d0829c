package ch.tbd.kafka.backuprestore.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a restore creates a target topic, or what it expects of one that exists: the backed-up partition count,
 * replication factor and configs, less the {@link NeverCopiedConfigs} and the user's exclusions, plus the user's
 * overrides.
 *
 * @param targetTopic       the topic restored into
 * @param source            the backed-up definition it follows; empty when the backup holds none
 * @param partitions        the partitions to create it with
 * @param replicationFactor the replication factor to create it with; -1 for the target broker's default
 * @param configs           the configs to set
 * @param dropped           backed-up configs not set, each with why
 * @param notes             other choices the plan made, for the log
 * @param warnings          where the topic will not be as the backup says, besides the dropped configs
 */
public record TopicCreationPlan(String targetTopic, Optional<TopicDefinition> source, int partitions,
        int replicationFactor, SortedMap<String, String> configs, List<Dropped> dropped, List<String> notes,
        List<String> warnings) {

    /** A backed-up config that is not set, and why. */
    public record Dropped(String config, String value, String reason) {
        public String describe() {
            return config + "=" + value + " (" + reason + ")";
        }
    }

    /** A config whose value on an existing target is not what the plan expects; a null value means not set. */
    public record Difference(String config, String expected, String actual) {
        public String describe() {
            return config + ": " + (expected == null ? "not set on the source" : expected) + " in the backup, "
                    + (actual == null ? "not set" : actual) + " on the target";
        }
    }

    public TopicCreationPlan {
        configs = new TreeMap<>(configs);
        dropped = List.copyOf(dropped);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param partitionsNeeded  the partitions the backup has records in; the topic gets at least these
     * @param requestedReplicas {@code restore.topic.replication.factor}: more than 0 to choose, -1 for the backup's
     * @param targetBrokers     the brokers of the target cluster, when known
     * @throws IllegalArgumentException when the requested replication factor is more than the target's brokers
     */
    public static TopicCreationPlan of(String targetTopic, Optional<TopicDefinition> source, int partitionsNeeded,
            TopicConfigRules rules, int requestedReplicas, OptionalInt targetBrokers) {
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int replicas = replicationFactor(targetTopic, source, requestedReplicas, targetBrokers, warnings);
        int partitions = Math.max(partitionsNeeded, source.map(TopicDefinition::partitions).orElse(0));
        SortedMap<String, String> configs = new TreeMap<>();
        List<Dropped> dropped = new ArrayList<>();
        int replicasKnown = replicas > 0 ? replicas : targetBrokers.orElse(-1);
        source.ifPresent(definition -> definition.configs().forEach((config, value) -> {
            Optional<String> reason = NeverCopiedConfigs.reason(config)
                    .or(() -> NeverCopiedConfigs.valueReason(config, value));
            if (reason.isEmpty() && rules.excludes(config)) {
                reason = Optional.of("excluded by restore.topic.config.exclude");
            }
            if (reason.isEmpty() && config.equals(NeverCopiedConfigs.MIN_INSYNC_REPLICAS)) {
                reason = NeverCopiedConfigs.minInsyncReason(value, replicasKnown);
            }
            if (reason.isPresent()) {
                dropped.add(new Dropped(config, value, reason.get()));
            } else {
                configs.put(config, value);
            }
        }));
        rules.overrides().forEach((config, value) -> {
            String backedUp = configs.put(config, value);
            if (backedUp != null && !backedUp.equals(value)) {
                notes.add(config + "=" + value + " set by restore.topic.config.overrides instead of " + backedUp
                        + " from the backup");
            }
        });
        if (source.isEmpty()) {
            notes.add("the backup holds no definition of the topic: created with the broker's defaults");
        }
        return new TopicCreationPlan(targetTopic, source, partitions, replicas, configs, dropped, notes, warnings);
    }

    private static int replicationFactor(String topic, Optional<TopicDefinition> source, int requested,
            OptionalInt brokers, List<String> warnings) {
        if (requested > 0) {
            if (brokers.isPresent() && requested > brokers.getAsInt()) {
                throw new IllegalArgumentException("restore.topic.replication.factor=" + requested + " is more than"
                        + " the " + brokers.getAsInt() + " broker(s) of the target cluster, so topic " + topic
                        + " cannot be created: lower it, or -1 for the backup's own");
            }
            return requested;
        }
        if (source.isEmpty()) {
            return -1;
        }
        int backedUp = source.get().replicationFactor();
        if (brokers.isPresent() && backedUp > brokers.getAsInt()) {
            warnings.add("replication factor " + backedUp + " of the backup is more than the target's "
                    + brokers.getAsInt() + " broker(s): created with " + brokers.getAsInt());
            return brokers.getAsInt();
        }
        return backedUp;
    }

    /** This plan without a config the target refused. */
    public TopicCreationPlan without(String config, String reason) {
        SortedMap<String, String> kept = new TreeMap<>(configs);
        String value = kept.remove(config);
        if (value == null) {
            return this;
        }
        List<Dropped> more = new ArrayList<>(dropped);
        more.add(new Dropped(config, value, reason));
        return new TopicCreationPlan(targetTopic, source, partitions, replicationFactor, kept, more, notes,
                warnings);
    }

    /**
     * How an existing target topic's configs differ from the plan's: each planned config whose effective value on
     * the target differs, and each config set on the target topic itself that the plan does not set (unless the plan
     * dropped or excluded it).
     *
     * @param effective the target topic's effective configs, whatever set them
     * @param ownConfigs the configs set on the target topic itself
     */
    public List<Difference> differencesFrom(Map<String, String> effective, Set<String> ownConfigs,
            TopicConfigRules rules) {
        List<Difference> differences = new ArrayList<>();
        configs.forEach((config, expected) -> {
            String actual = effective.get(config);
            if (!expected.equals(actual)) {
                differences.add(new Difference(config, expected, actual));
            }
        });
        Set<String> droppedNames = new TreeSet<>();
        dropped.forEach(d -> droppedNames.add(d.config()));
        new TreeSet<>(ownConfigs).forEach(config -> {
            if (!configs.containsKey(config) && !droppedNames.contains(config) && !rules.excludes(config)
                    && NeverCopiedConfigs.reason(config).isEmpty()) {
                differences.add(new Difference(config, null, effective.get(config)));
            }
        });
        return differences;
    }

    /** "6 partitions, replication factor 3, configs {cleanup.policy=compact}". */
    public String describe() {
        return partitions + " partition(s), replication factor " + (replicationFactor > 0 ? replicationFactor
                : "of the broker's default") + ", configs " + configs;
    }
}
