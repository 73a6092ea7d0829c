package ch.tbd.kafka.backuprestore.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, describe and verify over the snapshots of a compacted backup pair. */
class CompactedBackupCommandsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeSnapshots() {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(dir);
        BackupLayout layout = new BackupLayout("");
        // A compacted log: offsets 3, 4, 8 and 9 were removed by compaction before the snapshot read them.
        List<BackupRecord> compacted = Stream.of(TestBackups.range("prices", 0, 0, 3),
                TestBackups.range("prices", 0, 5, 8), TestBackups.range("prices", 0, 10, 14))
                .flatMap(List::stream).toList();
        TestBackups.write(storage, layout.forInstance("backup-passivate"), 3, compacted);
        TestBackups.write(storage, layout.forInstance("backup-activate"), 5, TestBackups.range("prices", 0, 0, 14));
        new CompactSnapshots(storage, layout).markComplete(SnapshotMarker.of("prices", 0, "backup-passivate", 2, 14,
                0));
    }

    @Test
    void shouldListACompactedTopicByItsCurrentSnapshot() {
        Cli.Result list = Cli.run("list", dir.toString());

        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).containsPattern("prices +1 +4 +10")
                .contains("Compacted topics, backed up as snapshots", ": prices");
    }

    @Test
    void shouldDescribeEachConnectorsSnapshotAndTheCurrentOne() {
        Cli.Result describe = Cli.run("describe", "--from", dir.toString(), "prices");

        assertThat(describe.out()).contains("Snapshots of a compacted backup pair (backup-activate, backup-passivate)",
                "Partition 0: current snapshot 2 of backup-passivate, complete below offset 14",
                "backup-passivate: 4 objects", "backup-activate: 3 objects, not complete");
    }

    @Test
    void shouldVerifyTheCurrentSnapshotTakingCompactionHolesForWhatTheyAre() {
        Cli.Result verify = Cli.run("verify", "--from", dir.toString());

        assertThat(verify.exitCode()).as(verify.out()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("NOTE     SNAPSHOT prices-0: snapshot 2 of backup-passivate",
                "NOTE     HOLE", "(compaction)", "Verified 4 objects, 10 records");
    }
}
