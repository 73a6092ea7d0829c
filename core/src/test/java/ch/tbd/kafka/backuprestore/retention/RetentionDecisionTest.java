package ch.tbd.kafka.backuprestore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetentionDecisionTest {

    private static final long SEVEN_DAYS_MS = TimeUnit.DAYS.toMillis(7);

    @Test
    void shouldReadDeriveAndDaysAndTreatZeroAndMinusOneAsNoExpiry() {
        assertThat(RetentionSetting.parse(" Derive ")).isEqualTo(RetentionSetting.DERIVE);
        assertThat(RetentionSetting.parse("14")).isEqualTo(new RetentionSetting.Days(14));
        assertThat(RetentionSetting.parse("0")).isEqualTo(new RetentionSetting.Days(0));
        assertThat(RetentionSetting.parse("-1")).isEqualTo(new RetentionSetting.Days(0));
    }

    @Test
    void shouldRefuseOtherNegativeAndNonNumericValuesSayingWhatIsAccepted() {
        assertThatThrownBy(() -> RetentionSetting.parse("-7")).hasMessageContaining("-7 days is negative")
                .hasMessageContaining("0 (or -1");
        assertThatThrownBy(() -> RetentionSetting.parse("a week")).hasMessageContaining("'a week'")
                .hasMessageContaining("derive");
        assertThatThrownBy(() -> RetentionSetting.parse("")).hasMessageContaining("''");
    }

    @Test
    void shouldDeriveTheTopicsRetentionInWholeDaysPlusTheMargin() {
        RetentionDecision decision = RetentionDecision.decide("orders", RetentionSetting.DERIVE,
                new TopicRetention(SEVEN_DAYS_MS, "delete"), 7);
        assertThat(decision.days()).isEqualTo(14);
        assertThat(decision.reason()).contains("retention.ms=604800000").contains("7 days plus a margin of 7");
    }

    @Test
    void shouldRoundPartDaysUpSoThatTheBackupOutlivesTheTopic() {
        assertThat(RetentionDecision.decide("t", RetentionSetting.DERIVE,
                new TopicRetention(SEVEN_DAYS_MS + 1, "delete"), 0).days()).isEqualTo(8);
        assertThat(RetentionDecision.decide("t", RetentionSetting.DERIVE, new TopicRetention(1, "delete"), 0).days())
                .isEqualTo(1);
        assertThat(RetentionDecision.decide("t", RetentionSetting.DERIVE, new TopicRetention(0, "delete"), 2).days())
                .isEqualTo(3);
    }

    @Test
    void shouldNeverExpireCompactedOrInfiniteTopicsWhenDeriving() {
        assertThat(RetentionDecision.decide("t", RetentionSetting.DERIVE, new TopicRetention(SEVEN_DAYS_MS,
                "compact"), 7).expires()).isFalse();
        assertThat(RetentionDecision.decide("t", RetentionSetting.DERIVE, new TopicRetention(-1, "delete"), 7)
                .expires()).isFalse();
        RetentionDecision both = RetentionDecision.decide("t", RetentionSetting.DERIVE,
                new TopicRetention(SEVEN_DAYS_MS, "compact, delete"), 1);
        assertThat(both.days()).as("compact,delete deletes by time as well").isEqualTo(8);
    }

    @Test
    void shouldNotExpireWhenTheTopicsRetentionIsUnknown() {
        RetentionDecision decision = RetentionDecision.decide("t", RetentionSetting.DERIVE, null, 7);
        assertThat(decision.expires()).isFalse();
        assertThat(decision.reason()).contains("could not be read");
    }

    @Test
    void shouldTakeAnExplicitValueOverTheTopicsOwn() {
        assertThat(RetentionDecision.decide("t", new RetentionSetting.Days(3), new TopicRetention(-1, "compact"), 7)
                .days()).isEqualTo(3);
        assertThat(RetentionDecision.decide("t", new RetentionSetting.Days(0), new TopicRetention(SEVEN_DAYS_MS,
                "delete"), 7).expires()).isFalse();
    }

    @Test
    void shouldNeverExpireTheConsumerOffsetsBackup() {
        assertThat(RetentionDecision.decide("__consumer_offsets", new RetentionSetting.Days(3), null, 7).expires())
                .isFalse();
    }
}
