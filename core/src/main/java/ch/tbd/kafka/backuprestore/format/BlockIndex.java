package ch.tbd.kafka.backuprestore.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The offsets and timestamps of every Avro block of an object, kept in its header next to the {@link BlockTable}.
 *
 * <p>A point-in-time restore wants a sliver of an object: with this index it fetches only the blocks whose offsets and
 * timestamps may fall in its window, in one ranged read, instead of the whole object. Entries are stored as Avro
 * variable-length longs, each relative to the one before, so the index costs a few bytes a block.
 */
record BlockIndex(List<Entry> entries) {

    /**
     * @param minTimestamp smallest timestamp in the block, or {@code null} when no record in it has one
     * @param maxTimestamp largest timestamp in the block, or {@code null} when no record in it has one
     */
    record Entry(long recordCount, long firstOffset, long lastOffset, Long minTimestamp, Long maxTimestamp) {}

    int size() {
        return entries.size();
    }

    Entry entry(int block) {
        return entries.get(block);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 8);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            long previousLast = 0;
            long previousMin = 0;
            for (Entry entry : entries) {
                out.writeLong(entry.recordCount());
                out.writeLong(entry.firstOffset() - previousLast);
                out.writeLong(entry.lastOffset() - entry.firstOffset());
                out.writeBoolean(entry.minTimestamp() != null);
                if (entry.minTimestamp() != null) {
                    out.writeLong(entry.minTimestamp() - previousMin);
                    out.writeLong(entry.maxTimestamp() - entry.minTimestamp());
                    previousMin = entry.minTimestamp();
                }
                previousLast = entry.lastOffset();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an index and checks it against the object's summary and block table, so that a reader never skips
     * records on the word of a damaged index.
     */
    static BlockIndex decode(byte[] encoded, ObjectSummary summary, int blocks, String objectName) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(encoded, null);
        List<Entry> entries = new ArrayList<>(blocks);
        try {
            long previousLast = 0;
            long previousMin = 0;
            long records = 0;
            while (!in.isEnd()) {
                long count = in.readLong();
                long first = previousLast + in.readLong();
                long last = first + in.readLong();
                Long min = null;
                Long max = null;
                if (in.readBoolean()) {
                    min = previousMin + in.readLong();
                    max = min + in.readLong();
                    previousMin = min;
                }
                boolean ordered = entries.isEmpty() ? first == summary.firstOffset() : first > previousLast;
                if (count <= 0 || last < first || count - 1 > last - first || !ordered
                        || (max != null && max < min)) {
                    throw malformed(objectName, "its entry for block " + (entries.size() + 1) + " is inconsistent");
                }
                entries.add(new Entry(count, first, last, min, max));
                records += count;
                previousLast = last;
            }
            if (entries.size() != blocks || records != summary.recordCount()
                    || (blocks > 0 && previousLast != summary.lastOffset())) {
                throw malformed(objectName, "it describes " + entries.size() + " blocks, " + records
                        + " records up to offset " + previousLast + " but the header announces " + blocks + " blocks, "
                        + summary.recordCount() + " records up to offset " + summary.lastOffset());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptObjectException corrupt) {
                throw corrupt;
            }
            throw malformed(objectName, "it cannot be decoded (" + e + ")");
        }
        return new BlockIndex(List.copyOf(entries));
    }

    private static CorruptObjectException malformed(String objectName, String why) {
        return new CorruptObjectException(objectName, "has a malformed block index in its header: " + why);
    }

    /** Collects the entries while an object is written, one block at a time. */
    static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private long recordCount;
        private long firstOffset;
        private long lastOffset;
        private boolean hasTimestamp;
        private long minTimestamp;
        private long maxTimestamp;

        /** Counts a record into the block being filled. */
        void add(long offset, Long timestamp) {
            if (recordCount == 0) {
                firstOffset = offset;
            }
            recordCount++;
            lastOffset = offset;
            if (timestamp != null) {
                long value = timestamp;
                minTimestamp = hasTimestamp ? Math.min(minTimestamp, value) : value;
                maxTimestamp = hasTimestamp ? Math.max(maxTimestamp, value) : value;
                hasTimestamp = true;
            }
        }

        /** The block being filled was written out: its entry is complete. */
        void endBlock() {
            entries.add(new Entry(recordCount, firstOffset, lastOffset, hasTimestamp ? minTimestamp : null,
                    hasTimestamp ? maxTimestamp : null));
            recordCount = 0;
            hasTimestamp = false;
        }

        BlockIndex build() {
            return new BlockIndex(List.copyOf(entries));
        }
    }
}
