package ch.tbd.kafka.backuprestore.format;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Encodes a {@link BackupRecord} straight into the current schema, without building an Avro generic record for each
 * Kafka record: this is the hot path of a backup.
 */
final class BackupRecordDatumWriter implements DatumWriter<BackupRecord> {

    private static final int NULL_BRANCH = 0;
    private static final int VALUE_BRANCH = 1;

    @Override
    public void setSchema(Schema schema) {
        // Always writes the current schema.
    }

    @Override
    public void write(BackupRecord record, Encoder out) throws IOException {
        out.writeString(record.topic());
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
            out.writeString(header.key());
            writeNullableBytes(header.value(), out);
        }
        out.writeArrayEnd();
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
