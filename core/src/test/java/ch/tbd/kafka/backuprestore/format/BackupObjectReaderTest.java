package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.records;
import static ch.tbd.kafka.backuprestore.format.TestObjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The reader's iterator and ownership contract: it owns the stream it was given and closes it in every case. */
class BackupObjectReaderTest {

    private static final String OBJECT_NAME = "backup/t/0/t-0-00000000000000000000.avro";

    private final BackupObjectWriter.FinishedObject object =
            write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, records("t", 0, 0, 3));

    @Test
    void shouldAnswerHasNextRepeatedlyAndRefuseNextAtTheEnd() {
        try (BackupObjectReader reader = BackupObjectReader.open(object.content().open(), OBJECT_NAME)) {
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.next().offset()).isZero();
            assertThat(reader.next().offset()).isEqualTo(1);
            assertThat(reader.next().offset()).isEqualTo(2);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining(OBJECT_NAME);
        }
    }

    @Test
    void shouldReadNextWithoutHasNext() {
        try (BackupObjectReader reader = BackupObjectReader.open(object.content().open(), OBJECT_NAME)) {
            for (long offset = 0; offset < 3; offset++) {
                assertThat(reader.next().offset()).isEqualTo(offset);
            }
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void shouldCloseTheStreamWhenClosed() {
        CloseTracking stream = new CloseTracking(object.content().open());

        BackupObjectReader.open(stream, OBJECT_NAME).close();

        assertThat(stream.closed).isTrue();
    }

    @Test
    void shouldCloseTheStreamWhenOpeningFails() {
        CloseTracking stream = new CloseTracking(new ByteArrayInputStream("not avro".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> BackupObjectReader.open(stream, OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class);
        assertThat(stream.closed).isTrue();
    }

    @Test
    void shouldCloseTheStreamAfterReadingTheSummary() {
        CloseTracking stream = new CloseTracking(object.content().open());

        assertThat(BackupObjectReader.readSummary(stream, OBJECT_NAME)).isEqualTo(object.summary());
        assertThat(stream.closed).isTrue();
    }

    @Test
    void shouldNotReadPastTheHeaderForTheSummary() {
        CloseTracking stream = new CloseTracking(object.content().open());

        BackupObjectReader.readSummary(stream, OBJECT_NAME);

        assertThat(stream.bytesRead).isEqualTo(object.content().length() - object.summary().dataLength());
    }

    private static final class CloseTracking extends FilterInputStream {
        boolean closed;
        long bytesRead;

        CloseTracking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            bytesRead += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            bytesRead += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
