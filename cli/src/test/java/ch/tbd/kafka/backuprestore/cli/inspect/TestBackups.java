package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;

/** Writes backups with the real {@link BackupWriter}, as the backup connector would. */
public final class TestBackups {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    /** Record timestamps are {@code BASE_TIMESTAMP + 1000 * offset}. */
    static final long BASE_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private TestBackups() {}

    public static void write(Path directory, int flushSize, List<BackupRecord> records) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(new LocalDirectoryStorage(directory), new BackupLayout(""), flushSize, records);
    }

    static void write(ObjectStorage storage, BackupLayout layout, int flushSize, List<BackupRecord> records) {
        try (BackupWriter writer = new BackupWriter(storage, layout, Codec.ZSTD,
                new RotationPolicy(flushSize, -1, -1, Long.MAX_VALUE), Long.MAX_VALUE, 64 * 1024, CLOCK)) {
            records.forEach(writer::write);
            writer.storeAll();
        }
    }

    public static List<BackupRecord> range(String topic, int partition, long from, long toExclusive) {
        return LongStream.range(from, toExclusive).mapToObj(offset -> new BackupRecord(topic, partition, offset,
                BASE_TIMESTAMP + 1000 * offset, TimestampType.CREATE_TIME,
                ("key-" + offset).getBytes(StandardCharsets.UTF_8),
                ("value-" + offset).getBytes(StandardCharsets.UTF_8), List.of())).toList();
    }

    static String key(String topic, int partition, long startOffset) {
        return new BackupLayout("").objectKey(topic, partition, startOffset);
    }
}
