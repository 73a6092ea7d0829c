package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.assertSameRecord;
import static ch.tbd.kafka.backuprestore.format.TestObjects.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reader streams: it decodes a large object block by block, from a source that hands out a few bytes at a time. */
class LargeObjectStreamingTest {

    private static final String OBJECT_NAME = "backup/big/0/big-0-00000000000000000000.avro";
    private static final int RECORD_COUNT = 200_000;
    private static final int BLOCK_BYTES = 64 * 1024;

    private static BackupObjectWriter.FinishedObject large;

    @BeforeAll
    static void writeLargeObject() {
        BackupObjectWriter writer = new BackupObjectWriter("big", 0, Codec.ZSTD, BLOCK_BYTES);
        for (int offset = 0; offset < RECORD_COUNT; offset++) {
            writer.append(record("big", 0, offset));
        }
        large = writer.finish();
    }

    @Test
    void shouldReadEveryRecordFromTinyReads() {
        long read = 0;
        try (BackupObjectReader reader =
                BackupObjectReader.open(TestStreams.trickle(large.content().open(), 42), OBJECT_NAME)) {
            assertThat(reader.summary()).isEqualTo(large.summary());
            while (reader.hasNext()) {
                BackupRecord record = reader.next();
                assertSameRecord(record, record("big", 0, read), "record #" + read);
                read++;
            }
        }

        assertThat(read).isEqualTo(RECORD_COUNT);
    }

    @Test
    void shouldConsumeTheSourceOnlyAsFarAsTheRecordsRead() {
        long objectLength = large.content().length();
        assertThat(objectLength).as("object length").isGreaterThan(1024 * 1024);

        CountingStream source = new CountingStream(large.content().open());
        try (BackupObjectReader reader = BackupObjectReader.open(source, OBJECT_NAME)) {
            reader.next();
            assertThat(source.count).as("bytes taken from the source for the first record").isLessThan(256 * 1024);

            for (int i = 1; i < RECORD_COUNT / 2; i++) {
                reader.next();
            }
            assertThat(source.count).as("bytes taken from the source for half the records")
                    .isLessThan(objectLength / 2 + 256 * 1024);
            reader.forEachRemaining(record -> {});
        }
        assertThat(source.count).isEqualTo(objectLength);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReadEveryCodecFromTinyReads(Codec codec) {
        List<BackupRecord> written = TestObjects.records("small", 1, 0, 3000);
        BackupObjectWriter.FinishedObject finished = TestObjects.write(codec, TestObjects.SMALL_BLOCK_BYTES, written);

        for (long seed = 0; seed < 5; seed++) {
            InputStream trickle = TestStreams.trickle(finished.content().open(), seed);
            TestObjects.assertSameRecords(TestObjects.readAll(trickle, OBJECT_NAME), written);
        }
        assertThat(BackupObjectReader.readSummary(TestStreams.trickle(finished.content().open(), 7), OBJECT_NAME))
                .isEqualTo(finished.summary());
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
