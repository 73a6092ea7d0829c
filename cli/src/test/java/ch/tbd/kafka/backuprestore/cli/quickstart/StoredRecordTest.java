package ch.tbd.kafka.backuprestore.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents.StoredRecord;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The quickstart's comparison finds every kind of difference, so that its "OK" means something. */
class StoredRecordTest {

    private static final StoredRecord RECORD = record(new byte[] {1}, new byte[0],
            List.of(header("h", new byte[] {2}), header("h", null)), 1000L);

    @Test
    void shouldFindNoDifferenceBetweenEqualRecordsAtOtherOffsets() {
        StoredRecord moved = new StoredRecord(42, new byte[] {1}, new byte[0],
                List.of(header("h", new byte[] {2}), header("h", null)), 1000L, TimestampType.CREATE_TIME);

        assertThat(RECORD.difference(moved)).isEmpty();
    }

    @Test
    void shouldFindEveryKindOfDifference() {
        assertThat(RECORD.difference(record(null, new byte[0], RECORD.headers(), 1000L))).contains("the keys differ");
        assertThat(RECORD.difference(record(new byte[] {1}, null, RECORD.headers(), 1000L)))
                .contains("the values differ");
        assertThat(RECORD.difference(record(new byte[] {1}, new byte[0], RECORD.headers(), 1001L)))
                .hasValueSatisfying(d -> assertThat(d).startsWith("the timestamps differ"));
        assertThat(RECORD.difference(record(new byte[] {1}, new byte[0],
                List.of(header("h", new byte[] {2}), header("h", new byte[0])), 1000L)))
                .hasValueSatisfying(d -> assertThat(d).startsWith("header 1 differs"));
        assertThat(RECORD.difference(record(new byte[] {1}, new byte[0], List.of(header("h", new byte[] {2})),
                1000L))).hasValueSatisfying(d -> assertThat(d).startsWith("the header counts differ"));
    }

    private static StoredRecord record(byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers,
            long timestamp) {
        return new StoredRecord(0, key, value, headers, timestamp, TimestampType.CREATE_TIME);
    }

    private static Map.Entry<String, byte[]> header(String key, byte[] value) {
        return new SimpleImmutableEntry<>(key, value);
    }
}
