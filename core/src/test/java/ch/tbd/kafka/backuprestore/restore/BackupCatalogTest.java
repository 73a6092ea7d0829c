package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {

    @TempDir
    Path root;

    private final BackupLayout layout = new BackupLayout("backups");

    @Test
    void shouldListTopicsPartitionsAndObjectsInOrderIgnoringForeignFiles() throws IOException {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(root);
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 0, 0, 25));
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 2, 0, 5));
        // Partition 10 sorts before 2 by key; the catalog must order partitions by number.
        TestBackups.write(storage, layout, 100, TestBackups.range("orders", 10, 7, 9));
        TestBackups.write(storage, layout, 10, TestBackups.range("audit", 0, 0, 3));
        Path foreign = Files.createDirectories(root.resolve("backups/orders/0"));
        Files.writeString(foreign.resolve("notes.txt"), "not a backup object");
        Files.writeString(Files.createDirectories(root.resolve("backups")).resolve("README.avro"), "nor this");
        Files.writeString(Files.createDirectories(root.resolve("elsewhere/x/0")).resolve("x-0-1.avro"), "outside");

        BackupCatalog catalog = new BackupCatalog(storage, layout);

        assertThat(catalog.topics()).containsExactly("audit", "orders");
        var partitions = catalog.partitions("orders");
        assertThat(partitions.keySet()).containsExactly(0, 2, 10);
        assertThat(partitions.get(0)).extracting(BackupObjectRef::startOffset).containsExactly(0L, 10L, 20L);
        assertThat(partitions.get(0)).extracting(BackupObjectRef::key).containsExactly(
                layout.objectKey("orders", 0, 0), layout.objectKey("orders", 0, 10), layout.objectKey("orders", 0, 20));
        assertThat(partitions.get(0)).allSatisfy(ref -> {
            assertThat(ref.topic()).isEqualTo("orders");
            assertThat(ref.partition()).isZero();
            assertThat(ref.size()).isEqualTo(Files.size(root.resolve(ref.key())));
        });
        assertThat(partitions.get(10)).extracting(BackupObjectRef::startOffset).containsExactly(7L);
        assertThat(catalog.foreignKeys("orders")).containsExactly("backups/orders/0/notes.txt");
        assertThat(catalog.foreignKeys(null)).containsExactlyInAnyOrder(
                "backups/README.avro", "backups/orders/0/notes.txt");
    }

    @Test
    void shouldNotMistakeATopicWhoseNameExtendsAnotherForIt() {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(root);
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 0, 0, 3));
        TestBackups.write(storage, layout, 10, TestBackups.range("orders-v2", 0, 0, 3));

        BackupCatalog catalog = new BackupCatalog(storage, layout);

        assertThat(catalog.partitions("orders").get(0)).extracting(BackupObjectRef::topic).containsOnly("orders");
        assertThat(catalog.partitions("missing")).isEmpty();
        assertThat(catalog.topics()).isEqualTo(List.of("orders", "orders-v2"));
    }
}
