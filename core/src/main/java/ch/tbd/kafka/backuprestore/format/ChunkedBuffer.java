package ch.tbd.kafka.backuprestore.format;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An in-memory byte sink made of chunks that grow from small to 256 KiB, so that thousands of small objects cost little
 * and a large one is never copied into one contiguous array. Its content can be read back any number of times.
 *
 * <p>Chunks stay below half of G1's smallest region (1 MiB, the region size of heaps up to 2 GiB): a larger array is a
 * humongous object, allocated straight into old regions, and a backup allocates one for every megabyte it stores.
 */
final class ChunkedBuffer extends OutputStream {

    private static final int FIRST_CHUNK_BYTES = 4 * 1024;
    private static final int MAX_CHUNK_BYTES = 256 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int position;
    private long size;
    private long allocated;

    @Override
    public void write(int b) {
        ensureSpace();
        current[position++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            ensureSpace();
            int n = Math.min(length, current.length - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
            size += n;
        }
    }

    private void ensureSpace() {
        if (current == null || position == current.length) {
            int next = current == null ? FIRST_CHUNK_BYTES : Math.min(MAX_CHUNK_BYTES, current.length * 2);
            current = new byte[next];
            chunks.add(current);
            position = 0;
            allocated += next;
        }
    }

    long size() {
        return size;
    }

    /** Heap held, including the unused tail of the last chunk. */
    long allocatedBytes() {
        return allocated;
    }

    /** CRC-32C of the bytes from {@code start} to the end. */
    long crc32c(long start) {
        return crc32c(start, size);
    }

    /** CRC-32C of the bytes from {@code start} (inclusive) to {@code end} (exclusive). */
    long crc32c(long start, long end) {
        CRC32C crc = new CRC32C();
        long chunkStart = 0;
        for (byte[] chunk : chunks) {
            long chunkEnd = Math.min(chunkStart + chunk.length, end);
            if (chunkEnd > start && chunkStart < end) {
                int from = (int) Math.max(0, start - chunkStart);
                crc.update(chunk, from, (int) (chunkEnd - chunkStart) - from);
            }
            chunkStart += chunk.length;
        }
        return crc.getValue();
    }

    /** A stream over the bytes from {@code start} to the end as they are now. */
    InputStream openFrom(long start) {
        return new ChunkStream(start, size);
    }

    @Override
    public void close() {
        // Nothing to release; Avro closes its output when it is done with it.
    }

    private final class ChunkStream extends InputStream {
        private final long end;
        private long next;

        ChunkStream(long start, long end) {
            this.next = start;
            this.end = end;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (next >= end) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            // Find the chunk holding 'next'; chunk sizes double up to the maximum, so walk from the start.
            long chunkStart = 0;
            for (byte[] chunk : chunks) {
                if (next < chunkStart + chunk.length) {
                    int from = (int) (next - chunkStart);
                    int n = (int) Math.min(Math.min(length, chunk.length - from), end - next);
                    System.arraycopy(chunk, from, target, offset, n);
                    next += n;
                    return n;
                }
                chunkStart += chunk.length;
            }
            return -1;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - next);
        }
    }
}
