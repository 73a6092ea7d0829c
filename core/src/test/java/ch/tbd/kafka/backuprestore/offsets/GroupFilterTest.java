package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GroupFilterTest {

    @Test
    void shouldMatchNamesExactlyAndPatternsWhole() {
        GroupFilter filter = GroupFilter.of(" connect-backup-consumer , orders.v2, audit-.* ,^tmp-[0-9]+$");

        assertThat(filter.matches("connect-backup-consumer")).isTrue();
        assertThat(filter.matches("orders.v2")).isTrue();
        // A name's dot is no wildcard.
        assertThat(filter.matches("ordersXv2")).isFalse();
        assertThat(filter.matches("audit-eu")).isTrue();
        assertThat(filter.matches("my-audit-eu")).isFalse();
        assertThat(filter.matches("tmp-42")).isTrue();
        assertThat(filter.matches("billing")).isFalse();
        assertThat(filter.with("billing").matches("billing")).isTrue();
    }

    @Test
    void shouldMatchNothingWhenEmpty() {
        assertThat(GroupFilter.of("").matches("anything")).isFalse();
        assertThat(GroupFilter.of(null).matches("anything")).isFalse();
    }

    @Test
    void shouldNameAPatternThatDoesNotCompile() {
        assertThatThrownBy(() -> GroupFilter.of("good,bad-(unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad-(unclosed' is not a valid regular expression");
    }
}
