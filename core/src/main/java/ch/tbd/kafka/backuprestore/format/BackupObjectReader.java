package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.apache.avro.file.DataFileStream;

/**
 * Decodes a backup object back into records as a stream, with bounded memory whatever the object's size.
 *
 * <p>Before it reports the end, the reader has checked the data's length and checksum against the header, and that the
 * records are exactly the ones the header announces (topic, partition, offset range, count). Damage raises a
 * {@link CorruptObjectException} naming the object; a failure of the underlying stream raises an
 * {@link UncheckedIOException}, since reading again may succeed.
 */
public final class BackupObjectReader implements Iterator<BackupRecord>, Closeable {

    /**
     * The first ranged read for a header: the schema and metadata take about 2 KiB, and the block table 8 bytes a block
     * (about 4 KiB for a 32 MiB object of well-compressed blocks). Longer headers are read with wider ranges.
     */
    static final int FIRST_HEADER_READ_BYTES = 16 * 1024;
    private static final int MAX_HEADER_READ_BYTES = 64 * 1024 * 1024;

    private final String objectName;
    private final ObjectSummary summary;
    private final VerifyingInputStream data;
    private final DataFileStream<BackupRecord> avro;
    private long recordsRead;
    private long lastOffset = -1;

    private BackupObjectReader(String objectName, ObjectSummary summary, VerifyingInputStream data,
            DataFileStream<BackupRecord> avro) {
        this.objectName = objectName;
        this.summary = summary;
        this.data = data;
        this.avro = avro;
    }

    /** Opens an object for reading; the reader owns the stream and closes it. */
    public static BackupObjectReader open(InputStream in, String objectName) {
        try {
            ObjectHeader header = ObjectHeader.read(in, objectName);
            ObjectSummary summary = header.summary();
            VerifyingInputStream data = new VerifyingInputStream(in, summary.dataLength(), summary.dataCrc32c(),
                    header.blocks());
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(header.bytes()), data);
            DataFileStream<BackupRecord> avro = new DataFileStream<>(whole, new BackupRecordDatumReader());
            return new BackupObjectReader(objectName, summary, data, avro);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in, e);
            throw classify(objectName, e);
        }
    }

    /** Reads only the summary from the start of an object, for example from a ranged read of its first bytes. */
    public static ObjectSummary readSummary(InputStream in, String objectName) {
        try (in) {
            return ObjectHeader.read(in, objectName).summary();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read backup object '" + objectName + "'", e);
        }
    }

    /**
     * Reads only the summary of a stored object, with a small ranged read, widened when the header is longer.
     *
     * @param bytesRead told how many bytes each ranged read transferred
     */
    public static ObjectSummary readSummary(ObjectStorage storage, String key, LongConsumer bytesRead) {
        for (long range = FIRST_HEADER_READ_BYTES; ; range *= 16) {
            byte[] bytes;
            try (InputStream in = storage.getRange(key, 0, range)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read the header of backup object '" + key + "'", e);
            }
            bytesRead.accept(bytes.length);
            try {
                return ObjectHeader.read(new ByteArrayInputStream(bytes), key).summary();
            } catch (ObjectHeader.TruncatedHeaderException e) {
                // A read shorter than asked for reached the end of the object: it is truncated, not the range short.
                if (bytes.length < range || range >= MAX_HEADER_READ_BYTES) {
                    throw e;
                }
            }
        }
    }

    public ObjectSummary summary() {
        return summary;
    }

    @Override
    public boolean hasNext() {
        boolean more;
        try {
            more = avro.hasNext();
        } catch (RuntimeException e) {
            throw translate(e);
        }
        if (!more) {
            verifyEnd();
        }
        return more;
    }

    @Override
    public BackupRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in backup object '" + objectName + "'");
        }
        BackupRecord decoded;
        try {
            decoded = avro.next();
        } catch (RuntimeException e) {
            throw translate(e);
        }
        checkBelongs(decoded);
        recordsRead++;
        lastOffset = decoded.offset();
        return decoded;
    }

    private void checkBelongs(BackupRecord record) {
        if (!record.topic().equals(summary.topic()) || record.partition() != summary.partition()) {
            throw new CorruptObjectException(objectName, "holds a record of " + record.topic() + "-"
                    + record.partition() + " but its header says " + summary.topic() + "-" + summary.partition());
        }
        if (record.offset() <= lastOffset || record.offset() < summary.firstOffset()
                || record.offset() > summary.lastOffset()) {
            throw new CorruptObjectException(objectName, "holds offset " + record.offset()
                    + " out of order or outside its range " + summary.firstOffset() + ".." + summary.lastOffset());
        }
    }

    private void verifyEnd() {
        try {
            byte[] rest = new byte[8192];
            while (!data.verified() && data.read(rest, 0, rest.length) >= 0) {
                // Drains what Avro left unread so that the checksum covers every byte.
            }
        } catch (IOException e) {
            throw classify(objectName, e);
        }
        if (recordsRead != summary.recordCount() || (recordsRead > 0 && lastOffset != summary.lastOffset())) {
            throw new CorruptObjectException(objectName, "holds " + recordsRead + " records up to offset "
                    + lastOffset + " but its header announces " + summary.recordCount() + " up to offset "
                    + summary.lastOffset());
        }
    }

    private RuntimeException translate(RuntimeException e) {
        return classify(objectName, e);
    }

    /**
     * Damage of any kind (a bad sync marker, a broken block, a failed checksum) is a {@link CorruptObjectException};
     * only a failure of the underlying stream is an {@link UncheckedIOException}, because reading again may work.
     */
    private static RuntimeException classify(String objectName, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CorruptObjectException corrupt) {
                return corrupt;
            }
            if (cause instanceof VerifyingInputStream.IntegrityException) {
                return new CorruptObjectException(objectName, cause.getMessage(), e);
            }
            if (cause instanceof VerifyingInputStream.SourceException source) {
                return new UncheckedIOException("Failed to read backup object '" + objectName + "'",
                        (IOException) source.getCause());
            }
            if (cause instanceof UncheckedIOException io && cause == e) {
                return io;
            }
        }
        return new CorruptObjectException(objectName, "cannot be decoded: " + e, e);
    }

    @Override
    public void close() {
        try {
            avro.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to close backup object '" + objectName + "'", e);
        }
    }

    private static void closeQuietly(InputStream in, Exception primary) {
        try {
            in.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
