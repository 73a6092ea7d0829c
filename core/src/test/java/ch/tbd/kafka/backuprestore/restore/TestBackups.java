package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.IncarnationResolver;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/** Writes backups with the real {@link BackupWriter}, as the backup connector would. */
final class TestBackups {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    private TestBackups() {}

    static void write(ObjectStorage storage, BackupLayout layout, int flushSize, List<BackupRecord> records) {
        write(storage, layout, flushSize, records, null);
    }

    /** Writes the records as the backup of the topic whose id is {@code topicId}, in its incarnation's place. */
    static void write(ObjectStorage storage, BackupLayout layout, int flushSize, List<BackupRecord> records,
            String topicId) {
        try (BackupWriter writer = new BackupWriter(storage, layout, Codec.ZSTD,
                new RotationPolicy(flushSize, -1, -1, Long.MAX_VALUE), Long.MAX_VALUE, 64 * 1024, CLOCK)) {
            records.stream().map(BackupRecord::topic).distinct().forEach(topic -> writer.incarnation(topic,
                    IncarnationResolver.resolve(storage, layout, topic, topicId)));
            records.forEach(writer::write);
            writer.storeAll();
        }
    }

    /**
     * Writes objects of {@code flushSize} records in blocks of about {@code blockSizeBytes}: small blocks give objects
     * of many blocks, so that reads of a few blocks are exercised.
     */
    static void writeInBlocks(ObjectStorage storage, BackupLayout layout, int flushSize, int blockSizeBytes,
            List<BackupRecord> records) {
        for (int start = 0; start < records.size(); start += flushSize) {
            List<BackupRecord> chunk = records.subList(start, Math.min(records.size(), start + flushSize));
            BackupRecord first = chunk.get(0);
            BackupObjectWriter writer = new BackupObjectWriter(first.topic(), first.partition(), Codec.ZSTD,
                    blockSizeBytes);
            chunk.forEach(writer::append);
            storage.put(layout.objectKey(first.topic(), first.partition(), first.offset()), writer.finish().content());
        }
    }

    /** A record whose content is derived from its offset, with a null key every fifth and headers on some. */
    static BackupRecord record(String topic, int partition, long offset, Long timestamp) {
        Random random = new Random(offset * 31 + partition);
        byte[] value = new byte[random.nextInt(200)];
        random.nextBytes(value);
        byte[] key = offset % 5 == 0 ? null : ("key-" + offset).getBytes(StandardCharsets.UTF_8);
        List<BackupHeader> headers = offset % 3 == 0
                ? List.of(new BackupHeader("h", new byte[] {(byte) offset}), new BackupHeader("h", null))
                : List.of();
        return new BackupRecord(topic, partition, offset, timestamp,
                TimestampType.CREATE_TIME, key, value, headers);
    }

    /** Records at the given offsets with timestamps {@code 1000 + 10 * offset}. */
    static List<BackupRecord> records(String topic, int partition, long... offsets) {
        return Arrays.stream(offsets).mapToObj(o -> record(topic, partition, o, 1000 + 10 * o)).toList();
    }

    static List<BackupRecord> range(String topic, int partition, long from, long toExclusive) {
        return records(topic, partition, LongStream.range(from, toExclusive).toArray());
    }
}
