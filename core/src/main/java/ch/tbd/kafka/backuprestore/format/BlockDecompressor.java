package ch.tbd.kafka.backuprestore.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the blocks of one object, one at a time.
 *
 * <p>Avro's own codecs allocate fresh buffers for every block (and zstd's stream buffers with them), which made the
 * garbage collector the largest consumer of a restore's CPU. The zstd and null codecs here reuse one output buffer for
 * all blocks of an object, and so does deflate (Avro's raw deflate). These are the codecs Kafka Backup writes; an
 * object with another is refused by name. A result is valid until the next call.
 */
abstract class BlockDecompressor implements AutoCloseable {

    /** Largest decompressed block accepted: far above any block the writer makes, even with one huge record. */
    static final int MAX_BLOCK_BYTES = 1 << 30;

    static BlockDecompressor forCodec(String avroName, String objectName) {
        return switch (avroName) {
            case "null" -> new Uncompressed();
            case "zstandard" -> new Zstandard();
            case "deflate" -> new Deflate();
            default -> throw new CorruptObjectException(objectName, "is compressed with codec '" + avroName
                    + "', which Kafka Backup does not write (it writes null, deflate and zstandard)");
        };
    }

    abstract ByteBuffer decompress(byte[] compressed, int length) throws IOException;

    @Override
    public void close() {}

    private static final class Uncompressed extends BlockDecompressor {
        @Override
        ByteBuffer decompress(byte[] compressed, int length) {
            return ByteBuffer.wrap(compressed, 0, length);
        }
    }

    private static final class Zstandard extends BlockDecompressor {
        private final ZstdDecompressCtx context = new ZstdDecompressCtx();
        private byte[] out = new byte[256 * 1024];

        @Override
        ByteBuffer decompress(byte[] compressed, int length) throws IOException {
            while (true) {
                try {
                    int n = context.decompressByteArray(out, 0, out.length, compressed, 0, length);
                    return ByteBuffer.wrap(out, 0, n);
                } catch (ZstdException e) {
                    // The writer does not record a block's decompressed size, so the buffer grows until it fits.
                    if (e.getErrorCode() != Zstd.errDstSizeTooSmall() || out.length >= MAX_BLOCK_BYTES) {
                        throw new IOException("zstd cannot decompress the block: " + e.getMessage(), e);
                    }
                    out = new byte[Math.min(MAX_BLOCK_BYTES, out.length * 2)];
                }
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private static final class Deflate extends BlockDecompressor {
        private final Inflater inflater = new Inflater(true);
        private byte[] out = new byte[256 * 1024];

        @Override
        ByteBuffer decompress(byte[] compressed, int length) throws IOException {
            inflater.reset();
            inflater.setInput(compressed, 0, length);
            int n = 0;
            try {
                while (!inflater.finished()) {
                    if (n == out.length) {
                        if (out.length >= MAX_BLOCK_BYTES) {
                            throw new IOException("the block inflates to more than " + MAX_BLOCK_BYTES + " bytes");
                        }
                        out = Arrays.copyOf(out, Math.min(MAX_BLOCK_BYTES, out.length * 2));
                    }
                    int inflated = inflater.inflate(out, n, out.length - n);
                    if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new IOException("the deflate stream of the block ends early");
                    }
                    n += inflated;
                }
            } catch (DataFormatException e) {
                throw new IOException("deflate cannot decompress the block: " + e.getMessage(), e);
            }
            return ByteBuffer.wrap(out, 0, n);
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
