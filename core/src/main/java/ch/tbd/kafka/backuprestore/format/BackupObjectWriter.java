package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.crypto.ObjectCipher;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Builds one backup object for one topic-partition in memory, compressed block by block as records arrive.
 *
 * <p>Records are encoded into a block; a full block goes to the compressor, which may compress it on a thread of its
 * own ({@link BlockCompressor#inBackground}) while the next block fills, and compressed blocks are framed into the
 * file in their order (record count, size, data, sync marker, as Avro's container format has them). At most
 * {@value #BLOCKS_IN_COMPRESSION} blocks of an object wait for compression; the caller waits past that.
 *
 * <p>An Avro container file carries its metadata in a header at the start, but the summary (last offset, record count,
 * timestamps, checksum) is only known at the end. So the blocks are written after a provisional header, and
 * {@link #finish()} writes the real header with the same sync marker and codec and serves it in front of the blocks:
 * the result is a standard Avro file whose header tells a reader what is inside without reading the rest.
 */
public final class BackupObjectWriter {

    /** Fixed heap of an open writer besides its block buffer, measured: encoders, codec state, first chunk. */
    private static final int FIXED_OVERHEAD_BYTES = 8 * 1024;
    /** Blocks of one object handed to the compressor and not yet framed, before an append waits for the oldest. */
    private static final int BLOCKS_IN_COMPRESSION = 4;

    private final String topic;
    private final int partition;
    private final Codec codec;
    private final BlockCompressor compressor;
    /** Encrypts the blocks of this object; null when objects are not encrypted. */
    private final ObjectCipher cipher;
    private final boolean ownsCompressor;
    private final int blockSizeBytes;
    private final byte[] syncMarker = new byte[16];
    private final ChunkedBuffer blocks = new ChunkedBuffer();
    private final long provisionalHeaderLength;
    private final BackupRecordDatumWriter datumWriter = new BackupRecordDatumWriter();
    private final BlockBytes block = new BlockBytes();
    private final BinaryEncoder recordEncoder = EncoderFactory.get().directBinaryEncoder(block, null);
    private final BinaryEncoder frameEncoder;
    private final ArrayDeque<PendingBlock> inCompression = new ArrayDeque<>();
    /** Encoded bytes of the blocks in {@code inCompression}. */
    private long compressingBytes;
    private long blockRecords;
    private int blocksCut;

    private long recordCount;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private boolean hasTimestamp;
    private long minTimestamp;
    private long maxTimestamp;
    private final BlockIndex.Builder index = new BlockIndex.Builder();
    /** Where each framed block ends in {@code blocks}. */
    private long[] blockEnds = new long[16];
    private int blockCount;
    private boolean finished;
    private String topicId;
    private long firstRecordDigest;

    /** A writer with a compressor of its own, released when the object is finished. */
    public BackupObjectWriter(String topic, int partition, Codec codec, int blockSizeBytes) {
        this(topic, partition, new BlockCompressor(codec), true, blockSizeBytes);
    }

    /**
     * A writer that compresses with a compressor shared with the other objects of one backup writer, used from the
     * same thread.
     */
    public BackupObjectWriter(String topic, int partition, BlockCompressor compressor, int blockSizeBytes) {
        this(topic, partition, compressor, false, blockSizeBytes);
    }

    private BackupObjectWriter(String topic, int partition, BlockCompressor compressor, boolean ownsCompressor,
            int blockSizeBytes) {
        this.topic = topic;
        this.partition = partition;
        this.codec = compressor.codec();
        this.compressor = compressor;
        this.cipher = compressor.newObjectCipher();
        this.ownsCompressor = ownsCompressor;
        this.blockSizeBytes = blockSizeBytes;
        ThreadLocalRandom.current().nextBytes(syncMarker);
        try (DataFileWriter<BackupRecord> provisional = newAvroWriter()) {
            provisional.create(FormatSchema.CURRENT, blocks, syncMarker);
            provisional.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.provisionalHeaderLength = blocks.size();
        this.frameEncoder = EncoderFactory.get().directBinaryEncoder(blocks, null);
    }

    private DataFileWriter<BackupRecord> newAvroWriter() {
        DataFileWriter<BackupRecord> writer = new DataFileWriter<>(new BackupRecordDatumWriter());
        writer.setCodec(compressor.avroFactory(cipher));
        writer.setSyncInterval(blockSizeBytes);
        return writer;
    }

    /** Appends a record of this writer's topic-partition, with an offset above every offset appended before. */
    public void append(BackupRecord record) {
        if (finished) {
            throw new IllegalStateException("object already finished");
        }
        if (record.partition() != partition || !record.topic().equals(topic)) {
            throw new IllegalArgumentException("record of " + record.topic() + "-" + record.partition()
                    + " appended to an object of " + topic + "-" + partition);
        }
        if (record.offset() <= lastOffset) {
            throw new IllegalArgumentException("offset " + record.offset() + " of " + topic + "-" + partition
                    + " is not above the last appended offset " + lastOffset);
        }
        try {
            datumWriter.write(record, recordEncoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        blockRecords++;
        if (recordCount == 0) {
            firstOffset = record.offset();
            firstRecordDigest = RecordDigest.of(record);
        }
        recordCount++;
        lastOffset = record.offset();
        Long timestamp = record.timestamp();
        if (timestamp != null) {
            long value = timestamp;
            minTimestamp = hasTimestamp ? Math.min(minTimestamp, value) : value;
            maxTimestamp = hasTimestamp ? Math.max(maxTimestamp, value) : value;
            hasTimestamp = true;
        }
        index.add(record.offset(), timestamp);
        if (block.size() >= blockSizeBytes) {
            cutBlock();
        }
        frameCompressed(false);
    }

    /** Hands the filled block to the compressor; the index's block ends with the last record appended. */
    private void cutBlock() {
        index.endBlock();
        int length = block.size();
        byte[] raw = block.take();
        inCompression.add(new PendingBlock(blockRecords, raw, length,
                compressor.compressInBackground(cipher, blocksCut++, raw, length)));
        compressingBytes += length;
        blockRecords = 0;
        if (inCompression.size() > BLOCKS_IN_COMPRESSION) {
            frame(inCompression.poll());
        }
    }

    /** Frames the blocks whose compression is done, in order; with {@code all}, waits for every block. */
    private void frameCompressed(boolean all) {
        while (!inCompression.isEmpty() && (all || inCompression.peek().compressed().isDone())) {
            frame(inCompression.poll());
        }
    }

    private void frame(PendingBlock pending) {
        byte[] data;
        compressingBytes -= pending.encodedBytes();
        try {
            data = pending.compressed().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while compressing a block of " + topic + "-" + partition, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Compressing a block of " + topic + "-" + partition + " failed",
                    e.getCause());
        }
        // The compressor is done with the block's array: the next block is encoded into it.
        block.recycle(pending.raw());
        try {
            frameEncoder.writeLong(pending.records());
            frameEncoder.writeLong(data.length);
            frameEncoder.writeFixed(data);
            frameEncoder.writeFixed(syncMarker);
            frameEncoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (blockCount == blockEnds.length) {
            blockEnds = java.util.Arrays.copyOf(blockEnds, blockCount * 2);
        }
        blockEnds[blockCount++] = blocks.size();
    }

    /**
     * A block handed to the compressor: its record count, its encoded bytes (in {@code raw}, which the compressor
     * reads until it is done), and its compressed bytes to come.
     */
    private record PendingBlock(long records, byte[] raw, int encodedBytes, Future<byte[]> compressed) {}

    private BlockTable blockTable() {
        int[] lengths = new int[blockCount];
        int[] crcs = new int[blockCount];
        long start = provisionalHeaderLength;
        for (int i = 0; i < blockCount; i++) {
            lengths[i] = (int) (blockEnds[i] - start);
            crcs[i] = (int) blocks.crc32c(start, blockEnds[i]);
            start = blockEnds[i];
        }
        return new BlockTable(lengths, crcs);
    }

    public String topic() {
        return topic;
    }

    /** Records Kafka's id of the topic in the header, so that readers can tell incarnations of a topic apart. */
    public void topicId(String id) {
        this.topicId = id;
    }

    public int partition() {
        return partition;
    }

    public long recordCount() {
        return recordCount;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    public Long minTimestamp() {
        return hasTimestamp ? minTimestamp : null;
    }

    public Long maxTimestamp() {
        return hasTimestamp ? maxTimestamp : null;
    }

    /** Approximate size of the finished object: compressed blocks written plus the block being filled. */
    public long encodedSizeBytes() {
        return blocks.size() + compressingBytes + block.size();
    }

    /** Approximate heap held by this writer. */
    public long heapBytes() {
        // The block being filled, those being compressed, and the compressed ones.
        return blocks.allocatedBytes() + compressingBytes + block.heapBytes() + FIXED_OVERHEAD_BYTES;
    }

    /** Completes the object. The writer accepts no more records; its content stays readable until dropped. */
    public FinishedObject finish() {
        if (recordCount == 0) {
            throw new IllegalStateException("an object needs at least one record");
        }
        if (finished) {
            throw new IllegalStateException("object already finished");
        }
        finished = true;
        try {
            if (blockRecords > 0) {
                cutBlock();
            }
            frameCompressed(true);
        } finally {
            if (ownsCompressor) {
                compressor.close();
            }
        }
        long dataLength = blocks.size() - provisionalHeaderLength;
        ObjectSummary summary = new ObjectSummary(FormatSchema.CURRENT_VERSION, topic, partition, firstOffset,
                lastOffset, recordCount, minTimestamp(), maxTimestamp(), codec.avroName(), dataLength,
                blocks.crc32c(provisionalHeaderLength), topicId);
        byte[] header = header(summary, blockTable());
        ObjectContent content = new ObjectContent() {
            @Override
            public long length() {
                return header.length + dataLength;
            }

            @Override
            public InputStream open() {
                return new SequenceInputStream(new java.io.ByteArrayInputStream(header),
                        blocks.openFrom(provisionalHeaderLength));
            }
        };
        return new FinishedObject(summary, content, firstRecordDigest);
    }

    private byte[] header(ObjectSummary summary, BlockTable table) {
        DataFileWriter<BackupRecord> headerWriter = newAvroWriter();
        ObjectMetadata.write(summary, headerWriter::setMeta);
        headerWriter.setMeta(FormatSchema.META_BLOCKS, table.encode());
        headerWriter.setMeta(FormatSchema.META_BLOCK_INDEX, index.build().encode());
        if (cipher != null) {
            headerWriter.setMeta(FormatSchema.META_ENCRYPTION, ObjectEncryption.of(cipher, codec).toMeta());
        }
        ChunkedBuffer header = new ChunkedBuffer();
        try {
            headerWriter.create(FormatSchema.CURRENT, header, syncMarker);
            headerWriter.close();
            return header.openFrom(0).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A completed object: what it holds and its bytes, ready to store.
     *
     * @param firstRecordDigest {@link RecordDigest} of its first record, to tell whether another object of the same
     *                          name holds the same records
     */
    public record FinishedObject(ObjectSummary summary, ObjectContent content, long firstRecordDigest) {}
}
