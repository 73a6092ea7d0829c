package ch.tbd.kafka.backuprestore.format;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The length and CRC-32C of every Avro block of an object, kept in its header.
 *
 * <p>The whole-object checksum is only known once the last byte is read, too late for a restore that streams: records
 * of a damaged object would be written before the damage shows. Avro reads a whole block, up to its sync marker, before
 * it decodes any record of it, so checking each block as its last byte passes means no record of a damaged block is
 * ever handed out.
 */
record BlockTable(int[] lengths, int[] crcs) {

    private static final int ENTRY_BYTES = Integer.BYTES + Integer.BYTES;

    int size() {
        return lengths.length;
    }

    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(lengths.length * ENTRY_BYTES);
        for (int i = 0; i < lengths.length; i++) {
            buffer.putInt(lengths[i]).putInt(crcs[i]);
        }
        return buffer.array();
    }

    static BlockTable decode(byte[] encoded, String objectName) {
        if (encoded.length % ENTRY_BYTES != 0) {
            throw new CorruptObjectException(objectName, "has a malformed block table in its header");
        }
        int blocks = encoded.length / ENTRY_BYTES;
        int[] lengths = new int[blocks];
        int[] crcs = new int[blocks];
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        for (int i = 0; i < blocks; i++) {
            lengths[i] = buffer.getInt();
            crcs[i] = buffer.getInt();
            if (lengths[i] <= 0) {
                throw new CorruptObjectException(objectName, "has a malformed block table in its header");
            }
        }
        return new BlockTable(lengths, crcs);
    }

    long totalLength() {
        return length(0, lengths.length);
    }

    /** Bytes of blocks {@code first} to {@code end} (exclusive). */
    long length(int first, int end) {
        long total = 0;
        for (int i = first; i < end; i++) {
            total += lengths[i];
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockTable table && Arrays.equals(lengths, table.lengths)
                && Arrays.equals(crcs, table.crcs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengths) + Arrays.hashCode(crcs);
    }

    @Override
    public String toString() {
        return "BlockTable[" + lengths.length + " blocks]";
    }
}
