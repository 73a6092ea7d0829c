package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import org.junit.jupiter.api.Test;

class RestoreWindowTest {

    private static final long INSTANT_MS = 1795601730000L; // 2026-11-25T10:15:30Z

    @Test
    void shouldParseAnInstantAnOffsetDateTimeAndEpochMillis() {
        assertThat(RestoreWindow.parseTime("2026-11-25T10:15:30Z")).isEqualTo(INSTANT_MS);
        assertThat(RestoreWindow.parseTime("2026-11-25T11:15:30+01:00")).isEqualTo(INSTANT_MS);
        assertThat(RestoreWindow.parseTime(" 1795601730000 ")).isEqualTo(INSTANT_MS);
        assertThat(RestoreWindow.parseTime("2026-11-25T10:15:30.123Z")).isEqualTo(INSTANT_MS + 123);
    }

    @Test
    void shouldRejectGarbageNamingTheAcceptedForms() {
        String[] garbage = {"yesterday", "", "2026-11-25", "2026-11-25T10:15:30", "99999999999999999999"};
        for (String text : garbage) {
            assertThatThrownBy(() -> RestoreWindow.parseTime(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'")
                    .hasMessageContaining("ISO-8601 instant")
                    .hasMessageContaining("with offset")
                    .hasMessageContaining("milliseconds since the epoch");
        }
        assertThatThrownBy(() -> RestoreWindow.parseTime(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIncludeRecordsInsideEveryRangeThatIsSet() {
        RestoreWindow window = RestoreWindow.all().withTimes(1100L, 1200L).withOffsets(new OffsetRange(5, 100))
                .withOffsets(new TopicPartitionId("t", 1), new OffsetRange(0, 20));

        assertThat(window.includes(TestBackups.record("t", 0, 10, 1100L))).isTrue();
        assertThat(window.includes(TestBackups.record("t", 0, 10, 1200L))).isFalse();
        assertThat(window.includes(TestBackups.record("t", 0, 10, 1099L))).isFalse();
        assertThat(window.includes(TestBackups.record("t", 0, 10, null))).isFalse();
        assertThat(window.includes(TestBackups.record("t", 0, 4, 1150L))).isFalse();
        assertThat(window.includes(TestBackups.record("t", 1, 4, 1150L))).isTrue();
        assertThat(window.includes(TestBackups.record("t", 1, 20, 1150L))).isFalse();
        assertThat(RestoreWindow.all().includes(TestBackups.record("t", 0, 0, null))).isTrue();
    }

    @Test
    void shouldRejectAnEmptyTimeRange() {
        assertThatThrownBy(() -> RestoreWindow.all().withTimes(5L, 5L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
