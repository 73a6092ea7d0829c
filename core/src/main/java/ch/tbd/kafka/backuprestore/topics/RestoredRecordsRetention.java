package ch.tbd.kafka.backuprestore.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a target topic's time retention would delete restored records soon after they are written: the broker
 * deletes by record timestamp, and a restore writes records with their original, possibly old, timestamps.
 */
public final class RestoredRecordsRetention {

    private RestoredRecordsRetention() {}

    /**
     * @param effective       the target topic's effective configs
     * @param oldestTimestamp the oldest record timestamp the restore writes, epoch milliseconds
     * @return the warning, or empty when retention keeps every restored record for now
     */
    public static Optional<String> warning(String topic, Map<String, String> effective, long oldestTimestamp,
            Instant now) {
        String policy = effective.getOrDefault("cleanup.policy", "delete");
        String timestampType = effective.getOrDefault("message.timestamp.type", "CreateTime");
        long retentionMs;
        try {
            retentionMs = Long.parseLong(effective.getOrDefault("retention.ms", "-1").strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!policy.contains("delete") || !"CreateTime".equals(timestampType) || retentionMs < 0) {
            return Optional.empty();
        }
        Instant cutoff = now.minusMillis(retentionMs);
        if (!Instant.ofEpochMilli(oldestTimestamp).isBefore(cutoff)) {
            return Optional.empty();
        }
        return Optional.of("Target topic " + topic + " keeps records for retention.ms=" + retentionMs + " ("
                + Duration.ofMillis(retentionMs) + "), but the restore writes records from "
                + Instant.ofEpochMilli(oldestTimestamp) + ": the broker deletes those older than " + cutoff
                + " soon after they are written. To keep them, restore with"
                + " restore.topic.config.overrides=retention.ms=-1 (a new topic) or raise the topic's retention.ms"
                + " first, and set it back once consumers have caught up");
    }
}
