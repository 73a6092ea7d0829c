package ch.tbd.kafka.backuprestore.topics;

import java.util.List;
import java.util.Optional;

/**
 * The backed-up topic configs a restore never sets on a topic it creates, and why: each describes the source cluster
 * rather than the topic, or would make the target refuse or lose the restored records. The README lists them; a
 * user who wants one anyway sets it with {@code restore.topic.config.overrides}.
 */
public final class NeverCopiedConfigs {

    /** One rule: configs named {@code name}, or starting with it when it ends in '*'. */
    public record Rule(String name, String reason) {
        boolean matches(String config) {
            return name.endsWith("*") ? config.startsWith(name.substring(0, name.length() - 1)) : config.equals(name);
        }
    }

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    public static final List<Rule> RULES = List.of(
            new Rule("confluent.*", "a Confluent Server setting (replica placement, tiering, schema validation)"
                    + " that names the source cluster's racks, brokers or registry; other brokers refuse it"),
            new Rule("leader.replication.throttled.replicas", "lists the source's broker ids for a reassignment in"
                    + " progress, not a property of the topic"),
            new Rule("follower.replication.throttled.replicas", "lists the source's broker ids for a reassignment in"
                    + " progress, not a property of the topic"),
            new Rule("message.format.version", "ignored since Kafka 3.0 and refused by Kafka 4; the target writes"
                    + " its own record format"),
            new Rule("message.timestamp.before.max.ms", "would make the target refuse restored records older than"
                    + " it; set it on the topic after the restore"),
            new Rule("message.timestamp.difference.max.ms", "would make the target refuse restored records older"
                    + " than it; set it on the topic after the restore"));

    private NeverCopiedConfigs() {}

    /** Why {@code config} is never copied, or empty when it is. */
    public static Optional<String> reason(String config) {
        return RULES.stream().filter(rule -> rule.matches(config)).map(Rule::reason).findFirst();
    }

    public static final String TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /**
     * Why a backed-up value of a config that is copied otherwise is not: {@code message.timestamp.type=LogAppendTime}
     * would stamp every restored record with the time of the restore, and a restore gives back each record's own
     * timestamp. Empty when the value is copied.
     */
    public static Optional<String> valueReason(String config, String value) {
        if (TIMESTAMP_TYPE.equals(config) && LOG_APPEND_TIME.equals(value == null ? null : value.strip())) {
            return Optional.of("the target would stamp every restored record with the time of the restore instead of"
                    + " its own; set it on the topic after the restore");
        }
        return Optional.empty();
    }

    /**
     * Why a {@code min.insync.replicas} value is not copied to a topic with {@code replicas} replicas: a value above
     * them makes every write with acks=all fail. Empty when it can be copied, or when the replicas are unknown (-1).
     */
    public static Optional<String> minInsyncReason(String value, int replicas) {
        if (replicas < 1) {
            return Optional.empty();
        }
        try {
            int wanted = Integer.parseInt(value.strip());
            return wanted > replicas ? Optional.of("more than the " + replicas + " replica(s) the restored topic"
                    + " gets: every acks=all write would fail") : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // the target's validation names it
        }
    }
}
