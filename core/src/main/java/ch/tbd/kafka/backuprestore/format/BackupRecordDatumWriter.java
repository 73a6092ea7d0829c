package ch.tbd.kafka.backuprestore.format;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Encodes a {@link BackupRecord} straight into the current schema, without building an Avro generic record for each
 * Kafka record: this is the hot path of a backup.
 */
final class BackupRecordDatumWriter implements DatumWriter<BackupRecord> {

    private static final int NULL_BRANCH = 0;
    private static final int VALUE_BRANCH = 1;
    /** Header keys are few in practice; past this many distinct ones the cache starts over rather than grow. */
    private static final int MAX_CACHED_HEADER_KEYS = 64;

    /** The topic and header keys repeat in every record: their UTF-8 bytes are made once, not once a record. */
    private String topic;
    private Utf8 topicBytes;
    private final Map<String, Utf8> headerKeys = new HashMap<>();

    @Override
    public void setSchema(Schema schema) {
        // Always writes the current schema.
    }

    @Override
    public void write(BackupRecord record, Encoder out) throws IOException {
        out.writeString(topicBytes(record.topic()));
        out.writeInt(record.partition());
        out.writeLong(record.offset());
        if (record.timestamp() == null) {
            out.writeIndex(NULL_BRANCH);
            out.writeNull();
        } else {
            out.writeIndex(VALUE_BRANCH);
            out.writeLong(record.timestamp());
        }
        out.writeEnum(record.timestampType().ordinal());
        writeNullableBytes(record.key(), out);
        writeNullableBytes(record.value(), out);
        out.writeArrayStart();
        out.setItemCount(record.headers().size());
        for (BackupHeader header : record.headers()) {
            out.startItem();
            out.writeString(headerKeyBytes(header.key()));
            writeNullableBytes(header.value(), out);
        }
        out.writeArrayEnd();
    }

    private Utf8 topicBytes(String name) {
        if (!name.equals(topic)) {
            topic = name;
            topicBytes = new Utf8(name);
        }
        return topicBytes;
    }

    private Utf8 headerKeyBytes(String key) {
        Utf8 bytes = headerKeys.get(key);
        if (bytes == null) {
            if (headerKeys.size() >= MAX_CACHED_HEADER_KEYS) {
                headerKeys.clear();
            }
            bytes = new Utf8(key);
            headerKeys.put(key, bytes);
        }
        return bytes;
    }

    private static void writeNullableBytes(byte[] bytes, Encoder out) throws IOException {
        if (bytes == null) {
            out.writeIndex(NULL_BRANCH);
            out.writeNull();
        } else {
            out.writeIndex(VALUE_BRANCH);
            out.writeBytes(bytes);
        }
    }
}
