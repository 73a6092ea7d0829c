package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GroupFilterTest {

    @Test
    void shouldMatchNamesExactlyAndPatternsWhole() {
        GroupFilter filter = GroupFilter.excluding(" connect-backup-consumer , orders.v2, audit-.* ,^tmp-[0-9]+$");

        assertThat(filter.excludes("connect-backup-consumer")).isTrue();
        assertThat(filter.excludes("orders.v2")).isTrue();
        // A name's dot is no wildcard.
        assertThat(filter.excludes("ordersXv2")).isFalse();
        assertThat(filter.excludes("audit-eu")).isTrue();
        assertThat(filter.excludes("my-audit-eu")).isFalse();
        assertThat(filter.excludes("tmp-42")).isTrue();
        assertThat(filter.excludes("billing")).isFalse();
        assertThat(filter.alsoExcluding("billing").excludes("billing")).isTrue();
    }

    @Test
    void shouldExcludeNothingWhenEmpty() {
        assertThat(GroupFilter.excluding("").excludes("anything")).isFalse();
        assertThat(GroupFilter.excluding(null).includes("anything")).isTrue();
    }

    @Test
    void shouldNameAPatternThatDoesNotCompile() {
        assertThatThrownBy(() -> GroupFilter.excluding("good,bad-(unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad-(unclosed' is not a valid regular expression");
    }
}
