package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SinkRecordConversionTest {

    @Test
    void shouldKeepNullEmptyAndHeaderOrderAsDelivered() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add("b", new byte[] {1}, Schema.OPTIONAL_BYTES_SCHEMA);
        headers.add("a", null, Schema.OPTIONAL_BYTES_SCHEMA);
        headers.add("b", new byte[0], Schema.OPTIONAL_BYTES_SCHEMA);
        SinkRecord record = new SinkRecord("t", 2, Schema.OPTIONAL_BYTES_SCHEMA, null, Schema.OPTIONAL_BYTES_SCHEMA,
                new byte[0], 42, 1234L, org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, headers);

        BackupRecord converted = SinkRecordConversion.toBackupRecord(record);

        assertThat(converted.topic()).isEqualTo("t");
        assertThat(converted.partition()).isEqualTo(2);
        assertThat(converted.offset()).isEqualTo(42);
        assertThat(converted.key()).isNull();
        assertThat(converted.value()).isEmpty();
        assertThat(converted.timestamp()).isEqualTo(1234L);
        assertThat(converted.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(converted.headers()).extracting(h -> h.key()).containsExactly("b", "a", "b");
        assertThat(converted.headers().get(0).value()).containsExactly(1);
        assertThat(converted.headers().get(1).value()).isNull();
        assertThat(converted.headers().get(2).value()).isEmpty();
    }

    @Test
    void shouldBackUpUnderTheOriginalCoordinatesWhenATransformRenamedTheTopic() {
        SinkRecord original = new SinkRecord("orders", 1, null, null, null, new byte[] {7}, 9);
        SinkRecord renamed = original.newRecord("renamed", 0, null, null, null, original.value(), null);

        BackupRecord converted = SinkRecordConversion.toBackupRecord(renamed);

        assertThat(converted.topic()).isEqualTo("orders");
        assertThat(converted.partition()).isEqualTo(1);
        assertThat(converted.offset()).isEqualTo(9);
    }

    @Test
    void shouldRefuseAValueThatIsNotRawBytesAndNameTheFix() {
        SinkRecord record = new SinkRecord("orders", 0, null, null, Schema.STRING_SCHEMA, "text", 5);

        assertThatThrownBy(() -> SinkRecordConversion.toBackupRecord(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("orders-0@5")
                .hasMessageContaining("value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    @Test
    void shouldRefuseAHeaderParsedByAnotherHeaderConverter() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "abc");
        SinkRecord record = new SinkRecord("orders", 0, null, null, null, null, 5, null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, headers);

        assertThatThrownBy(() -> SinkRecordConversion.toBackupRecord(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("header 'trace'")
                .hasMessageContaining("header.converter=");
    }
}
