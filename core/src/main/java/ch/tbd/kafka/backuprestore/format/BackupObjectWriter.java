package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.crypto.ObjectCipher;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.file.DataFileWriter;

/**
 * Builds one backup object for one topic-partition in memory, compressed block by block as records arrive.
 *
 * <p>An Avro container file carries its metadata in a header at the start, but the summary (last offset, record count,
 * timestamps, checksum) is only known at the end. So the blocks are written after a provisional header, and
 * {@link #finish()} writes the real header with the same sync marker and codec and serves it in front of the blocks:
 * the result is a standard Avro file whose header tells a reader what is inside without reading the rest.
 */
public final class BackupObjectWriter {

    /** Fixed heap of an open writer besides its block buffer, measured: encoders, codec state, first chunk. */
    private static final int FIXED_OVERHEAD_BYTES = 8 * 1024;

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
    private final DataFileWriter<BackupRecord> avro;
    private final long provisionalHeaderLength;

    private long recordCount;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private boolean hasTimestamp;
    private long minTimestamp;
    private long maxTimestamp;
    private final BlockIndex.Builder index = new BlockIndex.Builder();
    private long pendingBlockBytes;
    /** Where each written block ends in {@code blocks}; a block reaches the buffer whole, within one append. */
    private long[] blockEnds = new long[16];
    private int blockCount;
    private long blocksSizeAtLastAppend;
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
        this.avro = newAvroWriter();
        try {
            avro.create(FormatSchema.CURRENT, blocks, syncMarker);
            avro.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.provisionalHeaderLength = blocks.size();
        this.blocksSizeAtLastAppend = blocks.size();
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
            avro.append(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (blocks.size() != blocksSizeAtLastAppend) {
            // Avro wrote out a compressed block, ending with this record: what was pending is now in 'blocks'.
            markBlockEnd();
            pendingBlockBytes = 0;
        }
        pendingBlockBytes += record.estimatedSizeBytes();
    }

    private void markBlockEnd() {
        if (blockCount == blockEnds.length) {
            blockEnds = java.util.Arrays.copyOf(blockEnds, blockCount * 2);
        }
        blockEnds[blockCount++] = blocks.size();
        blocksSizeAtLastAppend = blocks.size();
        index.endBlock();
    }

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
        return blocks.size() + pendingBlockBytes;
    }

    /** Approximate heap held by this writer. */
    public long heapBytes() {
        // Avro allocates its block buffer at 1.25 times the block size up front.
        return blocks.allocatedBytes() + pendingBlockBytes + blockSizeBytes + blockSizeBytes / 4
                + FIXED_OVERHEAD_BYTES;
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
            avro.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (ownsCompressor) {
                compressor.close();
            }
        }
        if (blocks.size() != blocksSizeAtLastAppend) {
            markBlockEnd();
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
