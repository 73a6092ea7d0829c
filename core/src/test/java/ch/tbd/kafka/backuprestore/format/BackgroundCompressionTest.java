package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects whose blocks a compressor with a thread of its own compressed, while records went on being encoded: the same
 * records in the same blocks, in their order, with their index, whatever the codec and with encryption; and, plain,
 * still a standard Avro file.
 */
class BackgroundCompressionTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldFrameEveryBlockInItsOrder(Codec codec) throws Exception {
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 3000);
        try (BlockCompressor compressor = BlockCompressor.inBackground(codec, KeyRing.NONE)) {
            byte[] object = TestObjects.write(compressor, records);

            ObjectHeader header = ObjectHeader.read(new ByteArrayInputStream(object), "o");
            assertThat(header.blocks().size()).as("blocks, many of them compressing at once").isGreaterThan(20);
            assertThat(header.index().size()).isEqualTo(header.blocks().size());
            TestObjects.assertSameRecords(read(object, KeyRing.NONE), records);
            List<GenericRecord> standard = new ArrayList<>();
            try (DataFileStream<GenericRecord> avro = new DataFileStream<>(new ByteArrayInputStream(object),
                    new GenericDatumReader<>())) {
                avro.forEach(standard::add);
            }
            assertThat(standard).hasSize(records.size());
            assertThat(standard.get(2999).get("offset")).isEqualTo(2999L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"ZSTD", "DEFLATE"})
    void shouldEncryptEachBlockUnderItsOwnNumber(Codec codec) throws Exception {
        Path key = directory.resolve("kek");
        Files.write(key, TestObjects.randomBytes(32, 7));
        KeyRing keys = KeyRing.fromFiles(List.of(key));
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 2000);
        try (BlockCompressor compressor = BlockCompressor.inBackground(codec, keys)) {
            byte[] object = TestObjects.write(compressor, records);

            TestObjects.assertSameRecords(read(object, keys), records);
        }
    }


    private static List<BackupRecord> read(byte[] object, KeyRing keys) {
        return TestObjects.read(object, "o", keys);
    }
}
