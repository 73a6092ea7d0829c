package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.bytes;
import static ch.tbd.kafka.backuprestore.format.TestObjects.records;
import static ch.tbd.kafka.backuprestore.format.TestObjects.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A backup object is a plain Avro object container file: Avro's own readers and tools read it without our code. */
class StandardAvroFileTest {

    private static final int RECORD_COUNT = 500;

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldBeReadableByAvroDataFileReader(Codec codec) throws IOException {
        List<BackupRecord> written = records("orders", 3, 1000, RECORD_COUNT);
        byte[] object = bytes(write(codec, TestObjects.SMALL_BLOCK_BYTES, written).content());

        List<GenericRecord> read = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader =
                new DataFileReader<>(new SeekableByteArrayInput(object), new GenericDatumReader<>())) {
            assertThat(reader.getSchema()).isEqualTo(FormatSchema.CURRENT);
            reader.forEach(read::add);
        }

        assertThat(read).hasSize(RECORD_COUNT);
        for (int i = 0; i < RECORD_COUNT; i++) {
            GenericRecord record = read.get(i);
            assertThat(record.get("topic")).hasToString("orders");
            assertThat(record.get("partition")).isEqualTo(3);
            assertThat(record.get("offset")).isEqualTo(written.get(i).offset());
            assertThat(record.get("timestampType")).hasToString("CREATE_TIME");
            assertThat(toArray(record.get("value"))).isEqualTo(written.get(i).value());
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldBeReadableByAvroDataFileStream(Codec codec) throws IOException {
        byte[] object = bytes(write(codec, TestObjects.SMALL_BLOCK_BYTES, records("t", 0, 0, RECORD_COUNT)).content());

        long count = 0;
        try (DataFileStream<GenericRecord> stream =
                new DataFileStream<>(new ByteArrayInputStream(object), new GenericDatumReader<>())) {
            while (stream.hasNext()) {
                stream.next();
                count++;
            }
        }

        assertThat(count).isEqualTo(RECORD_COUNT);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldCarryKafkaBackupMetadata(Codec codec) throws IOException {
        BackupObjectWriter.FinishedObject finished =
                write(codec, TestObjects.SMALL_BLOCK_BYTES, records("my-topic.v2", 7, 42, RECORD_COUNT));
        ObjectSummary summary = finished.summary();

        try (DataFileStream<GenericRecord> stream = new DataFileStream<>(
                new ByteArrayInputStream(bytes(finished.content())), new GenericDatumReader<>())) {
            assertThat(stream.getMetaKeys()).contains(
                    "kafka.backup.format.version",
                    "kafka.backup.topic",
                    "kafka.backup.partition",
                    "kafka.backup.first.offset",
                    "kafka.backup.last.offset",
                    "kafka.backup.record.count",
                    "kafka.backup.min.timestamp",
                    "kafka.backup.max.timestamp",
                    "kafka.backup.data.length",
                    "kafka.backup.data.crc32c");
            assertThat(stream.getMetaString("kafka.backup.format.version")).isEqualTo("1");
            assertThat(stream.getMetaString("kafka.backup.topic")).isEqualTo("my-topic.v2");
            assertThat(stream.getMetaString("kafka.backup.partition")).isEqualTo("7");
            assertThat(stream.getMetaString("kafka.backup.first.offset")).isEqualTo("42");
            assertThat(stream.getMetaString("kafka.backup.last.offset"))
                    .isEqualTo(String.valueOf(42 + RECORD_COUNT - 1));
            assertThat(stream.getMetaString("kafka.backup.record.count")).isEqualTo(String.valueOf(RECORD_COUNT));
            assertThat(stream.getMetaString("kafka.backup.min.timestamp"))
                    .isEqualTo(summary.minTimestamp().toString());
            assertThat(stream.getMetaString("kafka.backup.max.timestamp"))
                    .isEqualTo(summary.maxTimestamp().toString());
            assertThat(stream.getMetaString("kafka.backup.data.length"))
                    .isEqualTo(Long.toString(summary.dataLength()));
            assertThat(Long.parseUnsignedLong(stream.getMetaString("kafka.backup.data.crc32c"), 16))
                    .isEqualTo(summary.dataCrc32c());
            assertThat(stream.getMetaString("avro.codec")).isEqualTo(codec.avroName());
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldLeaveOutTimestampBoundsWhenNoRecordHasATimestamp(Codec codec) throws IOException {
        BackupRecord untimed =
                new BackupRecord("t", 0, 5, null, TimestampType.NO_TIMESTAMP_TYPE, null, null, List.of());
        BackupObjectWriter.FinishedObject finished = write(codec, TestObjects.SMALL_BLOCK_BYTES, List.of(untimed));

        assertThat(finished.summary().minTimestamp()).isNull();
        assertThat(finished.summary().maxTimestamp()).isNull();
        try (DataFileStream<GenericRecord> stream = new DataFileStream<>(
                new ByteArrayInputStream(bytes(finished.content())), new GenericDatumReader<>())) {
            assertThat(stream.getMetaKeys())
                    .doesNotContain("kafka.backup.min.timestamp", "kafka.backup.max.timestamp");
            GenericRecord record = stream.next();
            assertThat(record.get("timestamp")).isNull();
            assertThat(record.get("key")).isNull();
            assertThat(record.get("value")).isNull();
        }
    }

    private static byte[] toArray(Object avroBytes) {
        ByteBuffer buffer = ((ByteBuffer) avroBytes).duplicate();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
