package ch.tbd.kafka.backuprestore.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicConfigRulesTest {

    @Test
    void shouldParseValuesThatHoldCommas() {
        assertThat(TopicConfigRules.parseOverrides("cleanup.policy=compact,delete, retention.ms=-1"))
                .containsExactly(Map.entry("cleanup.policy", "compact,delete"), Map.entry("retention.ms", "-1"));
        assertThat(TopicConfigRules.parseOverrides(" ")).isEmpty();
        assertThatThrownBy(() -> TopicConfigRules.parseOverrides("compact")).hasMessageContaining("CONFIG=VALUE");
        assertThatThrownBy(() -> TopicConfigRules.parseOverrides("a=1,a=2")).hasMessageContaining("given twice");
    }

    @Test
    void shouldExcludeNamesAndPrefixes() {
        TopicConfigRules rules = new TopicConfigRules(Map.of(),
                TopicConfigRules.parseExcludes("retention.ms, segment.*"));
        assertThat(rules.excludes("retention.ms")).isTrue();
        assertThat(rules.excludes("retention.bytes")).isFalse();
        assertThat(rules.excludes("segment.bytes")).isTrue();
        assertThatThrownBy(() -> TopicConfigRules.parseExcludes("a,*")).hasMessageContaining("'*'");
        assertThat(Set.copyOf(rules.excludes())).containsExactlyInAnyOrder("retention.ms", "segment.*");
    }

    @Test
    void shouldWarnWhenRetentionWouldDeleteRestoredRecords() {
        Instant now = Instant.now();
        long tenDaysAgo = now.minus(10, ChronoUnit.DAYS).toEpochMilli();
        Map<String, String> week = Map.of("retention.ms", "604800000", "cleanup.policy", "delete");
        assertThat(RestoredRecordsRetention.warning("t", week, tenDaysAgo, now)).hasValueSatisfying(warning ->
                assertThat(warning).contains("Target topic t", "retention.ms=604800000",
                        "restore.topic.config.overrides=retention.ms=-1"));
        assertThat(RestoredRecordsRetention.warning("t", week, now.minus(1, ChronoUnit.DAYS).toEpochMilli(), now))
                .isEmpty();
        assertThat(RestoredRecordsRetention.warning("t", Map.of("retention.ms", "-1"), tenDaysAgo, now)).isEmpty();
        assertThat(RestoredRecordsRetention.warning("t", Map.of("retention.ms", "1", "cleanup.policy", "compact"),
                tenDaysAgo, now)).isEmpty();
        assertThat(RestoredRecordsRetention.warning("t", Map.of("retention.ms", "1", "message.timestamp.type",
                "LogAppendTime"), tenDaysAgo, now)).isEmpty();
    }
}
