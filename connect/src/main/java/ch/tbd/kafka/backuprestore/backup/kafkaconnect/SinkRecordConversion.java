package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.kafkaconnect.ByteArrayConverters;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record delivered by Connect into a {@link BackupRecord}, refusing anything that is not raw bytes: a value
 * re-encoded by another converter must never be stored as if it were the original.
 */
final class SinkRecordConversion {

    private SinkRecordConversion() {}

    static BackupRecord toBackupRecord(SinkRecord record) {
        // The original coordinates: what the consumer read, whatever a transformation may have renamed.
        String topic = record.originalTopic();
        int partition = record.originalKafkaPartition();
        long offset = record.originalKafkaOffset();
        byte[] key = rawBytes(record.key(), "key", "key.converter", topic, partition, offset);
        byte[] value = rawBytes(record.value(), "value", "value.converter", topic, partition, offset);
        return new BackupRecord(topic, partition, offset, record.timestamp(), timestampType(record), key, value,
                headers(record.headers(), topic, partition, offset));
    }

    private static TimestampType timestampType(SinkRecord record) {
        return switch (record.timestampType()) {
            case CREATE_TIME -> TimestampType.CREATE_TIME;
            case LOG_APPEND_TIME -> TimestampType.LOG_APPEND_TIME;
            case NO_TIMESTAMP_TYPE -> TimestampType.NO_TIMESTAMP_TYPE;
        };
    }

    private static List<BackupHeader> headers(Headers headers, String topic, int partition, long offset) {
        if (headers == null || headers.isEmpty()) {
            return List.of();
        }
        List<BackupHeader> result = new ArrayList<>(headers.size());
        for (Header header : headers) {
            Object value = header.value();
            if (value != null && !(value instanceof byte[])) {
                // The header's name goes into the message only here: this runs for every header of every record.
                throw notRawBytes(value, "header '" + header.key() + "'", "header.converter", topic, partition,
                        offset);
            }
            result.add(new BackupHeader(header.key(), (byte[]) value));
        }
        return result;
    }

    private static byte[] rawBytes(Object data, String what, String converterKey, String topic, int partition,
            long offset) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        throw notRawBytes(data, what, converterKey, topic, partition, offset);
    }

    private static DataException notRawBytes(Object data, String what, String converterKey, String topic,
            int partition, long offset) {
        return new DataException("Record " + topic + "-" + partition + "@" + offset + " has a " + what + " of type "
                + data.getClass().getName() + " instead of raw bytes, so it cannot be backed up byte for byte: "
                + ByteArrayConverters.fix(converterKey));
    }
}
