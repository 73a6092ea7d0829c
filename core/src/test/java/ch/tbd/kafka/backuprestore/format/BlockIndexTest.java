package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.assertSameRecords;
import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The block index in the header says which offsets and timestamps each block holds, so that a restore window fetches
 * only some blocks. Every record read must be where the index says, or a ranged read could miss records.
 */
class BlockIndexTest {

    private static final String OBJECT_NAME = "backup/t/0/t-0-00000000000000000100.avro";
    private static final List<BackupRecord> RECORDS = TestObjects.incompressibleRecords("t", 0, 100, 400);

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldIndexEveryBlockSoThatEachCanBeReadAlone(Codec codec) {
        byte[] object = TestObjects.bytes(TestObjects.write(codec, TestObjects.SMALL_BLOCK_BYTES, RECORDS).content());
        ObjectHeader header = header(object);

        assertThat(header.hasBlockIndex()).isTrue();
        assertThat(header.index().size()).isEqualTo(header.blocks().size()).isGreaterThan(10);
        int next = 0;
        for (int block = 0; block < header.blocks().size(); block++) {
            BlockIndex.Entry entry = header.index().entry(block);
            List<BackupRecord> expected = RECORDS.subList(next, next + (int) entry.recordCount());
            assertThat(entry.firstOffset()).isEqualTo(expected.get(0).offset());
            assertThat(entry.lastOffset()).isEqualTo(expected.get(expected.size() - 1).offset());
            assertThat(entry.minTimestamp()).isEqualTo(expected.get(0).timestamp());
            assertThat(entry.maxTimestamp()).isEqualTo(expected.get(expected.size() - 1).timestamp());

            BlockSpan span = header.span(entry.firstOffset(), entry.lastOffset() + 1, (min, max) -> true);
            assertThat(span.firstBlock()).isEqualTo(block);
            assertThat(span.endBlock()).isEqualTo(block + 1);
            assertSameRecords(read(object, header, span), expected);
            next += (int) entry.recordCount();
        }
        assertThat(next).isEqualTo(RECORDS.size());
    }

    @Test
    void shouldReadOnlyTheBlocksThatMayHoldATimeWindow() {
        byte[] object = TestObjects.bytes(TestObjects.write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, RECORDS)
                .content());
        ObjectHeader header = header(object);
        long from = RECORDS.get(200).timestamp();
        long to = RECORDS.get(210).timestamp();

        BlockSpan span = header.span(Long.MIN_VALUE, Long.MAX_VALUE, (min, max) -> min < to && max >= from);
        List<BackupRecord> read = read(object, header, span);

        assertThat(read).extracting(BackupRecord::offset).contains(300L, 309L);
        assertThat(read.size()).isLessThan(RECORDS.size() / 10);
        assertThat(span.length()).isLessThan((object.length - header.length()) / 10);
        assertThat(span.records()).isEqualTo(read.size());
    }

    @Test
    void shouldFindNoBlockForAWindowBetweenBlocks() {
        byte[] object = TestObjects.bytes(TestObjects.write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, RECORDS)
                .content());

        BlockSpan span = header(object).span(0, 100, (min, max) -> true);

        assertThat(span.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseARecordOutsideWhatTheIndexSaysOfItsBlock() {
        byte[] object = TestObjects.bytes(TestObjects.write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, RECORDS)
                .content());
        BlockIndex honest = header(object).index();
        List<BlockIndex.Entry> entries = new ArrayList<>(honest.entries());
        BlockIndex.Entry second = entries.get(1);
        // Claims the second block's records are younger than they are: a time window would wrongly skip the block.
        entries.set(1, new BlockIndex.Entry(second.recordCount(), second.firstOffset(), second.lastOffset(),
                second.minTimestamp() + 1, second.maxTimestamp()));
        byte[] lying = withIndex(object, new BlockIndex(entries).encode());

        assertThatThrownBy(() -> readAll(lying, OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(OBJECT_NAME)
                .hasMessageContaining("block index");
    }

    @Test
    void shouldRefuseAnIndexThatDoesNotAddUpToTheHeader() {
        byte[] object = TestObjects.bytes(TestObjects.write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, RECORDS)
                .content());
        List<BlockIndex.Entry> entries = new ArrayList<>(header(object).index().entries());
        entries.remove(entries.size() - 1);
        byte[] incomplete = withIndex(object, new BlockIndex(entries).encode());

        assertThatThrownBy(() -> readAll(incomplete, OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(OBJECT_NAME)
                .hasMessageContaining("malformed block index");
    }

    @Test
    void shouldReadAnObjectWithoutIndexWhole() {
        byte[] object = TestObjects.bytes(TestObjects.write(Codec.ZSTD, TestObjects.SMALL_BLOCK_BYTES, RECORDS)
                .content());
        byte[] older = withIndex(object, null);
        ObjectHeader header = header(older);

        BlockSpan span = header.span(300, 301, (min, max) -> true);

        assertThat(header.hasBlockIndex()).isFalse();
        assertThat(span.firstBlock()).isZero();
        assertThat(span.endBlock()).isEqualTo(header.blocks().size());
        assertSameRecords(read(older, header, span), RECORDS);
        assertSameRecords(readAll(older, OBJECT_NAME), RECORDS);
    }

    private static ObjectHeader header(byte[] object) {
        return ObjectHeader.read(new ByteArrayInputStream(object), OBJECT_NAME);
    }

    private static List<BackupRecord> read(byte[] object, ObjectHeader header, BlockSpan span) {
        List<BackupRecord> records = new ArrayList<>();
        byte[] range = Arrays.copyOfRange(object, (int) span.start(), (int) span.end());
        try (BackupObjectReader reader = BackupObjectReader.open(new ByteArrayInputStream(range), header, span,
                OBJECT_NAME)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    /**
     * The object with another block index (none for {@code null}) and everything else as it was: a header written anew
     * with the same metadata and sync marker, followed by the same blocks.
     */
    private static byte[] withIndex(byte[] object, byte[] index) {
        int headerLength = header(object).length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileStream<GenericRecord> original = new DataFileStream<>(new ByteArrayInputStream(object),
                new GenericDatumReader<>());
                DataFileWriter<BackupRecord> writer = new DataFileWriter<>(new BackupRecordDatumWriter())) {
            for (String key : original.getMetaKeys()) {
                if (!key.startsWith("avro.") && !key.equals(FormatSchema.META_BLOCK_INDEX)) {
                    writer.setMeta(key, original.getMeta(key));
                }
            }
            if (index != null) {
                writer.setMeta(FormatSchema.META_BLOCK_INDEX, index);
            }
            writer.setCodec(org.apache.avro.file.CodecFactory.fromString(original.getMetaString("avro.codec")));
            writer.create(FormatSchema.CURRENT, out, Arrays.copyOfRange(object, headerLength - 16, headerLength));
            writer.flush();
            out.write(object, headerLength, object.length - headerLength);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
