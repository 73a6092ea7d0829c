package ch.tbd.kafka.backuprestore.format;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The block an object writer encodes records into. When the block is full its array is handed to the compressor as
 * it is, and a new one takes its place, so that the compressor may still read the old one on its own thread.
 */
final class BlockBytes extends OutputStream {

    private static final int INITIAL_BYTES = 8 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int size;

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

    int capacity() {
        return bytes.length;
    }

    /** The block's array, which the caller now owns; this starts an empty block in a new array of the same size. */
    byte[] take() {
        byte[] taken = bytes;
        bytes = new byte[taken.length];
        size = 0;
        return taken;
    }
}
