package ch.tbd.kafka.backuprestore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.BucketLifecycle;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The read-modify-write of a bucket's rules, over a bucket kept in memory that other writers can meddle with. */
class LifecycleRulesUpdateTest {

    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofSeconds(5));
    private static final BackupLayout LAYOUT = new BackupLayout("");
    private static final LifecycleRule OTHERS = new LifecycleRule("others", "logs/", 3, null, true, false, "stored");

    @Test
    void shouldWriteOnceAndThenFindTheRulesInPlace() {
        Bucket bucket = new Bucket(new ArrayList<>(List.of(OTHERS)));
        List<RetentionDecision> decisions = List.of(new RetentionDecision("orders", 14, "test"));

        LifecycleRulesUpdate.Outcome first = LifecycleRulesUpdate.apply(Optional.of(bucket), "s3://b", LAYOUT,
                decisions, QUICK);
        LifecycleRulesUpdate.Outcome second = LifecycleRulesUpdate.apply(Optional.of(bucket), "s3://b", LAYOUT,
                decisions, QUICK);

        assertThat(first.status()).isEqualTo(LifecycleRulesUpdate.Status.WRITTEN);
        assertThat(second.status()).isEqualTo(LifecycleRulesUpdate.Status.UNCHANGED);
        assertThat(bucket.writes).isEqualTo(1);
        assertThat(bucket.rules).contains(OTHERS).anyMatch(rule -> "orders/".equals(rule.prefix()));
    }

    @Test
    void shouldStartOverWhenAnotherWriterReplacedTheConfigurationInBetween() {
        Bucket bucket = new Bucket(new ArrayList<>());
        LifecycleRule theirs = LifecycleRule.expiring(LifecyclePlan.expireRuleId("payments/"), "payments/", 9);
        bucket.interfereOnce = () -> bucket.rules = new ArrayList<>(List.of(theirs));

        LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(Optional.of(bucket), "s3://b", LAYOUT,
                List.of(new RetentionDecision("orders", 14, "test")), QUICK);

        assertThat(outcome.status()).isEqualTo(LifecycleRulesUpdate.Status.WRITTEN);
        assertThat(bucket.rules).as("both writers' rules").contains(theirs)
                .anyMatch(rule -> "orders/".equals(rule.prefix()));
    }

    @Test
    void shouldReportADeniedWriteWithoutThrowing() {
        Bucket bucket = new Bucket(new ArrayList<>());
        bucket.denied = true;

        LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(Optional.of(bucket), "s3://b", LAYOUT,
                List.of(new RetentionDecision("orders", 14, "test")), QUICK);

        assertThat(outcome.status()).isEqualTo(LifecycleRulesUpdate.Status.FAILED);
        assertThat(outcome.problem()).contains("s3://b").contains("[orders]").contains("access denied")
                .contains("s3:PutLifecycleConfiguration");
    }

    @Test
    void shouldSayThatAStoreWithoutRulesNeedsTheSweeper() {
        LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(Optional.empty(), "/data/backups", LAYOUT,
                List.of(new RetentionDecision("orders", 14, "test")), QUICK);

        assertThat(outcome.status()).isEqualTo(LifecycleRulesUpdate.Status.UNSUPPORTED);
        assertThat(outcome.problem()).contains("/data/backups").contains("kafka-backup retention apply");
    }

    @Test
    void shouldSayNothingOfAStoreWithoutRulesWhenNothingIsToExpire() {
        LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(Optional.empty(), "/data/backups", LAYOUT,
                List.of(new RetentionDecision("orders", 0, "test")), QUICK);

        assertThat(outcome.status()).isEqualTo(LifecycleRulesUpdate.Status.UNCHANGED);
        assertThat(outcome.problem()).isNull();
    }

    /** A bucket's configuration in memory. */
    private static final class Bucket implements BucketLifecycle {
        List<LifecycleRule> rules;
        int writes;
        boolean denied;
        Runnable interfereOnce;

        Bucket(List<LifecycleRule> rules) {
            this.rules = rules;
        }

        @Override
        public List<LifecycleRule> read() {
            return List.copyOf(rules);
        }

        @Override
        public void write(List<LifecycleRule> newRules) {
            if (denied) {
                throw new StorageException("write the lifecycle configuration of bucket s3://b failed: access denied",
                        false, null);
            }
            writes++;
            rules = new ArrayList<>(newRules);
            if (interfereOnce != null) {
                Runnable other = interfereOnce;
                interfereOnce = null;
                other.run();
            }
        }

        @Override
        public String bucket() {
            return "s3://b";
        }
    }
}
