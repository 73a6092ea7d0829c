package ch.tbd.kafka.backuprestore.format;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The Avro container header of a backup object, read byte-exactly from the front of a stream (Avro's own stream reader
 * reads ahead, which would hide where the checksummed data starts).
 *
 * <p>Besides the summary, it tells where each block lies, its checksum and, in objects written with a block index,
 * which offsets and timestamps it holds: enough to fetch only the blocks a restore window needs ({@link #span}).
 */
public final class ObjectHeader {

    private static final String SCHEMA_KEY = "avro.schema";
    private static final String CURRENT_SCHEMA_TEXT = FormatSchema.CURRENT.toString();

    private final byte[] bytes;
    private final ObjectSummary summary;
    private final BlockTable blocks;
    private final BlockIndex index;
    private final byte[] sync;
    private final ObjectEncryption encryption;

    private ObjectHeader(byte[] bytes, ObjectSummary summary, BlockTable blocks, BlockIndex index, byte[] sync,
            ObjectEncryption encryption) {
        this.bytes = bytes;
        this.summary = summary;
        this.blocks = blocks;
        this.index = index;
        this.sync = sync;
        this.encryption = encryption;
    }

    /** How the blocks are encrypted; empty for a plain object. */
    public java.util.Optional<ObjectEncryption> encryption() {
        return java.util.Optional.ofNullable(encryption);
    }

    /** The compression of the blocks, under the encryption if any, by its Avro name. */
    String blockCodec() {
        return encryption == null ? summary.codec() : encryption.codec();
    }

    /** The object's summary from the header metadata. */
    public ObjectSummary summary() {
        return summary;
    }

    /** Bytes of the header as stored: the object's data starts right after them. */
    public int length() {
        return bytes.length;
    }

    /** Whether the header has a block index, so that {@link #span} can leave blocks out. */
    public boolean hasBlockIndex() {
        return index != null;
    }

    /**
     * The consecutive blocks that may hold records from offset {@code fromOffset} (inclusive) to {@code toOffset}
     * (exclusive) with timestamps the filter may accept; the blocks before and after hold none. Without a block index,
     * every block. Empty when no block qualifies.
     *
     * @param mayIncludeTimes told a block's smallest and largest timestamp, or nulls when its records have none
     */
    public BlockSpan span(long fromOffset, long toOffset, BiPredicate<Long, Long> mayIncludeTimes) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < blocks.size(); i++) {
            if (index == null || mayHold(index.entry(i), fromOffset, toOffset, mayIncludeTimes)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return BlockSpan.EMPTY;
        }
        long start = bytes.length + blocks.length(0, first);
        long records = 0;
        for (int i = first; i <= last; i++) {
            records += index == null ? 0 : index.entry(i).recordCount();
        }
        return new BlockSpan(first, last + 1, start, start + blocks.length(first, last + 1),
                index == null ? summary.recordCount() : records);
    }

    private static boolean mayHold(BlockIndex.Entry entry, long fromOffset, long toOffset,
            BiPredicate<Long, Long> mayIncludeTimes) {
        return entry.lastOffset() >= fromOffset && entry.firstOffset() < toOffset
                && mayIncludeTimes.test(entry.minTimestamp(), entry.maxTimestamp());
    }

    byte[] bytes() {
        return bytes;
    }

    BlockTable blocks() {
        return blocks;
    }

    /** The block index, or {@code null} for an object written without one. */
    BlockIndex index() {
        return index;
    }

    byte[] sync() {
        return sync;
    }

    static ObjectHeader read(InputStream in, String objectName) {
        RecordingStream recording = new RecordingStream(in);
        BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(recording, null);
        Map<String, byte[]> meta = new HashMap<>();
        byte[] sync = new byte[DataFileConstants.SYNC_SIZE];
        try {
            byte[] magic = new byte[DataFileConstants.MAGIC.length];
            decoder.readFixed(magic);
            if (!Arrays.equals(magic, DataFileConstants.MAGIC)) {
                throw new CorruptObjectException(objectName, "is not an Avro object container file (bad magic"
                        + " bytes): it was not written by Kafka Backup or is damaged");
            }
            for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
                for (long i = 0; i < n; i++) {
                    String key = decoder.readString();
                    meta.put(key, decoder.readBytes(null).array());
                }
            }
            decoder.readFixed(sync);
        } catch (EOFException e) {
            throw new TruncatedHeaderException(objectName, e);
        } catch (RecordingStream.SourceFailure e) {
            // The store or the network failed: reading again may succeed.
            throw new java.io.UncheckedIOException("Failed to read the header of backup object '" + objectName + "'",
                    e.cause());
        } catch (IOException e) {
            // Avro's decoder says the bytes themselves are wrong, such as a length that never ends.
            throw new CorruptObjectException(objectName, "has an unreadable header: " + e, e);
        } catch (RuntimeException e) {
            if (e instanceof CorruptObjectException) {
                throw e;
            }
            throw new CorruptObjectException(objectName, "has an unreadable header: " + e, e);
        }
        ObjectSummary summary = ObjectMetadata.read(meta, objectName);
        byte[] table = meta.get(FormatSchema.META_BLOCKS);
        if (table == null) {
            throw new CorruptObjectException(objectName, "has incomplete metadata: '" + FormatSchema.META_BLOCKS
                    + "' is missing");
        }
        BlockTable blocks = BlockTable.decode(table, objectName);
        if (blocks.totalLength() != summary.dataLength()) {
            throw new CorruptObjectException(objectName, "has a block table of " + blocks.totalLength()
                    + " bytes but announces " + summary.dataLength() + " data bytes");
        }
        checkSchema(meta, objectName);
        byte[] index = meta.get(FormatSchema.META_BLOCK_INDEX);
        byte[] encryption = meta.get(FormatSchema.META_ENCRYPTION);
        return new ObjectHeader(recording.recorded(), summary, blocks,
                index == null ? null : BlockIndex.decode(index, summary, blocks.size(), objectName), sync,
                encryption == null ? null : ObjectEncryption.parse(new String(encryption,
                        java.nio.charset.StandardCharsets.UTF_8), objectName));
    }

    /** Records are decoded by a reader made for the current schema; any other schema is refused before decoding. */
    private static void checkSchema(Map<String, byte[]> meta, String objectName) {
        byte[] schema = meta.get(SCHEMA_KEY);
        if (schema == null) {
            throw new CorruptObjectException(objectName, "has no Avro schema in its header");
        }
        String text = new String(schema, StandardCharsets.UTF_8);
        if (text.equals(CURRENT_SCHEMA_TEXT)) {
            return;
        }
        Schema parsed;
        try {
            parsed = new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new CorruptObjectException(objectName, "has an unreadable Avro schema in its header: " + e, e);
        }
        if (!FormatSchema.CURRENT.equals(parsed)) {
            throw new CorruptObjectException(objectName, "holds records of Avro schema " + parsed.getFullName()
                    + ", not the backup record schema this version reads: it was not written by Kafka Backup");
        }
    }

    /** The stream ended inside the header: a truncated object, or a ranged read too short for this header. */
    static final class TruncatedHeaderException extends CorruptObjectException {
        private static final long serialVersionUID = 1L;

        TruncatedHeaderException(String objectName, EOFException cause) {
            super(objectName, "is truncated inside its header", cause);
        }
    }

    /** Keeps a copy of every byte read through it. */
    private static final class RecordingStream extends FilterInputStream {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream(2048);

        RecordingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(target, offset, length);
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
            if (n > 0) {
                copy.write(target, offset, n);
            }
            return n;
        }

        /** A failure of the stream underneath, told apart from the decoder's complaints about the bytes it read. */
        static final class SourceFailure extends IOException {
            private static final long serialVersionUID = 1L;

            SourceFailure(IOException cause) {
                super(cause);
            }

            IOException cause() {
                return (IOException) getCause();
            }
        }

        byte[] recorded() {
            return copy.toByteArray();
        }
    }
}
