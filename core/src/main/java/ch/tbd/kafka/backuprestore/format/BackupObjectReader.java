package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.crypto.ObjectCipher;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import javax.crypto.AEADBadTagException;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

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
     * The first ranged read for a header: the schema and metadata take about 2 KiB, the block table 8 bytes a block and
     * the block index a few bytes a block (about 4 KiB together for a 32 MiB object of 64 KiB blocks). Longer headers
     * are read with wider ranges.
     */
    static final int FIRST_HEADER_READ_BYTES = 8 * 1024;
    private static final int MAX_HEADER_READ_BYTES = 64 * 1024 * 1024;

    private final String objectName;
    private final ObjectHeader header;
    private final ObjectSummary summary;
    private final VerifyingInputStream data;
    private final BinaryDecoder framing;
    private final BlockDecompressor decompressor;
    /** Decrypts the blocks of an encrypted object; null for a plain one. */
    private final ObjectCipher cipher;
    private final BackupRecordDatumReader records = new BackupRecordDatumReader();
    private final int endBlock;
    private final long expectedRecords;
    private final long expectedLastOffset;
    private final byte[] syncScratch = new byte[DataFileConstants.SYNC_SIZE];

    private int nextBlock;
    private byte[] compressed = new byte[64 * 1024];
    private BinaryDecoder blockRecords;
    private BlockIndex.Entry blockEntry;
    private long blockCount;
    private long blockRemaining;
    private long recordsRead;
    private long lastOffset = -1;

    private BackupObjectReader(String objectName, ObjectHeader header, VerifyingInputStream data, BlockSpan span,
            KeyRing keys) {
        this.objectName = objectName;
        this.header = header;
        this.summary = header.summary();
        this.data = data;
        this.framing = DecoderFactory.get().directBinaryDecoder(data, null);
        this.cipher = header.encryption().map(encryption -> encryption.cipher(keys, objectName)).orElse(null);
        this.decompressor = BlockDecompressor.forCodec(header.blockCodec(), objectName);
        this.nextBlock = span.firstBlock();
        this.endBlock = span.endBlock();
        boolean whole = span.firstBlock() == 0 && span.endBlock() == header.blocks().size();
        this.expectedRecords = whole ? header.summary().recordCount() : span.records();
        this.expectedLastOffset = whole ? header.summary().lastOffset()
                : span.isEmpty() ? -1 : header.index().entry(span.endBlock() - 1).lastOffset();
    }

    /** Opens a plain object for reading; the reader owns the stream and closes it. */
    public static BackupObjectReader open(InputStream in, String objectName) {
        return open(in, objectName, KeyRing.NONE);
    }

    /**
     * Opens an object for reading, encrypted or not; the reader owns the stream and closes it.
     *
     * @param keys the keys an encrypted object's data key may be wrapped with
     * @throws EncryptionKeyException when the object is encrypted with a key {@code keys} lacks or does not match
     */
    public static BackupObjectReader open(InputStream in, String objectName, KeyRing keys) {
        try {
            ObjectHeader header = ObjectHeader.read(in, objectName);
            ObjectSummary summary = header.summary();
            VerifyingInputStream data = new VerifyingInputStream(in, summary.dataLength(), summary.dataCrc32c(),
                    header.blocks());
            return new BackupObjectReader(objectName, header, data, header.span(Long.MIN_VALUE, Long.MAX_VALUE,
                    (min, max) -> true), keys);
        } catch (RuntimeException e) {
            closeQuietly(in, e);
            throw classify(objectName, e);
        }
    }

    /**
     * Reads the blocks of a span, for an object whose header was read already; the reader owns the stream and closes
     * it. Each block is checked against its checksum and the block index; the records are those of the span's blocks.
     *
     * @param spanData the object's bytes from {@link BlockSpan#start()} to {@link BlockSpan#end()}, as a ranged read
     *                 returns them
     */
    public static BackupObjectReader open(InputStream spanData, ObjectHeader header, BlockSpan span,
            String objectName) {
        return open(spanData, header, span, objectName, KeyRing.NONE);
    }

    /** Reads the blocks of a span of an object that may be encrypted with one of {@code keys}. */
    public static BackupObjectReader open(InputStream spanData, ObjectHeader header, BlockSpan span,
            String objectName, KeyRing keys) {
        try {
            boolean whole = span.firstBlock() == 0 && span.endBlock() == header.blocks().size();
            if (span.isEmpty() || (!whole && !header.hasBlockIndex())) {
                throw new IllegalArgumentException("blocks " + span.firstBlock() + ".." + span.endBlock() + " of "
                        + objectName + " cannot be read on their own");
            }
            VerifyingInputStream data = new VerifyingInputStream(spanData, header.blocks(), span.firstBlock(),
                    span.endBlock());
            return new BackupObjectReader(objectName, header, data, span, keys);
        } catch (RuntimeException e) {
            closeQuietly(spanData, e);
            throw e;
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
        return readHeader(storage, key, bytesRead).summary();
    }

    /**
     * Reads the header of a stored object, with a small ranged read, widened when the header is longer.
     *
     * @param bytesRead told how many bytes each ranged read transferred
     */
    public static ObjectHeader readHeader(ObjectStorage storage, String key, LongConsumer bytesRead) {
        for (long range = FIRST_HEADER_READ_BYTES; ; range *= 16) {
            byte[] bytes;
            try (InputStream in = storage.getRange(key, 0, range)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read the header of backup object '" + key + "'", e);
            }
            bytesRead.accept(bytes.length);
            try {
                return ObjectHeader.read(new ByteArrayInputStream(bytes), key);
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
        if (blockRemaining > 0) {
            return true;
        }
        try {
            if (nextBlock < endBlock) {
                readBlock();
                return true;
            }
        } catch (IOException | RuntimeException e) {
            throw classify(objectName, e);
        }
        verifyEnd();
        return false;
    }

    @Override
    public BackupRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in backup object '" + objectName + "'");
        }
        BackupRecord decoded;
        try {
            decoded = records.read(null, blockRecords);
        } catch (IOException | RuntimeException e) {
            throw classify(objectName, e);
        }
        blockRemaining--;
        checkBelongs(decoded);
        if (blockEntry != null) {
            checkIndexed(decoded);
        }
        if (blockRemaining == 0) {
            checkBlockFullyRead();
        }
        recordsRead++;
        lastOffset = decoded.offset();
        return decoded;
    }

    /**
     * Reads the next block whole (its checksum is checked as its last byte passes, before anything is decoded) and
     * decompresses it. A block is its record count, its length, the compressed records and the file's sync marker.
     */
    private void readBlock() throws IOException {
        int block = nextBlock++;
        long count = framing.readLong();
        long length = framing.readLong();
        if (count <= 0 || length < 0 || length > header.blocks().lengths()[block]) {
            throw new CorruptObjectException(objectName, "has a malformed block " + (block + 1) + " of "
                    + header.blocks().size() + " (" + count + " records in " + length + " bytes)");
        }
        if (compressed.length < length) {
            compressed = new byte[(int) Math.max(length, compressed.length * 2L)];
        }
        framing.readFixed(compressed, 0, (int) length);
        framing.readFixed(syncScratch);
        if (!Arrays.equals(syncScratch, header.sync())) {
            throw new CorruptObjectException(objectName, "has a wrong sync marker after block " + (block + 1)
                    + ": it is damaged");
        }
        blockEntry = header.index() == null ? null : header.index().entry(block);
        if (blockEntry != null && blockEntry.recordCount() != count) {
            throw new CorruptObjectException(objectName, "holds " + count + " records in block " + (block + 1)
                    + " but its block index says " + blockEntry.recordCount());
        }
        ByteBuffer plain;
        if (cipher == null) {
            plain = decompressor.decompress(compressed, (int) length);
        } else {
            ByteBuffer decrypted;
            try {
                decrypted = cipher.decrypt(block, compressed, (int) length);
            } catch (AEADBadTagException e) {
                throw new CorruptObjectException(objectName, "has a block " + (block + 1) + " that fails its"
                        + " authentication: its bytes are not those written there with this object's key, so none of"
                        + " its records is read", e);
            }
            plain = decompressor.decompress(decrypted.array(), decrypted.limit());
        }
        blockRecords = DecoderFactory.get().binaryDecoder(plain.array(), plain.arrayOffset() + plain.position(),
                plain.remaining(), blockRecords);
        records.limitBytesTo(plain.remaining());
        blockCount = count;
        blockRemaining = count;
    }

    private void checkBlockFullyRead() {
        try {
            if (!blockRecords.isEnd()) {
                throw new CorruptObjectException(objectName, "has bytes after the last record of block "
                        + nextBlock + ": it is damaged");
            }
        } catch (IOException e) {
            throw classify(objectName, e);
        }
    }

    /** A record must lie where the block index says its block's records lie, or a ranged read could miss it. */
    private void checkIndexed(BackupRecord record) {
        boolean first = blockRemaining == blockCount - 1;
        boolean last = blockRemaining == 0;
        Long timestamp = record.timestamp();
        if ((first && record.offset() != blockEntry.firstOffset())
                || (last && record.offset() != blockEntry.lastOffset())
                || record.offset() < blockEntry.firstOffset() || record.offset() > blockEntry.lastOffset()
                || (timestamp != null && (blockEntry.minTimestamp() == null || timestamp < blockEntry.minTimestamp()
                        || timestamp > blockEntry.maxTimestamp()))) {
            throw new CorruptObjectException(objectName, "holds record " + record.offset() + " (timestamp "
                    + timestamp + ") in block " + nextBlock + " outside what its block index says of that block: "
                    + blockEntry);
        }
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
        if (recordsRead != expectedRecords || (recordsRead > 0 && lastOffset != expectedLastOffset)) {
            throw new CorruptObjectException(objectName, "holds " + recordsRead + " records up to offset "
                    + lastOffset + " but its header announces " + expectedRecords + " up to offset "
                    + expectedLastOffset);
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
            if (cause instanceof EncryptionKeyException key && cause == e) {
                return key; // a key to configure, not damage
            }
            if (cause instanceof StorageException storage) {
                return storage; // a store or key service that failed, such as KMS throttling: not damage
            }
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
        decompressor.close();
        try {
            data.close();
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
