package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshots of a compacted topic's pair of instances, as a catalog reads them for a restore. */
class CompactedCatalogTest {

    @TempDir
    Path root;

    private final BackupLayout layout = new BackupLayout("backups");

    @Test
    void shouldKeepEachInstancesSnapshotInTheOriginalDesignsDirectory() {
        BackupLayout activate = layout.forInstance("backup-activate");

        String key = activate.objectKey("prices", 3, 42);

        assertThat(key).isEqualTo("backups/prices/backup-activate/3/prices-3-00000000000000000042.avro");
        assertThat(activate.parse(key)).hasValueSatisfying(parsed -> {
            assertThat(parsed.topic()).isEqualTo("prices");
            assertThat(parsed.partition()).isEqualTo(3);
            assertThat(parsed.startOffset()).isEqualTo(42);
        });
        assertThat(layout.parse(key)).as("not an object of the topic's own backup").isEmpty();
        assertThat(layout.instanceOf(key)).contains("backup-activate");
        assertThat(layout.forInstance("backup-passivate").parse(key)).isEmpty();
    }

    @Test
    void shouldRefuseInstanceNamesThatWouldMeetOtherDirectories() {
        assertThatThrownBy(() -> layout.forInstance("7")).hasMessageContaining("partition");
        assertThatThrownBy(() -> layout.forInstance("incarnation-2-abc")).hasMessageContaining("incarnation");
        assertThatThrownBy(() -> layout.forInstance("a/b")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> layout.forInstance("~meta")).hasMessageContaining("'~'");
    }

    @Test
    void shouldReadEachPartitionFromItsNewestCompleteSnapshot() {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(root);
        BackupLayout activate = layout.forInstance("backup-activate");
        BackupLayout passivate = layout.forInstance("backup-passivate");
        // Partition 0: the passive instance's snapshot 2 is complete, the active one's 1 not yet deleted.
        TestBackups.write(storage, activate, 10, TestBackups.range("prices", 0, 0, 30));
        TestBackups.write(storage, passivate, 10, TestBackups.range("prices", 0, 12, 30));
        // Partition 1: snapshot 1 is complete; snapshot 2 is still being built and not marked.
        TestBackups.write(storage, activate, 10, TestBackups.range("prices", 1, 0, 20));
        TestBackups.write(storage, passivate, 10, TestBackups.range("prices", 1, 5, 8));
        CompactSnapshots snapshots = new CompactSnapshots(storage, layout);
        snapshots.markComplete(SnapshotMarker.of("prices", 0, "backup-activate", 1, 30, 1_000));
        snapshots.markComplete(SnapshotMarker.of("prices", 0, "backup-passivate", 2, 30, 2_000));
        snapshots.markComplete(SnapshotMarker.of("prices", 1, "backup-activate", 1, 20, 1_000));

        BackupCatalog catalog = new BackupCatalog(storage, layout);

        assertThat(catalog.topics()).containsExactly("prices");
        assertThat(catalog.partitions("prices").get(0)).extracting(BackupObjectRef::key).containsExactly(
                passivate.objectKey("prices", 0, 12), passivate.objectKey("prices", 0, 22));
        assertThat(catalog.partitions("prices").get(1)).extracting(BackupObjectRef::key).containsExactly(
                activate.objectKey("prices", 1, 0), activate.objectKey("prices", 1, 10));
        assertThat(catalog.foreignKeys(null)).as("instance directories are not foreign").isEmpty();
        assertThat(snapshots.current("prices").get(0).describe()).contains("snapshot 2 of backup-passivate");
    }

    @Test
    void shouldReadTheNamedInstanceWhenAskedAndTopicsWithoutOneAsUsual() {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(root);
        TestBackups.write(storage, layout.forInstance("backup-activate"), 10, TestBackups.range("prices", 0, 0, 10));
        TestBackups.write(storage, layout.forInstance("backup-passivate"), 10, TestBackups.range("prices", 0, 3, 10));
        new CompactSnapshots(storage, layout).markComplete(SnapshotMarker.of("prices", 0, "backup-passivate", 2, 10,
                0));
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 0, 0, 10));

        BackupCatalog catalog = new BackupCatalog(storage, layout, "backup-activate");

        assertThat(catalog.partitions("prices").get(0)).extracting(BackupObjectRef::startOffset).containsExactly(0L);
        assertThat(catalog.partitions("orders").get(0)).extracting(BackupObjectRef::key)
                .containsExactly(layout.objectKey("orders", 0, 0));
        assertThat(catalog.topics()).containsExactly("orders", "prices");
        assertThat(List.copyOf(new CompactSnapshots(storage, layout).topics())).containsExactly("prices");
        TestBackups.write(storage, layout.forInstance("backup-activate"), 10, TestBackups.range("rates", 0, 0, 3));
        assertThat(catalog.topics()).as("a first snapshot still being built has nothing to restore yet")
                .containsExactly("orders", "prices");
    }
}
