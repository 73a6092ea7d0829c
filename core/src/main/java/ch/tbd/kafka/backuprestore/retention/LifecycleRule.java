package ch.tbd.kafka.backuprestore.retention;

import java.util.Objects;

/**
 * One rule of a bucket's lifecycle configuration, as far as this tool reads it. Rules it did not write are carried
 * through unchanged: {@code stored} keeps the store's own form of a rule read from it, and a rule with anything this
 * model does not hold (transitions, tag filters, versions) says so in {@code otherActions}.
 *
 * @param id                        the rule's id
 * @param prefix                    the key prefix it applies to; {@code null} when its filter is not a plain prefix
 * @param expirationDays            days after an object's creation when it expires; {@code null} for none
 * @param abortIncompleteUploadDays days after which an unfinished multipart upload is aborted; {@code null} for none
 * @param enabled                   whether the store applies the rule
 * @param otherActions              whether the rule does more than this model holds
 * @param stored                    the rule as read from the store, written back as it was; {@code null} for a new rule
 */
public record LifecycleRule(String id, String prefix, Integer expirationDays, Integer abortIncompleteUploadDays,
        boolean enabled, boolean otherActions, Object stored) {

    /** A new rule that expires objects under {@code prefix} after {@code days}. */
    public static LifecycleRule expiring(String id, String prefix, int days) {
        return new LifecycleRule(id, prefix, days, null, true, false, null);
    }

    /** A new rule that aborts multipart uploads under {@code prefix} left unfinished for {@code days}. */
    public static LifecycleRule abortingUploads(String id, String prefix, int days) {
        return new LifecycleRule(id, prefix, null, days, true, false, null);
    }

    /** Whether the two rules do the same, whatever form they were read in. */
    public boolean sameAs(LifecycleRule other) {
        return id.equals(other.id) && Objects.equals(prefix, other.prefix)
                && Objects.equals(expirationDays, other.expirationDays)
                && Objects.equals(abortIncompleteUploadDays, other.abortIncompleteUploadDays)
                && enabled == other.enabled && otherActions == other.otherActions;
    }

    /** "id 'X' (prefix 'p/', expire after 8 days)", for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("rule '").append(id).append("' (");
        text.append(prefix == null ? "a filter other than a prefix" : "prefix '" + prefix + "'");
        if (expirationDays != null) {
            text.append(", expire after ").append(RetentionDecision.days(expirationDays));
        }
        if (abortIncompleteUploadDays != null) {
            text.append(", abort unfinished uploads after ").append(RetentionDecision.days(abortIncompleteUploadDays));
        }
        if (otherActions) {
            text.append(", and other actions");
        }
        if (!enabled) {
            text.append(", disabled");
        }
        return text.append(')').toString();
    }
}
