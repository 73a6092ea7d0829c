package ch.tbd.kafka.backuprestore.format;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The block an object writer encodes records into. When the block is full its array is handed to the compressor as
 * it is, and another takes its place, so that the compressor may still read the old one on its own thread. An array
 * the compressor is done with comes back ({@link #recycle}) and serves the next block: one spare at most, so that a
 * backup's blocks do not each allocate their size again.
 */
final class BlockBytes extends OutputStream {

    private static final int INITIAL_BYTES = 8 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int size;
    private byte[] spare;

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }

    int size() {
        return size;
    }

    /** Heap held: the block's array and the spare. */
    long heapBytes() {
        return bytes.length + (spare == null ? 0 : spare.length);
    }

    /**
     * The block's array, which the caller owns until it gives it back; this starts an empty block in the spare array,
     * or in a new one of the same size.
     */
    byte[] take() {
        byte[] taken = bytes;
        bytes = spare != null && spare.length >= taken.length ? spare : new byte[taken.length];
        spare = null;
        size = 0;
        return taken;
    }

    /** Takes back an array from {@link #take} that no one reads any more, as the spare if there is none. */
    void recycle(byte[] array) {
        if (spare == null && array != bytes) {
            spare = array;
        }
    }
}
