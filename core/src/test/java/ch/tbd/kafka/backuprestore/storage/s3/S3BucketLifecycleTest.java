package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.retention.LifecycleRulesUpdate;
import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.UnsupportedByStoreException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle calls against s3proxy, which answers 501 to them like several S3-compatible servers. */
class S3BucketLifecycleTest {

    private static S3ProxyFixture s3proxy;

    @BeforeAll
    static void startServer() throws Exception {
        s3proxy = S3ProxyFixture.start();
    }

    @AfterAll
    static void stopServer() {
        s3proxy.close();
    }

    @Test
    void shouldTellAStoreThatDoesNotImplementLifecycleRules() {
        try (S3Storage storage = new S3Storage(s3proxy.settings(s3proxy.createBucket()))) {
            assertThatThrownBy(() -> storage.lifecycle().orElseThrow().read())
                    .isInstanceOf(UnsupportedByStoreException.class)
                    .hasMessageContaining("status 501");

            LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(storage.lifecycle(), storage.location(),
                    new BackupLayout(""), List.of(new RetentionDecision("orders", 14, "test")),
                    new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5)));

            assertThat(outcome.status()).isEqualTo(LifecycleRulesUpdate.Status.UNSUPPORTED);
            assertThat(outcome.problem()).contains(storage.location()).contains("[orders]")
                    .contains("kafka-backup retention apply");
        }
    }
}
