package ch.tbd.kafka.backuprestore.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bucket's lifecycle rules after this backup's topics have the expiry they were decided: the rules read from the
 * bucket with this tool's own rules for those topics added, changed or removed, and everything else untouched.
 *
 * <p>This tool's rules are recognised by id and prefix together: one rule per topic, with id
 * {@code kafka-backup:expire:PREFIX/TOPIC/} filtered on that same prefix, and one that aborts multipart uploads left
 * unfinished for a day under the backup's prefix. A rule with one of these ids but another filter or other actions is
 * someone else's: it is left as it is and reported as a conflict, and the topic gets no rule of ours.
 *
 * @param rules     the whole configuration to write
 * @param changes   what differs from the rules read, one line each; empty when nothing needs writing
 * @param conflicts rules of ours that could not be written, naming the rule and the topic
 * @param warnings  other rules that expire a topic's objects sooner than its decided retention
 */
public record LifecyclePlan(List<LifecycleRule> rules, List<String> changes, List<String> conflicts,
        List<String> warnings) {

    /** S3 takes at most this many rules in one bucket configuration. */
    public static final int MAX_RULES = 1000;
    static final String ID_PREFIX = "kafka-backup:";
    static final String EXPIRE_ID = ID_PREFIX + "expire:";
    static final String ABORT_ID = ID_PREFIX + "abort-incomplete-uploads:";
    /** S3's limit on a rule id's length. */
    static final int MAX_ID_LENGTH = 255;
    static final int ABORT_UPLOADS_AFTER_DAYS = 1;

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** The id of the rule that expires the objects under {@code topicPrefix}. */
    public static String expireRuleId(String topicPrefix) {
        return boundedId(EXPIRE_ID, topicPrefix);
    }

    /** The id of the rule that aborts unfinished uploads under {@code backupPrefix}. */
    public static String abortRuleId(String backupPrefix) {
        return boundedId(ABORT_ID, backupPrefix);
    }

    /**
     * Plans the rules for the given topics.
     *
     * @param existing     the bucket's rules as read
     * @param backupPrefix the backup's key prefix ({@code ""} or ending in '/')
     * @param topicPrefixes each decided topic's key prefix ({@code PREFIX/TOPIC/}) by topic
     */
    public static LifecyclePlan plan(List<LifecycleRule> existing, String backupPrefix,
            Map<String, String> topicPrefixes, Collection<RetentionDecision> decisions) {
        Map<String, LifecycleRule> byId = new LinkedHashMap<>();
        existing.forEach(rule -> byId.put(rule.id(), rule));
        List<String> changes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean anyExpiry = false;
        for (RetentionDecision decision : decisions) {
            String prefix = topicPrefixes.get(decision.topic());
            if (prefix == null) {
                throw new IllegalArgumentException("no key prefix given for topic " + decision.topic());
            }
            String id = expireRuleId(prefix);
            LifecycleRule present = byId.get(id);
            if (present != null && !isOurs(present, prefix, false)) {
                conflicts.add("Topic " + decision.topic() + ": the bucket already has a " + present.describe()
                        + " that this backup did not write; it is left as it is and the topic gets no rule. Rename"
                        + " or remove that rule to let the backup manage the topic's expiry");
                continue;
            }
            if (!decision.expires()) {
                if (present != null) {
                    byId.remove(id);
                    changes.add("removed " + present.describe() + " of topic " + decision.topic() + ": "
                            + decision.reason());
                }
                continue;
            }
            anyExpiry = true;
            LifecycleRule wanted = LifecycleRule.expiring(id, prefix, decision.days());
            if (present == null) {
                byId.put(id, wanted);
                changes.add("added " + wanted.describe() + " for topic " + decision.topic() + ": "
                        + decision.reason());
            } else if (!present.sameAs(wanted)) {
                byId.put(id, wanted);
                changes.add("changed " + present.describe() + " to " + decision.days() + " days for topic "
                        + decision.topic() + ": " + decision.reason());
            }
            sooner(existing, prefix, decision).ifPresent(warnings::add);
        }
        if (anyExpiry || byId.keySet().stream().anyMatch(id -> id.startsWith(EXPIRE_ID))) {
            addAbortRule(byId, backupPrefix, changes, conflicts);
        }
        List<LifecycleRule> rules = List.copyOf(byId.values());
        if (rules.size() > MAX_RULES && changes.stream().anyMatch(change -> change.startsWith("added"))) {
            conflicts.add("The bucket's lifecycle configuration would hold " + rules.size() + " rules, more than the "
                    + MAX_RULES + " S3 accepts: no rule was written. Back up fewer topics per bucket or prefix, set"
                    + " s3.retention.policy.days=0 and expire objects with 'kafka-backup retention apply' instead");
            return new LifecyclePlan(existing, List.of(), conflicts, warnings);
        }
        return new LifecyclePlan(rules, changes, conflicts, warnings);
    }

    private static void addAbortRule(Map<String, LifecycleRule> byId, String backupPrefix, List<String> changes,
            List<String> conflicts) {
        String id = abortRuleId(backupPrefix);
        LifecycleRule present = byId.get(id);
        LifecycleRule wanted = LifecycleRule.abortingUploads(id, backupPrefix, ABORT_UPLOADS_AFTER_DAYS);
        if (present == null) {
            byId.put(id, wanted);
            changes.add("added " + wanted.describe());
        } else if (!isOurs(present, backupPrefix, true)) {
            conflicts.add("The bucket already has a " + present.describe() + " that this backup did not write; it is"
                    + " left as it is, and unfinished uploads are not aborted by a rule of ours");
        } else if (!present.sameAs(wanted)) {
            byId.put(id, wanted);
            changes.add("changed " + present.describe() + " to abort after " + ABORT_UPLOADS_AFTER_DAYS + " day");
        }
    }

    private static boolean isOurs(LifecycleRule rule, String prefix, boolean abortRule) {
        boolean shape = abortRule ? rule.expirationDays() == null && rule.abortIncompleteUploadDays() != null
                : rule.expirationDays() != null && rule.abortIncompleteUploadDays() == null;
        return prefix.equals(rule.prefix()) && !rule.otherActions() && shape;
    }

    /** A rule not ours that expires objects under the topic's prefix sooner than decided. */
    private static java.util.Optional<String> sooner(List<LifecycleRule> existing, String prefix,
            RetentionDecision decision) {
        return existing.stream()
                .filter(rule -> !rule.id().startsWith(ID_PREFIX) && rule.enabled() && rule.prefix() != null
                        && prefix.startsWith(rule.prefix()) && rule.expirationDays() != null
                        && rule.expirationDays() < decision.days())
                .findFirst()
                .map(rule -> "Topic " + decision.topic() + ": the bucket's " + rule.describe() + " expires its"
                        + " objects before the " + decision.days() + " days decided (" + decision.reason()
                        + "); S3 applies the sooner of the two");
    }

    private static String boundedId(String kind, String prefix) {
        String id = kind + prefix;
        if (id.length() <= MAX_ID_LENGTH) {
            return id;
        }
        // Long topic names under a long prefix: a digest keeps the id stable and within S3's limit.
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prefix.getBytes(StandardCharsets.UTF_8));
            return kind + "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
