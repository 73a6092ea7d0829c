package ch.tbd.kafka.backuprestore.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.apache.avro.file.DataFileWriter;

/**
 * Writes objects the way the writer does but with a header that says whatever a test wants: the data part depends only
 * on the records, codec and sync marker, so it is written once to learn its length and checksum, then again behind the
 * doctored header.
 */
final class CraftedObjects {

    private static final byte[] SYNC = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private CraftedObjects() {}

    /** An object of {@code records}, in the given order, with the honest metadata as changed by {@code edit}. */
    static byte[] withMetadata(List<BackupRecord> records, Consumer<Map<String, String>> edit) {
        byte[] honest = avroFile(records, Map.of(), null);
        byte[] probeHeader = avroFile(List.of(), Map.of(), null);
        long dataLength = honest.length - probeHeader.length;
        CRC32C crc = new CRC32C();
        crc.update(honest, probeHeader.length, (int) dataLength);

        BackupRecord first = records.get(0);
        ObjectSummary summary = new ObjectSummary(FormatSchema.CURRENT_VERSION, first.topic(), first.partition(),
                first.offset(), records.get(records.size() - 1).offset(), records.size(),
                records.stream().map(BackupRecord::timestamp).filter(Objects::nonNull).min(Long::compare).orElse(null),
                records.stream().map(BackupRecord::timestamp).filter(Objects::nonNull).max(Long::compare).orElse(null),
                Codec.NONE.avroName(), dataLength, crc.getValue());
        Map<String, String> meta = new HashMap<>();
        ObjectMetadata.write(summary, meta::put);
        edit.accept(meta);

        // The records fit one block, so the block table is that one block.
        byte[] blocks = new BlockTable(new int[] {(int) dataLength}, new int[] {(int) crc.getValue()}).encode();
        byte[] crafted = avroFile(records, meta, blocks);
        byte[] craftedHeader = avroFile(List.of(), meta, blocks);
        if (!Arrays.equals(crafted, craftedHeader.length, crafted.length, honest, probeHeader.length, honest.length)) {
            throw new IllegalStateException("data part changed between writes");
        }
        return crafted;
    }

    private static byte[] avroFile(List<BackupRecord> records, Map<String, String> meta, byte[] blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<BackupRecord> writer = new DataFileWriter<>(new BackupRecordDatumWriter())) {
            writer.setCodec(org.apache.avro.file.CodecFactory.nullCodec());
            meta.forEach(writer::setMeta);
            if (blocks != null) {
                writer.setMeta(FormatSchema.META_BLOCKS, blocks);
            }
            writer.create(FormatSchema.CURRENT, out, SYNC);
            for (BackupRecord record : records) {
                writer.append(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
