package ch.tbd.kafka.backuprestore.format;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;

/** Writes an {@link ObjectSummary} into Avro file metadata and reads it back, checking that it is complete. */
final class ObjectMetadata {

    private ObjectMetadata() {}

    static void write(ObjectSummary summary, BiConsumer<String, String> meta) {
        meta.accept(FormatSchema.META_FORMAT_VERSION, Integer.toString(summary.formatVersion()));
        meta.accept(FormatSchema.META_TOPIC, summary.topic());
        meta.accept(FormatSchema.META_PARTITION, Integer.toString(summary.partition()));
        meta.accept(FormatSchema.META_FIRST_OFFSET, Long.toString(summary.firstOffset()));
        meta.accept(FormatSchema.META_LAST_OFFSET, Long.toString(summary.lastOffset()));
        meta.accept(FormatSchema.META_RECORD_COUNT, Long.toString(summary.recordCount()));
        if (summary.minTimestamp() != null) {
            meta.accept(FormatSchema.META_MIN_TIMESTAMP, Long.toString(summary.minTimestamp()));
            meta.accept(FormatSchema.META_MAX_TIMESTAMP, Long.toString(summary.maxTimestamp()));
        }
        meta.accept(FormatSchema.META_DATA_LENGTH, Long.toString(summary.dataLength()));
        meta.accept(FormatSchema.META_DATA_CRC32C, Long.toHexString(summary.dataCrc32c()));
        if (summary.topicId() != null) {
            meta.accept(FormatSchema.META_TOPIC_ID, summary.topicId());
        }
    }

    static ObjectSummary read(Map<String, byte[]> meta, String objectName) {
        String version = text(meta, FormatSchema.META_FORMAT_VERSION);
        if (version == null) {
            throw new CorruptObjectException(objectName, "is an Avro file but was not written by Kafka Backup"
                    + " (no " + FormatSchema.META_FORMAT_VERSION + " in its metadata): remove it from the backup"
                    + " location or restore from another prefix");
        }
        try {
            int formatVersion = Integer.parseInt(version);
            if (formatVersion > FormatSchema.CURRENT_VERSION) {
                throw new CorruptObjectException(objectName, "was written in format version " + formatVersion
                        + ", newer than this release reads (" + FormatSchema.CURRENT_VERSION
                        + "): upgrade Kafka Backup to read it");
            }
            String minTimestamp = text(meta, FormatSchema.META_MIN_TIMESTAMP);
            String maxTimestamp = text(meta, FormatSchema.META_MAX_TIMESTAMP);
            return new ObjectSummary(
                    formatVersion,
                    required(meta, FormatSchema.META_TOPIC, objectName),
                    Integer.parseInt(required(meta, FormatSchema.META_PARTITION, objectName)),
                    Long.parseLong(required(meta, FormatSchema.META_FIRST_OFFSET, objectName)),
                    Long.parseLong(required(meta, FormatSchema.META_LAST_OFFSET, objectName)),
                    Long.parseLong(required(meta, FormatSchema.META_RECORD_COUNT, objectName)),
                    minTimestamp == null ? null : Long.valueOf(minTimestamp),
                    maxTimestamp == null ? null : Long.valueOf(maxTimestamp),
                    required(meta, "avro.codec", objectName),
                    Long.parseLong(required(meta, FormatSchema.META_DATA_LENGTH, objectName)),
                    Long.parseUnsignedLong(required(meta, FormatSchema.META_DATA_CRC32C, objectName), 16),
                    text(meta, FormatSchema.META_TOPIC_ID));
        } catch (NumberFormatException e) {
            throw new CorruptObjectException(objectName, "has malformed metadata: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, byte[]> meta, String key, String objectName) {
        String value = text(meta, key);
        if (value == null) {
            throw new CorruptObjectException(objectName, "has incomplete metadata: '" + key + "' is missing");
        }
        return value;
    }

    private static String text(Map<String, byte[]> meta, String key) {
        byte[] value = meta.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
