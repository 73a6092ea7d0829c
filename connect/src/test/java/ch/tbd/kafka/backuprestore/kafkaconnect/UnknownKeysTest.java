package ch.tbd.kafka.backuprestore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    @Test
    void shouldNameTheClosestKeyOfAMisspelling() {
        List<String> warnings = UnknownKeys.warnings(Map.of("flush.sise", "3", "topics", "a"),
                BackupSinkConfig.CONFIG_DEF, List.of(), Map.of());

        assertThat(warnings).containsExactly("'flush.sise' is not a configuration key of this connector or of Kafka"
                + " Connect; it has no effect. Did you mean 'flush.size'?");
    }

    @Test
    void shouldAcceptConnectsOwnKeysAndPrefixes() {
        assertThat(UnknownKeys.warnings(Map.of("name", "b", "connector.class", "x", "tasks.max", "1",
                "consumer.override.isolation.level", "read_committed", "errors.tolerance", "all",
                "transforms", "t", "transforms.t.type", "x", "key.converter.schemas.enable", "false",
                "target.cluster.security.protocol", "SSL"), BackupSinkConfig.CONFIG_DEF,
                List.of("target.cluster."), Map.of())).isEmpty();
    }

    @Test
    void shouldSayWhenAKeyOfTheOriginalDesignIsNotImplemented() {
        List<String> warnings = UnknownKeys.warnings(Map.of("compacted.log.backup.length.hours", "1"),
                BackupSinkConfig.CONFIG_DEF, List.of(), Map.of("compacted.log.backup.length.hours", "It belongs to X."));

        assertThat(warnings).singleElement().asString().startsWith("'compacted.log.backup.length.hours' is a key of the"
                + " original design").endsWith("It belongs to X.");
    }

    @Test
    void shouldNotGuessForAKeyFarFromEveryKnownOne() {
        assertThat(UnknownKeys.warnings(Map.of("my.own.setting", "1"), BackupSinkConfig.CONFIG_DEF, List.of(),
                Map.of())).singleElement().asString().doesNotContain("Did you mean");
    }

    @Test
    void shouldMeasureEditDistance() {
        assertThat(UnknownKeys.editDistance("flush.sise", "flush.size")).isEqualTo(1);
        assertThat(UnknownKeys.editDistance("", "abc")).isEqualTo(3);
        assertThat(UnknownKeys.editDistance("s3.bucket", "s3.bucket.name")).isEqualTo(5);
    }
}
