package ch.tbd.kafka.backuprestore.retention;

import java.util.Arrays;
import java.util.Locale;

/**
 * The settings of a topic that decide how long Kafka keeps its records, as the cluster reports them (the topic's own
 * or the broker's default).
 *
 * @param retentionMs   {@code retention.ms}; negative for no time limit
 * @param cleanupPolicy {@code cleanup.policy}: {@code delete}, {@code compact} or both, comma-separated
 */
public record TopicRetention(long retentionMs, String cleanupPolicy) {

    public TopicRetention {
        cleanupPolicy = cleanupPolicy == null ? "delete" : cleanupPolicy.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether Kafka deletes records by time. A compacted topic without {@code delete} keeps each key's latest value for
     * ever, however old: a backup that expired its objects by age would lose the only copy of keys that never change.
     */
    public boolean deletesByTime() {
        boolean deletes = Arrays.stream(cleanupPolicy.split(",")).map(String::strip).anyMatch("delete"::equals);
        return deletes && retentionMs >= 0;
    }

    /** "retention.ms=604800000, cleanup.policy=delete", for messages. */
    public String describe() {
        return "retention.ms=" + retentionMs + ", cleanup.policy=" + cleanupPolicy;
    }
}
