package ch.tbd.kafka.backuprestore.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import org.apache.avro.file.CodecFactory;

/**
 * Compresses the blocks of the objects one backup writer builds, from one thread.
 *
 * <p>Avro's zstandard codec opens a zstd stream for every block: a fresh compression context, sized for input of
 * unknown length, set up and torn down 64 KiB at a time. In profiles of a backup that set-up took about as long as the
 * compression itself. This compressor keeps one context and one output buffer for all blocks of all objects of its
 * writer, compresses each block in one call with its size known, and writes the same standard zstd frames, so any Avro
 * reader still reads the objects. It plugs into Avro's writer through Avro's own codec extension point. Other codecs
 * are Avro's.
 */
public final class BlockCompressor implements AutoCloseable {

    /** zstd's own default level: most of the ratio at a fraction of the CPU of higher levels. */
    private static final int ZSTD_LEVEL = 3;

    private final Codec codec;
    private ZstdCompressCtx context;
    private byte[] out = new byte[0];

    public BlockCompressor(Codec codec) {
        this.codec = codec;
    }

    public Codec codec() {
        return codec;
    }

    /** The factory to give Avro's writer: every codec it makes shares this compressor's context and buffer. */
    CodecFactory avroFactory() {
        return switch (codec) {
            case NONE -> CodecFactory.nullCodec();
            case DEFLATE -> CodecFactory.deflateCodec(6);
            case ZSTD -> new CodecFactory() {
                @Override
                protected org.apache.avro.file.Codec createInstance() {
                    return new ZstdBlockCodec();
                }
            };
        };
    }

    /**
     * Compresses one block into the shared buffer. The result starts at index 0 of its array, as Avro's writer
     * expects, and is valid until the next call.
     */
    private ByteBuffer compressZstd(ByteBuffer block) {
        if (context == null) {
            context = new ZstdCompressCtx().setLevel(ZSTD_LEVEL).setChecksum(false);
        }
        int bound = (int) Zstd.compressBound(block.remaining());
        if (out.length < bound) {
            out = new byte[bound];
        }
        int n = context.compressByteArray(out, 0, out.length, block.array(), block.arrayOffset() + block.position(),
                block.remaining());
        return ByteBuffer.wrap(out, 0, n);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Avro's view of the compressor: named "zstandard", so headers and readers see the standard codec. */
    private final class ZstdBlockCodec extends org.apache.avro.file.Codec {

        @Override
        public String getName() {
            return Codec.ZSTD.avroName();
        }

        @Override
        public ByteBuffer compress(ByteBuffer uncompressed) {
            return compressZstd(uncompressed);
        }

        @Override
        public ByteBuffer decompress(ByteBuffer compressed) {
            throw new UnsupportedOperationException("blocks are decompressed by the backup object reader");
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
