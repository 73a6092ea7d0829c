package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.Incarnation;
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
    void shouldReadTheNewestIncarnationOfATopicCreatedAgainUnlessAskedForAnother() {
        LocalDirectoryStorage storage = new LocalDirectoryStorage(root);
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 0, 0, 25), "firstId");
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 0, 0, 5), "secondId");
        TestBackups.write(storage, layout, 10, TestBackups.range("orders", 1, 0, 5), "secondId");

        BackupCatalog catalog = new BackupCatalog(storage, layout);

        assertThat(catalog.incarnations("orders")).containsExactly(Incarnation.original("firstId"),
                new Incarnation("secondId", 2));
        assertThat(catalog.topics()).containsExactly("orders");
        assertThat(catalog.partitions("orders").keySet()).containsExactly(0, 1);
        assertThat(catalog.partitions("orders").get(0)).extracting(BackupObjectRef::key)
                .containsExactly("backups/orders/incarnation-2-secondId/0/orders-0-00000000000000000000.avro");
        assertThat(catalog.partitions("orders", "1").get(0)).hasSize(3);
        assertThat(catalog.partitions("orders", "firstId").keySet()).containsExactly(0);
        assertThat(catalog.partitions("orders", "secondId").keySet()).containsExactly(0, 1);
        assertThatThrownBy(() -> catalog.partitions("orders", "3"))
                .hasMessageContaining("no incarnation '3'").hasMessageContaining("topic id secondId");
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
