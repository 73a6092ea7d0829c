package ch.tbd.kafka.backuprestore.retention;

import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import java.util.concurrent.TimeUnit;

/**
 * How long the backup keeps one topic's objects, and why: the outcome of a {@link RetentionSetting} for a topic.
 *
 * @param topic  the topic
 * @param days   days after which its objects expire; 0 when they never do
 * @param reason how the days were chosen, for logs and reports
 */
public record RetentionDecision(String topic, int days, String reason) {

    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    public RetentionDecision {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, got " + days);
        }
    }

    public boolean expires() {
        return days > 0;
    }

    /**
     * Decides for one topic.
     *
     * @param topicRetention the topic's retention as the cluster reports it; {@code null} when it could not be read
     * @param marginDays     days added to a derived retention, so that the backup outlives the data it protects
     */
    public static RetentionDecision decide(String topic, RetentionSetting setting, TopicRetention topicRetention,
            int marginDays) {
        if (marginDays < 0) {
            throw new IllegalArgumentException("marginDays must not be negative, got " + marginDays);
        }
        if (topic.equals(GroupOffsetsBackup.OFFSETS_TOPIC)) {
            // Compacted: an old record may hold the only committed offset of a group that has not committed since.
            return new RetentionDecision(topic, 0, "never expired: the latest offsets of groups that no longer commit"
                    + " are in its oldest records");
        }
        if (setting instanceof RetentionSetting.Days fixed) {
            return new RetentionDecision(topic, fixed.days(), fixed.expires() ? "set to " + days(fixed.days())
                    : "set to never expire");
        }
        if (topicRetention == null) {
            return new RetentionDecision(topic, 0, "derived, but the topic's retention could not be read: no expiry");
        }
        if (!topicRetention.deletesByTime()) {
            return new RetentionDecision(topic, 0, "derived from " + topicRetention.describe()
                    + ": Kafka keeps its records for ever, so the backup never expires them");
        }
        long topicDays = Math.max(1, ceilDiv(topicRetention.retentionMs(), DAY_MS));
        long days = topicDays + marginDays;
        if (days > Integer.MAX_VALUE) {
            return new RetentionDecision(topic, 0, "derived from " + topicRetention.describe()
                    + ": longer than a lifecycle rule can say, so no expiry");
        }
        return new RetentionDecision(topic, (int) days, "derived from " + topicRetention.describe() + ": "
                + days(topicDays) + " plus a margin of " + marginDays);
    }

    /** "1 day", "14 days". */
    public static String days(long days) {
        return days + (days == 1 ? " day" : " days");
    }

    private static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }
}
