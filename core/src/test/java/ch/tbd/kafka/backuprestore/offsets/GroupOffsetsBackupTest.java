package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets read back from a backup location: raw records of __consumer_offsets, or Admin snapshots. */
class GroupOffsetsBackupTest {

    private static final BackupLayout LAYOUT = new BackupLayout("cluster-a");

    @TempDir
    Path directory;

    private static BackupRecord commit(long offset, String group, int partition, long committed, long at) {
        byte[] key = MessageUtil.toCoordinatorTypePrefixedBytes(new OffsetCommitKey().setGroup(group)
                .setTopic("orders").setPartition(partition));
        byte[] value = MessageUtil.toVersionPrefixedBytes((short) 3, new OffsetCommitValue().setOffset(committed)
                .setMetadata("").setCommitTimestamp(at).setLeaderEpoch(0));
        return new BackupRecord(GroupOffsetsBackup.OFFSETS_TOPIC, 0, offset, at, TimestampType.CREATE_TIME, key,
                value, List.of());
    }

    @Test
    void shouldReplayTheRawRecordsAsOfAnyMoment() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory);
             BackupWriter writer = new BackupWriter(storage, LAYOUT, Codec.ZSTD, new RotationPolicy(2, -1, -1,
                     Long.MAX_VALUE), Long.MAX_VALUE, 64 * 1024, Clock.systemUTC())) {
            writer.write(commit(0, "billing", 0, 10, 1_000));
            writer.write(commit(1, "billing", 0, 20, 2_000));
            writer.write(commit(2, "connect-backup", 0, 99, 2_500));
            writer.write(commit(3, "billing", 0, 30, 3_000));
            writer.storeAll();
            GroupOffsetsBackup backup = new GroupOffsetsBackup(storage, LAYOUT);

            assertThat(backup.source()).isEqualTo(GroupOffsetsBackup.Source.RAW_RECORDS);
            assertThat(backup.committedOffsets(GroupFilter.of("billing"), Long.MAX_VALUE).offsets())
                    .extracting(CommittedOffset::group, CommittedOffset::offset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", 30L));
            assertThat(backup.committedOffsets(GroupFilter.of(".*"), 2_600).offsets())
                    .extracting(CommittedOffset::group, CommittedOffset::offset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", 20L),
                            org.assertj.core.groups.Tuple.tuple("connect-backup", 99L));
        }
    }

    @Test
    void shouldTakeTheLatestSnapshotAsOfAMomentAndKeepItOutOfTheCatalog() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            GroupOffsetsBackup backup = new GroupOffsetsBackup(storage, LAYOUT);
            backup.store(GroupOffsetsSnapshot.of(1_000, "kafka:9092", List.of(
                    new CommittedOffset("billing", "orders", 0, 10, -1, "", 1_000))), "backup");
            backup.store(GroupOffsetsSnapshot.of(5_000, "kafka:9092", List.of(
                    new CommittedOffset("billing", "orders", 0, 50, 3, "x", 5_000))), "backup");

            assertThat(backup.source()).isEqualTo(GroupOffsetsBackup.Source.ADMIN_SNAPSHOTS);
            assertThat(backup.committedOffsets(GroupFilter.of(".*"), Long.MAX_VALUE).offsets())
                    .containsExactly(new CommittedOffset("billing", "orders", 0, 50, 3, "x", 5_000));
            assertThat(backup.committedOffsets(GroupFilter.of(".*"), 4_999).offsets())
                    .extracting(CommittedOffset::offset).containsExactly(10L);
            assertThat(backup.committedOffsets(GroupFilter.of("audit"), Long.MAX_VALUE).offsets()).isEmpty();
            BackupCatalog catalog = new BackupCatalog(storage, LAYOUT);
            assertThat(catalog.topics()).isEmpty();
            assertThat(catalog.foreignKeys(null)).isEmpty();
        }
    }

    @Test
    void shouldPlanTranslationsAndSayWhyWhereThereIsNone() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            List<CommittedOffset> committed = List.of(
                    new CommittedOffset("billing", "orders", 0, 12, -1, "", 0),
                    new CommittedOffset("billing", "audit", 0, 3, -1, "", 0),
                    new CommittedOffset("billing", "orders", 1, 5, -1, "", 0));
            Map<TopicPartitionId, List<OffsetRun>> runs = Map.of(new TopicPartitionId("orders", 0), List.of(
                    new OffsetRun("orders", 0, 10, "orders-restored", 0, 0, 5)));

            List<PlannedOffset> plan = OffsetsPlanner.plan(committed, Map.of("orders", "orders-restored"), runs,
                    new RestoredRecords(storage, LAYOUT, RestoreWindow.all())::of);

            assertThat(plan).extracting(p -> p.translation().outcome(), p -> p.translation().offset())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Translation.Outcome.EXACT, 2L),
                            org.assertj.core.groups.Tuple.tuple(Translation.Outcome.NOT_RESTORED, -1L),
                            org.assertj.core.groups.Tuple.tuple(Translation.Outcome.NOT_RESTORED, -1L));
            assertThat(plan.get(1).translation().detail()).contains("audit is not among the restored topics");
            assertThat(plan.get(2).translation().detail()).contains("orders-1");
        }
    }
}
