package ch.tbd.kafka.backuprestore.format;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The Avro container header of a backup object, read byte-exactly from the front of a stream (Avro's own stream reader
 * reads ahead, which would hide where the checksummed data starts).
 *
 * @param bytes   the header as stored, to be handed on to Avro's reader
 * @param summary the object's summary from the header metadata
 * @param blocks  the length and checksum of each block
 */
record ObjectHeader(byte[] bytes, ObjectSummary summary, BlockTable blocks) {

    static ObjectHeader read(InputStream in, String objectName) {
        RecordingStream recording = new RecordingStream(in);
        BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(recording, null);
        Map<String, byte[]> meta = new HashMap<>();
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
            decoder.readFixed(new byte[DataFileConstants.SYNC_SIZE]);
        } catch (EOFException e) {
            throw new TruncatedHeaderException(objectName, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Failed to read the header of backup object '" + objectName + "'",
                    e);
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
        return new ObjectHeader(recording.recorded(), summary, blocks);
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
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            if (n > 0) {
                copy.write(target, offset, n);
            }
            return n;
        }

        byte[] recorded() {
            return copy.toByteArray();
        }
    }
}
