package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects whose blocks are encrypted: read back byte-exact with the key, whole and by block span; refused, naming the
 * object and the key, without it or with another key under its id; never read when a block was changed; readable
 * after a rotation while the old key is configured; and refused by Avro's own readers rather than misread.
 */
class EncryptedObjectTest {

    private static final String NAME = "orders/0/orders-0-00000000000000000000.avro";

    @TempDir
    Path directory;

    private KeyRing ring(String... files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            Path path = directory.resolve(file);
            if (!Files.exists(path)) {
                Files.write(path, TestObjects.randomBytes(32, file.hashCode()));
            }
            paths.add(path);
        }
        return KeyRing.fromFiles(paths);
    }

    private static byte[] write(KeyRing keys, Codec codec, List<BackupRecord> records) {
        try (BlockCompressor compressor = new BlockCompressor(codec, keys)) {
            return TestObjects.write(compressor, records);
        }
    }

    private static List<BackupRecord> read(byte[] object, KeyRing keys) {
        return TestObjects.read(object, NAME, keys);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReadBackEveryRecordWithTheKey(Codec codec) throws IOException {
        KeyRing keys = ring("kek-2026");
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 300);

        byte[] object = write(keys, codec, records);

        TestObjects.assertSameRecords(read(object, keys), records);
        ObjectHeader header = ObjectHeader.read(new ByteArrayInputStream(object), NAME);
        assertThat(header.encryption()).hasValueSatisfying(encryption -> {
            assertThat(encryption.keyId()).isEqualTo("kek-2026");
            assertThat(encryption.codec()).isEqualTo(codec.avroName());
        });
        assertThat(header.summary().recordCount()).as("metadata stays readable without the key").isEqualTo(300);
        byte[] key = Files.readAllBytes(directory.resolve("kek-2026"));
        assertThat(indexOf(object, key)).as("the key itself is nowhere in the object").isNegative();
        assertThat(indexOf(object, records.get(7).value())).as("no value in clear").isNegative();
    }

    @Test
    void shouldReadASpanOfBlocksOnItsOwn() throws IOException {
        KeyRing keys = ring("kek");
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 500);
        byte[] object = write(keys, Codec.ZSTD, records);
        ObjectHeader header = ObjectHeader.read(new ByteArrayInputStream(object), NAME);
        BlockSpan span = header.span(200, 300, (min, max) -> true);
        assertThat(span.firstBlock()).as("a span in the middle").isPositive();

        List<BackupRecord> read = new ArrayList<>();
        try (BackupObjectReader reader = BackupObjectReader.open(new ByteArrayInputStream(object, (int) span.start(),
                (int) span.length()), header, span, NAME, keys)) {
            reader.forEachRemaining(read::add);
        }

        assertThat(read).isNotEmpty();
        TestObjects.assertSameRecords(read, records.subList((int) read.get(0).offset(),
                (int) read.get(read.size() - 1).offset() + 1));
    }

    @Test
    void shouldNameTheObjectAndTheKeyWhenTheKeyIsMissingOrWrong() throws IOException {
        byte[] object = write(ring("kek-2026"), Codec.ZSTD, TestObjects.records("orders", 0, 0, 10));

        assertThatThrownBy(() -> read(object, KeyRing.NONE)).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining(NAME).hasMessageContaining("'kek-2026'").hasMessageContaining("encryption.");
        assertThatThrownBy(() -> read(object, ring("other"))).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("'kek-2026'").hasMessageContaining("[other]");
        Files.write(directory.resolve("kek-2026"), TestObjects.randomBytes(32, 99));
        assertThatThrownBy(() -> read(object, ring("kek-2026"))).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("does not open object '" + NAME + "'");
    }

    @Test
    void shouldNeverReadAChangedBlock() throws IOException {
        KeyRing keys = ring("kek");
        byte[] object = write(keys, Codec.NONE, TestObjects.records("orders", 0, 0, 50));
        int header = TestObjects.headerLength(object);
        object[header + 40] ^= 0x01;

        assertThatThrownBy(() -> read(object, keys)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(NAME);
    }

    @Test
    void shouldReadObjectsOfAnOlderKeyAfterARotation() throws IOException {
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 20);
        byte[] before = write(ring("kek-1"), Codec.ZSTD, records);
        KeyRing rotated = ring("kek-2", "kek-1");

        byte[] after = write(rotated, Codec.ZSTD, records);

        assertThat(ObjectHeader.read(new ByteArrayInputStream(after), NAME).encryption().orElseThrow().keyId())
                .isEqualTo("kek-2");
        TestObjects.assertSameRecords(read(before, rotated), records);
        TestObjects.assertSameRecords(read(after, rotated), records);
        assertThatThrownBy(() -> read(before, ring("kek-2"))).hasMessageContaining("'kek-1'");
    }

    @Test
    void shouldBeRefusedByAvrosOwnReaders() throws IOException {
        byte[] object = write(ring("kek"), Codec.ZSTD, TestObjects.records("orders", 0, 0, 5));

        assertThatThrownBy(() -> new DataFileStream<GenericRecord>(new ByteArrayInputStream(object),
                new GenericDatumReader<>()).next()).hasMessageContaining(ObjectEncryption.AVRO_CODEC);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle == null || needle.length < 8) {
            needle = "never-there".getBytes(StandardCharsets.US_ASCII);
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
