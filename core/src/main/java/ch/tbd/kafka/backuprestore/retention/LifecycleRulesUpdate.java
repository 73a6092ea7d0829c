package ch.tbd.kafka.backuprestore.retention;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.BucketLifecycle;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.UnsupportedByStoreException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a bucket's lifecycle rules in line with the retention decided for some topics: reads the configuration, plans
 * the rules ({@link LifecyclePlan}), writes it when something changed, and reads it back.
 *
 * <p>S3 replaces a lifecycle configuration whole and has no conditional write for it, so two writers at once (two
 * tasks, two connectors on one bucket) can each undo the other's rules. Reading back after the write catches a writer
 * that came between: the update then starts over under the retry policy. A writer that comes after the read-back
 * cannot be caught by it; that is why the backup runs this again from time to time, and an update that finds its rules
 * in place writes nothing.
 *
 * <p>Never throws for a problem of the store or the configuration: the {@link Outcome} says what happened, so that a
 * retention problem never stops a backup.
 */
public final class LifecycleRulesUpdate {

    /** How an update ended. */
    public enum Status {
        /** The rules were written. */
        WRITTEN,
        /** The rules were in place already. */
        UNCHANGED,
        /** The store keeps no lifecycle rules: a local directory, or a server that does not implement them. */
        UNSUPPORTED,
        /** Reading or writing the rules failed; {@link Outcome#problem()} says why. */
        FAILED
    }

    /**
     * @param status    how it ended
     * @param rules     the rules the bucket holds afterwards, as far as known
     * @param changes   what was changed, one line each
     * @param conflicts rules of ours that could not be written, naming the rule and the topic
     * @param warnings  other rules that expire a topic sooner than decided
     * @param problem   for {@link Status#UNSUPPORTED} and {@link Status#FAILED}: what went wrong and what to do
     */
    public record Outcome(Status status, List<LifecycleRule> rules, List<String> changes, List<String> conflicts,
            List<String> warnings, String problem) {

        static Outcome of(Status status, LifecyclePlan plan) {
            return new Outcome(status, plan.rules(), status == Status.WRITTEN ? plan.changes() : List.of(),
                    plan.conflicts(), plan.warnings(), null);
        }

        /** An outcome with no rules known: a store without them, or a failure. */
        static Outcome failed(Status status, String problem) {
            return new Outcome(status, List.of(), List.of(), List.of(), List.of(), problem);
        }
    }

    /** The backup connectors' key for a sweep, named in messages about stores without rules. */
    private static final String SWEEP_KEY = "s3.retention.sweep.interval.ms";

    private LifecycleRulesUpdate() {}

    /**
     * @param lifecycle the store's lifecycle configuration; empty for a store that has none
     * @param location  the store, for messages
     */
    public static Outcome apply(Optional<BucketLifecycle> lifecycle, String location, BackupLayout layout,
            Collection<RetentionDecision> decisions, RetryPolicy retryPolicy) {
        boolean anyExpiry = decisions.stream().anyMatch(RetentionDecision::expires);
        if (lifecycle.isEmpty() && !anyExpiry) {
            return Outcome.failed(Status.UNCHANGED, null);
        }
        if (lifecycle.isEmpty()) {
            return Outcome.failed(Status.UNSUPPORTED, location + " keeps no lifecycle rules, so objects do not expire"
                    + " by themselves: run 'kafka-backup retention apply' or set " + SWEEP_KEY);
        }
        BucketLifecycle bucket = lifecycle.get();
        Map<String, String> topicPrefixes = new LinkedHashMap<>();
        decisions.forEach(decision -> topicPrefixes.put(decision.topic(), layout.topicPrefix(decision.topic())));
        try {
            return Retrying.call(retryPolicy, "update the lifecycle rules of " + bucket.bucket(),
                    () -> applyOnce(bucket, layout.prefix(), topicPrefixes, decisions),
                    e -> e instanceof ConcurrentChange || StorageErrors.isRetriable(e));
        } catch (UnsupportedByStoreException e) {
            if (!anyExpiry) {
                // Nothing was to expire: a store without rules loses nothing by it.
                return Outcome.failed(Status.UNCHANGED, null);
            }
            return Outcome.failed(Status.UNSUPPORTED, "The store at " + bucket.bucket() + " does not implement"
                    + " lifecycle rules, so objects of topics " + topicPrefixes.keySet() + " do not expire by"
                    + " themselves: run 'kafka-backup retention apply' or set " + SWEEP_KEY + " (" + e.getMessage()
                    + ")");
        } catch (RuntimeException e) {
            return Outcome.failed(Status.FAILED, "Could not update the lifecycle rules of " + bucket.bucket()
                    + " for topics " + topicPrefixes.keySet() + " (rules " + topicPrefixes.values().stream()
                    .map(LifecyclePlan::expireRuleId).toList() + "): " + e.getMessage() + ". The backup goes on"
                    + " without them; allow s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration on the"
                    + " bucket, or set s3.retention.policy.days=0 and expire objects with 'kafka-backup retention"
                    + " apply'");
        }
    }

    private static Outcome applyOnce(BucketLifecycle bucket, String backupPrefix, Map<String, String> topicPrefixes,
            Collection<RetentionDecision> decisions) {
        LifecyclePlan plan = LifecyclePlan.plan(bucket.read(), backupPrefix, topicPrefixes, decisions);
        if (!plan.changed()) {
            return Outcome.of(Status.UNCHANGED, plan);
        }
        bucket.write(plan.rules());
        List<LifecycleRule> after = bucket.read();
        for (LifecycleRule written : plan.rules()) {
            boolean present = after.stream().anyMatch(rule -> rule.sameAs(written));
            if (!present) {
                throw new ConcurrentChange(bucket.bucket(), written);
            }
        }
        return Outcome.of(Status.WRITTEN, plan);
    }

    /** The configuration read back lacks a rule just written: another writer replaced it in between. */
    private static final class ConcurrentChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange(String bucket, LifecycleRule missing) {
            super("the lifecycle configuration of " + bucket + " changed while it was written (" + missing.describe()
                    + " is not in it): another writer updated it at the same time");
        }
    }
}
