package ch.tbd.kafka.backuprestore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps over a real local directory holding objects with known record timestamps. */
class RetentionSweeperTest {

    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    /** The sweep's "now": any instant would do, the timestamps are relative to it. */
    private static final Instant NOW = Instant.parse("2030-01-15T00:00:00Z");
    private static final BackupLayout LAYOUT = new BackupLayout("backups");

    @TempDir
    Path directory;

    private ObjectStorage storage;
    private RetentionSweeper sweeper;

    @BeforeEach
    void setUp() {
        storage = new LocalDirectoryStorage(directory);
        sweeper = new RetentionSweeper(storage, LAYOUT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void shouldRemoveExactlyTheObjectsWhoseRecordsAreAllOlderThanTheRetention() {
        // Objects of 10 records, 20, 15, 12 (straddling a 10-day window), 3 and 1 days old.
        long[] ages = {20, 15, 12, 3, 1};
        for (int i = 0; i < ages.length; i++) {
            store("orders", 0, i * 10L, 10, ages[i], i == 2 ? 11 * DAY - 1 : 0);
        }
        // Object 2 starts 12 days back but its newest record is about a day old: inside a 10-day window, it stays.
        List<RetentionSweeper.Removal> told = new ArrayList<>();

        RetentionSweeper.Report report = sweeper.sweep(Map.of("orders", new RetentionDecision("orders", 10, "test")),
                topic -> p -> true, false, told::add);

        assertThat(report.removals()).extracting(RetentionSweeper.Removal::firstOffset).containsExactly(0L, 10L);
        assertThat(told).isEqualTo(report.removals());
        assertThat(report.bytes()).isPositive();
        assertThat(objectStarts("orders", 0)).containsExactly(20L, 30L, 40L);
        ExpiryMarker marker = new ExpiryMarkers(storage, LAYOUT).of("orders", 1).get(0);
        assertThat(marker.expiredBefore()).isEqualTo(20);
        assertThat(marker.retentionDays()).isEqualTo(10);
        assertThat(marker.describe()).contains("offsets before 20 expired");
    }

    @Test
    void shouldChangeNothingInADryRun() {
        store("orders", 0, 0, 5, 30, 0);
        store("orders", 0, 5, 5, 1, 0);

        RetentionSweeper.Report report = sweeper.sweep(Map.of("orders", new RetentionDecision("orders", 7, "test")),
                topic -> p -> true, true, removal -> { });

        assertThat(report.removals()).hasSize(1);
        assertThat(report.dryRun()).isTrue();
        assertThat(objectStarts("orders", 0)).containsExactly(0L, 5L);
        assertThat(new ExpiryMarkers(storage, LAYOUT).of("orders", 1)).isEmpty();
    }

    @Test
    void shouldKeepThePartitionsNewestObjectHoweverOld() {
        store("quiet", 0, 0, 5, 400, 0);
        store("quiet", 0, 5, 5, 300, 0);

        sweeper.sweep(Map.of("quiet", new RetentionDecision("quiet", 7, "test")), topic -> p -> true, false,
                removal -> { });

        assertThat(objectStarts("quiet", 0)).containsExactly(5L);
    }

    @Test
    void shouldSweepOnlyTheSelectedPartitionsAndTopicsThatExpire() {
        for (int partition = 0; partition < 2; partition++) {
            store("orders", partition, 0, 5, 30, 0);
            store("orders", partition, 5, 5, 1, 0);
        }
        store("forever", 0, 0, 5, 30, 0);
        store("forever", 0, 5, 5, 1, 0);

        sweeper.sweep(Map.of("orders", new RetentionDecision("orders", 7, "test"),
                "forever", new RetentionDecision("forever", 0, "test")), topic -> p -> p == 1, false, r -> { });

        assertThat(objectStarts("orders", 0)).containsExactly(0L, 5L);
        assertThat(objectStarts("orders", 1)).containsExactly(5L);
        assertThat(objectStarts("forever", 0)).containsExactly(0L, 5L);
    }

    @Test
    void shouldMoveTheMarkerOnWithEachSweep() {
        store("orders", 0, 0, 5, 30, 0);
        store("orders", 0, 5, 5, 20, 0);
        store("orders", 0, 10, 5, 1, 0);
        Map<String, RetentionDecision> month = Map.of("orders", new RetentionDecision("orders", 25, "test"));
        Map<String, RetentionDecision> week = Map.of("orders", new RetentionDecision("orders", 7, "test"));

        sweeper.sweep(month, topic -> p -> true, false, r -> { });
        sweeper.sweep(week, topic -> p -> true, false, r -> { });

        assertThat(new ExpiryMarkers(storage, LAYOUT).of("orders", 1).get(0).expiredBefore()).isEqualTo(10);
    }

    @Test
    void shouldNeverTouchTheSnapshotsOfACompactedBackup() {
        BackupLayout activate = LAYOUT.forInstance("backup-activate");
        for (long offset = 0; offset < 30; offset += 10) {
            BackupObjectWriter writer = new BackupObjectWriter("prices", 0, Codec.ZSTD, 64 * 1024);
            for (int i = 0; i < 10; i++) {
                writer.append(new BackupRecord("prices", 0, offset + i, NOW.toEpochMilli() - 400 * DAY,
                        TimestampType.CREATE_TIME, null, new byte[] {1}, List.of()));
            }
            storage.put(activate.objectKey("prices", 0, offset), writer.finish().content());
        }
        new ch.tbd.kafka.backuprestore.compact.CompactSnapshots(storage, LAYOUT).markComplete(
                ch.tbd.kafka.backuprestore.compact.SnapshotMarker.of("prices", 0, "backup-activate", 1, 30, 0));

        RetentionSweeper.Report report = sweeper.sweep(Map.of("prices", new RetentionDecision("prices", 7, "test")),
                topic -> p -> true, false, r -> { });

        assertThat(report.removals()).as("a snapshot is replaced whole by a handover, never expired in part")
                .isEmpty();
    }

    /**
     * Stores {@code count} records from {@code firstOffset}, the first {@code ageDays} old and each next one
     * {@code step} ms younger (one ms when 0).
     */
    private void store(String topic, int partition, long firstOffset, int count, long ageDays, long span) {
        long first = NOW.toEpochMilli() - ageDays * DAY;
        long step = span == 0 ? 1 : span / Math.max(1, count - 1);
        BackupObjectWriter writer = new BackupObjectWriter(topic, partition, Codec.ZSTD, 64 * 1024);
        for (int i = 0; i < count; i++) {
            writer.append(new BackupRecord(topic, partition, firstOffset + i, first + i * step,
                    TimestampType.CREATE_TIME, null, ("v" + i).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        storage.put(LAYOUT.objectKey(topic, partition, firstOffset), writer.finish().content());
    }

    private List<Long> objectStarts(String topic, int partition) {
        return new BackupCatalog(storage, LAYOUT).partitions(topic).getOrDefault(partition, List.of()).stream()
                .map(BackupObjectRef::startOffset).toList();
    }
}
