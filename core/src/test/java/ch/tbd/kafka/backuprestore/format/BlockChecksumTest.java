package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A damaged block is refused before any of its records is handed out, whatever the codec. */
class BlockChecksumTest {

    private static final String NAME = "t/0/t-0-00000000000000000000.avro";

    private static List<BackupRecord> records() {
        List<BackupRecord> records = new ArrayList<>();
        for (int offset = 0; offset < 200; offset++) {
            byte[] value = ("value-" + offset + "-" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
            records.add(new BackupRecord("t", 0, offset, 1_000L + offset, TimestampType.CREATE_TIME, null, value,
                    List.of()));
        }
        return records;
    }

    private static byte[] object(Codec codec, List<BackupRecord> records) throws IOException {
        BackupObjectWriter writer = new BackupObjectWriter("t", 0, codec, 2 * 1024);
        records.forEach(writer::append);
        try (InputStream in = writer.finish().content().open()) {
            return in.readAllBytes();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldReadTheSummaryOfAnObjectWhoseHeaderIsLongerThanTheFirstRangedRead(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws IOException {
        BackupObjectWriter writer = new BackupObjectWriter("t", 0, Codec.NONE, 64);
        for (int offset = 0; offset < 5_000; offset++) {
            writer.append(new BackupRecord("t", 0, offset, null, TimestampType.NO_TIMESTAMP_TYPE, null,
                    new byte[64], List.of()));
        }
        BackupObjectWriter.FinishedObject finished = writer.finish();
        try (var storage = new ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage(directory)) {
            storage.put(NAME, finished.content());
            long[] transferred = new long[1];

            ObjectSummary summary = BackupObjectReader.readSummary(storage, NAME, n -> transferred[0] += n);

            assertThat(summary).isEqualTo(finished.summary());
            assertThat(transferred[0]).isGreaterThan(BackupObjectReader.FIRST_HEADER_READ_BYTES);
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldNeverHandOutARecordOfADamagedBlock(Codec codec) throws IOException {
        List<BackupRecord> written = records();
        byte[] object = object(codec, written);
        int headerLength;
        try (InputStream in = new ByteArrayInputStream(object)) {
            headerLength = ObjectHeader.read(in, NAME).bytes().length;
        }
        // Damage one byte at a time, at positions spread from the middle of the data to its end.
        for (int position = headerLength + (object.length - headerLength) / 2; position < object.length;
                position += 97) {
            byte[] damaged = object.clone();
            damaged[position] ^= 0x10;
            List<BackupRecord> handedOut = new ArrayList<>();
            assertThatThrownBy(() -> {
                try (BackupObjectReader reader = BackupObjectReader.open(new ByteArrayInputStream(damaged), NAME)) {
                    reader.forEachRemaining(handedOut::add);
                }
            }).as("damage at byte %d", position).isInstanceOf(CorruptObjectException.class)
                    .isNotInstanceOf(UncheckedIOException.class);
            for (BackupRecord record : handedOut) {
                assertThat(record.value()).as("record %d handed out from an object damaged at byte %d",
                        record.offset(), position).isEqualTo(written.get((int) record.offset()).value());
            }
        }
    }
}
