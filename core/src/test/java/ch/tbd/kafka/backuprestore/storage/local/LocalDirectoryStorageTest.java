package ch.tbd.kafka.backuprestore.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorageContractTest;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalDirectoryStorageTest extends ObjectStorageContractTest {

    @TempDir
    Path temp;

    private Path root() {
        return temp.resolve("backups");
    }

    @Override
    protected ObjectStorage createStorage() {
        try {
            Files.createDirectories(root());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new LocalDirectoryStorage(root());
    }

    @Override
    protected ObjectStorage createStorageWithMissingRoot() {
        return new LocalDirectoryStorage(temp.resolve("missing-directory"));
    }

    @Override
    protected String missingRootName() {
        return temp.resolve("missing-directory").toString();
    }

    @Override
    protected void assertNoLeftoversAfterFailedPut() {
        assertThat(allFiles()).allSatisfy(file -> assertThat(file.getFileName().toString()).doesNotEndWith(".tmp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../escape", "/etc/passwd", "a//b", "a/", "./a", "a\\b", ".x.tmp",
            "a/.partial.tmp"})
    void shouldRejectKeysThatAreNoPlainRelativePath(String key) {
        assertThatThrownBy(() -> storage.put(key, ObjectContent.of(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
        assertThatThrownBy(() -> storage.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(temp.resolve("escape"))).isFalse();
    }

    @Test
    void shouldListInCodePointOrderBeyondAscii() {
        // AWS S3 lists in UTF-8 byte order: U+FF5E before U+1F600, although String.compareTo says otherwise. Not in the
        // contract because s3proxy sorts by String.compareTo.
        List<String> keys = List.of("u/\uD83D\uDE00", "u/\uFF5E", "u/\u00E9", "u/z");
        keys.forEach(key -> storage.put(key, ObjectContent.of(new byte[] {1})));

        assertThat(keys("u/")).containsExactly("u/z", "u/\u00E9", "u/\uFF5E", "u/\uD83D\uDE00");
    }

    @Test
    void shouldStoreKeysAsFilesBelowRoot() throws IOException {
        storage.put("topic/0/segment", ObjectContent.of(new byte[] {1, 2, 3}));

        assertThat(Files.readAllBytes(root().resolve("topic/0/segment"))).containsExactly(1, 2, 3);
        assertThat(storage.location()).isEqualTo(root().toString());
    }

    @Test
    void shouldNotListTemporaryFiles() throws IOException {
        storage.put("dir/object", ObjectContent.of(new byte[] {1}));
        Files.write(root().resolve("dir/.0123456789abcdef.tmp"), new byte[] {2});
        Files.write(root().resolve(".0123456789abcdef.tmp"), new byte[] {2});

        assertThat(keys("")).containsExactly("dir/object");
    }

    @Test
    void shouldNotCreateMissingRootOnPut() {
        try (ObjectStorage missing = createStorageWithMissingRoot()) {
            StorageException error = catchThrowableOfType(StorageException.class,
                    () -> missing.put("a/b", ObjectContent.of(new byte[] {1})));

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains("missing-directory");
            assertThat(Files.exists(temp.resolve("missing-directory"))).isFalse();
        }
    }

    @Test
    void shouldFailListingOfMissingRoot() {
        try (ObjectStorage missing = createStorageWithMissingRoot()) {
            assertThatThrownBy(() -> missing.list("")).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void shouldFailAccessCheckWhenRootIsFile() throws IOException {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");

        try (ObjectStorage onFile = new LocalDirectoryStorage(file)) {
            StorageException error = catchThrowableOfType(StorageException.class, onFile::checkAccess);

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains(file.toString()).contains("not a directory");
        }
    }

    @Test
    void shouldFailWithFatalErrorWhenKeyIsBelowExistingObject() {
        storage.put("a", ObjectContent.of(new byte[] {1}));

        StorageException error = catchThrowableOfType(StorageException.class,
                () -> storage.put("a/b", ObjectContent.of(new byte[] {1})));

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("a/b");
    }

    @Test
    void shouldLeaveNothingBehindAfterAccessCheck() {
        storage.checkAccess();

        assertThat(allFiles()).isEmpty();
    }

    @Test
    void shouldTreatDirectoryAsMissingObject() {
        storage.put("dir/object", ObjectContent.of(new byte[] {1}));

        StorageException error = catchThrowableOfType(StorageException.class, () -> storage.get("dir"));

        assertThat(error.retriable()).isFalse();
    }

    private List<Path> allFiles() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
