package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static ch.tbd.kafka.backuprestore.format.TestObjects.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that Kafka Backup did not write, or that a newer release wrote, are refused with a message that says so. */
class ForeignObjectTest {

    private static final String OBJECT_NAME = "backup/t/0/t-0-00000000000000000000.avro";

    @Test
    void shouldRefuseAnAvroFileWithAnotherSchemaAndNoBackupMetadata() throws IOException {
        Schema other = SchemaBuilder.record("Customer").fields().requiredString("name").requiredLong("id").endRecord();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(other))) {
            writer.create(other, out);
            GenericRecord customer = new GenericData.Record(other);
            customer.put("name", "Ada");
            customer.put("id", 1L);
            writer.append(customer);
        }

        assertCorrupt(out.toByteArray(), "was not written by Kafka Backup");
        assertThatThrownBy(() -> BackupObjectReader.readSummary(new ByteArrayInputStream(out.toByteArray()),
                        OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("not written by Kafka Backup");
    }

    @Test
    void shouldRefuseAnAvroFileOfBackupRecordsWithoutBackupMetadata() {
        byte[] object = CraftedObjects.withMetadata(records("t", 0, 0, 3), meta -> meta.clear());

        assertCorrupt(object, "was not written by Kafka Backup");
    }

    @Test
    void shouldAskForAnUpgradeForANewerFormatVersion() {
        byte[] object = CraftedObjects.withMetadata(records("t", 0, 0, 3),
                meta -> meta.put("kafka.backup.format.version", "2"));

        assertCorrupt(object, "format version 2").hasMessageContaining("upgrade Kafka Backup");
        assertThatThrownBy(() -> BackupObjectReader.readSummary(new ByteArrayInputStream(object), OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("upgrade Kafka Backup");
    }

    @Test
    void shouldRefuseIncompleteMetadata() {
        byte[] object = CraftedObjects.withMetadata(records("t", 0, 0, 3),
                meta -> meta.remove("kafka.backup.record.count"));

        assertCorrupt(object, "'kafka.backup.record.count' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka.backup.format.version", "kafka.backup.partition", "kafka.backup.last.offset",
        "kafka.backup.min.timestamp", "kafka.backup.data.length", "kafka.backup.data.crc32c"})
    void shouldRefuseMalformedMetadata(String key) {
        byte[] object = CraftedObjects.withMetadata(records("t", 0, 0, 3), meta -> meta.put(key, "12x"));

        assertCorrupt(object, "malformed metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello, world", "{\"topic\": \"t\"}", "Obj", "PK\u0003\u0004"})
    void shouldRefuseBytesThatAreNotAvro(String text) {
        assertCorrupt(text.getBytes(StandardCharsets.UTF_8), "");
    }

    @Test
    void shouldRefuseRandomBytesAndCompressedBytes() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(TestObjects.bytes(TestObjects.write(Codec.NONE, 1024, records("t", 0, 0, 10)).content()));
        }

        assertCorrupt(TestObjects.randomBytes(10_000, 7), "not an Avro object container file");
        assertCorrupt(gzip.toByteArray(), "not an Avro object container file");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(byte[] object,
            String reason) {
        return assertThatThrownBy(() -> readAll(object, OBJECT_NAME))
                .isInstanceOfSatisfying(CorruptObjectException.class,
                        e -> assertThat(e.objectName()).isEqualTo(OBJECT_NAME))
                .hasMessageContaining("'" + OBJECT_NAME + "'")
                .hasMessageContaining(reason);
    }
}
