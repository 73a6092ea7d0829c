package ch.tbd.kafka.backuprestore.format;

import java.util.List;
import java.util.Objects;

/**
 * One Kafka record as backed up: everything needed to write it back exactly as it was.
 *
 * <p>{@code key} and {@code value} are {@code null} when the record had none, which is not the same as empty.
 * {@code headers} keep their order and duplicates. Byte arrays are not copied: callers must not change them.
 *
 * @param timestamp     milliseconds since the epoch, or {@code null} when the record had none
 */
public record BackupRecord(
        String topic,
        int partition,
        long offset,
        Long timestamp,
        TimestampType timestampType,
        byte[] key,
        byte[] value,
        List<BackupHeader> headers) {

    public BackupRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestampType, "timestampType");
        Objects.requireNonNull(headers, "headers");
    }

    /** Approximate encoded size, for buffer accounting. */
    public int estimatedSizeBytes() {
        int size = 32 + topic.length() + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (BackupHeader header : headers) {
            size += 8 + header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }
}
