package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builders, byte helpers and a field-by-field record comparison shared by the format tests. */
final class TestObjects {

    static final int SMALL_BLOCK_BYTES = 1024;

    private TestObjects() {}

    /** A record with a bit of everything: key, value, timestamp and two headers, one of them duplicated. */
    static BackupRecord record(String topic, int partition, long offset) {
        return new BackupRecord(topic, partition, offset, 1_700_000_000_000L + offset, TimestampType.CREATE_TIME,
                ("key-" + offset).getBytes(StandardCharsets.UTF_8),
                ("value-" + offset + "-" + "x".repeat((int) (offset % 50))).getBytes(StandardCharsets.UTF_8),
                List.of(new BackupHeader("h", new byte[] {(byte) offset}), new BackupHeader("h", null)));
    }

    static List<BackupRecord> records(String topic, int partition, long firstOffset, int count) {
        List<BackupRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(topic, partition, firstOffset + i));
        }
        return records;
    }

    /** Records whose values are random, so that every codec leaves many blocks, as in a real backup of binary data. */
    static List<BackupRecord> incompressibleRecords(String topic, int partition, long firstOffset, int count) {
        List<BackupRecord> records = new ArrayList<>(count);
        Random random = new Random(firstOffset);
        for (int i = 0; i < count; i++) {
            BackupRecord plain = record(topic, partition, firstOffset + i);
            records.add(new BackupRecord(topic, partition, plain.offset(), plain.timestamp(), plain.timestampType(),
                    plain.key(), randomBytes(50 + random.nextInt(100), random.nextLong()), plain.headers()));
        }
        return records;
    }

    static BackupObjectWriter.FinishedObject write(Codec codec, int blockSizeBytes, List<BackupRecord> records) {
        BackupRecord first = records.get(0);
        BackupObjectWriter writer = new BackupObjectWriter(first.topic(), first.partition(), codec, blockSizeBytes);
        records.forEach(writer::append);
        return writer.finish();
    }

    /** The bytes of an object of {@code records} (all of topic "orders", partition 0) compressed by {@code compressor}. */
    static byte[] write(BlockCompressor compressor, List<BackupRecord> records) {
        BackupObjectWriter writer = new BackupObjectWriter("orders", 0, compressor, SMALL_BLOCK_BYTES);
        records.forEach(writer::append);
        return bytes(writer.finish().content());
    }

    /** Every record of an object, read with {@code keys}. */
    static List<BackupRecord> read(byte[] object, String objectName, ch.tbd.kafka.backuprestore.crypto.KeyRing keys) {
        List<BackupRecord> read = new ArrayList<>();
        try (BackupObjectReader reader = BackupObjectReader.open(new java.io.ByteArrayInputStream(object),
                objectName, keys)) {
            reader.forEachRemaining(read::add);
        }
        return read;
    }

    static byte[] bytes(ObjectContent content) {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<BackupRecord> readAll(InputStream in, String objectName) {
        List<BackupRecord> records = new ArrayList<>();
        try (BackupObjectReader reader = BackupObjectReader.open(in, objectName)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    static List<BackupRecord> readAll(byte[] object, String objectName) {
        return readAll(new ByteArrayInputStream(object), objectName);
    }

    /**
     * Length of the Avro header, found without the code under test: every block ends with the file's sync marker, so
     * the last 16 bytes are the marker, and its first occurrence ends the header.
     */
    static int headerLength(byte[] object) {
        byte[] sync = Arrays.copyOfRange(object, object.length - 16, object.length);
        int found = indexOf(object, sync, 0);
        assertThat(found).as("sync marker position").isPositive();
        return found + sync.length;
    }

    /** Start positions of every occurrence of the sync marker, header included. */
    static List<Integer> syncMarkerPositions(byte[] object) {
        byte[] sync = Arrays.copyOfRange(object, object.length - 16, object.length);
        List<Integer> positions = new ArrayList<>();
        for (int at = indexOf(object, sync, 0); at >= 0; at = indexOf(object, sync, at + 1)) {
            positions.add(at);
        }
        return positions;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Compares every field byte-exactly; {@link BackupRecord#equals} compares arrays by identity. */
    static void assertSameRecords(List<BackupRecord> actual, List<BackupRecord> expected) {
        assertThat(actual).as("record count").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameRecord(actual.get(i), expected.get(i), "record #" + i);
        }
    }

    static void assertSameRecord(BackupRecord actual, BackupRecord expected, String what) {
        assertThat(actual.topic()).as(what + " topic").isEqualTo(expected.topic());
        assertThat(actual.partition()).as(what + " partition").isEqualTo(expected.partition());
        assertThat(actual.offset()).as(what + " offset").isEqualTo(expected.offset());
        assertThat(actual.timestamp()).as(what + " timestamp").isEqualTo(expected.timestamp());
        assertThat(actual.timestampType()).as(what + " timestamp type").isEqualTo(expected.timestampType());
        assertSameBytes(actual.key(), expected.key(), what + " key");
        assertSameBytes(actual.value(), expected.value(), what + " value");
        assertThat(actual.headers()).as(what + " header count").hasSameSizeAs(expected.headers());
        for (int h = 0; h < expected.headers().size(); h++) {
            BackupHeader actualHeader = actual.headers().get(h);
            BackupHeader expectedHeader = expected.headers().get(h);
            assertThat(actualHeader.key()).as(what + " header #" + h + " key").isEqualTo(expectedHeader.key());
            assertSameBytes(actualHeader.value(), expectedHeader.value(), what + " header #" + h + " value");
        }
    }

    private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what + " (null)").isNull();
        } else {
            // Arrays.equals first: AssertJ's element-wise diff of a 1 MiB array is slow and unreadable.
            assertThat(actual).as(what + " (" + expected.length + " bytes)").isNotNull().hasSameSizeAs(expected);
            assertThat(Arrays.equals(actual, expected)).as(what + " content equal").isTrue();
        }
    }
}
