package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackupLayoutTest {

    private final BackupLayout layout = new BackupLayout("backups");

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "''        | orders/3/orders-3-00000000000000000042.avro",
        "NULL      | orders/3/orders-3-00000000000000000042.avro",
        "/         | orders/3/orders-3-00000000000000000042.avro",
        "'  '      | orders/3/orders-3-00000000000000000042.avro",
        "a         | a/orders/3/orders-3-00000000000000000042.avro",
        "a/        | a/orders/3/orders-3-00000000000000000042.avro",
        "/a/b/     | a/b/orders/3/orders-3-00000000000000000042.avro",
        "//a/b//   | a/b/orders/3/orders-3-00000000000000000042.avro",
    })
    void shouldNameObjectsUnderThePrefix(String prefix, String expectedKey) {
        BackupLayout withPrefix = new BackupLayout(prefix);

        assertThat(withPrefix.objectKey("orders", 3, 42)).isEqualTo(expectedKey);
        assertThat(withPrefix.parse(expectedKey)).contains(new ObjectKey("orders", 3, 42));
    }

    @Test
    void shouldListPrefixesThatEndWithASlash() {
        assertThat(layout.prefix()).isEqualTo("backups/");
        assertThat(layout.topicPrefix("orders")).isEqualTo("backups/orders/");
        assertThat(layout.partitionPrefix("orders", 3)).isEqualTo("backups/orders/3/");
        assertThat(layout.objectKey("orders", 3, 0)).startsWith(layout.partitionPrefix("orders", 3));
        assertThat(new BackupLayout("").prefix()).isEmpty();
        assertThat(new BackupLayout("").topicPrefix("orders")).isEqualTo("orders/");
    }

    @Test
    void shouldPadTheStartOffsetToTwentyDigits() {
        assertThat(layout.objectKey("t", 0, 0)).isEqualTo("backups/t/0/t-0-00000000000000000000.avro");
        assertThat(layout.objectKey("t", 0, Long.MAX_VALUE)).isEqualTo("backups/t/0/t-0-09223372036854775807.avro");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-topic-1", "my.topic", "my_topic", "0", "1-2-3", "a--b", "-", "_", "...", "x-1-2",
        "Orders.V2_final-3"})
    void shouldParseWhatItNamed(String topic) {
        for (int partition : new int[] {0, 1, 12, Integer.MAX_VALUE}) {
            for (long offset : new long[] {0, 1, 123_456_789, Long.MAX_VALUE}) {
                assertThat(layout.parse(layout.objectKey(topic, partition, offset)))
                        .contains(new ObjectKey(topic, partition, offset));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "backups/t/0/t-0-00000000000000000000.json",
        "backups/t/0/t-0-00000000000000000000.avro.tmp",
        "backups/t/0/t-0-00000000000000000000",
        "backups/t/t-0-00000000000000000000.avro",
        "backups/t/0/x/t-0-00000000000000000000.avro",
        "backups/x/t/0/t-0-00000000000000000000.avro",
        "t/0/t-0-00000000000000000000.avro",
        "other/t/0/t-0-00000000000000000000.avro",
        "backupsx/t/0/t-0-00000000000000000000.avro",
        "backups/t/1/t-0-00000000000000000000.avro",
        "backups/t/0/u-0-00000000000000000000.avro",
        "backups/t/0/t-1-00000000000000000000.avro",
        "backups/t/x/t-x-00000000000000000000.avro",
        "backups/t/0/t-0-abc.avro",
        "backups/t/0/t-0-.avro",
        "backups/t/0/t-0-0000000000000000000x.avro",
        "backups/t/0/t-0-99999999999999999999.avro",
        "backups/t/-1/t--1-00000000000000000000.avro",
        "backups/t/0/t-0--0000000000000000001.avro",
        "backups/t/0/.avro",
        "backups/t/0/t-0-00000000000000000000.avro/",
        "backups/.avro",
        "",
    })
    void shouldRejectKeysItDidNotWrite(String key) {
        assertThat(layout.parse(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "backups/t/0/t-0-5.avro",
        "backups/t/0/t-0-+0000000000000000005.avro",
        "backups/t/00/t-00-00000000000000000005.avro",
        "backups/t/+0/t-+0-00000000000000000005.avro",
        "backups/t/0/t-0-000000000000000000005.avro",
    })
    void shouldRejectNonCanonicalNamesThatWouldSortOutOfOffsetOrder(String key) {
        assertThat(layout.parse(key)).as("only names that objectKey produces are backup objects").isEmpty();
    }

    @Test
    void shouldRejectANegativeStartOffset() {
        assertThatThrownBy(() -> layout.objectKey("t", 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative start offset -1");
    }
}
