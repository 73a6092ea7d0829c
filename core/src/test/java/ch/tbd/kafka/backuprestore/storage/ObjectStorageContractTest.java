package ch.tbd.kafka.backuprestore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStorage} must do, run against each backend by a small subclass. A subclass hands out a
 * fresh, empty storage per test; backends with extra guarantees (no pending multipart upload after a failure) check
 * them in {@link #assertNoLeftoversAfterFailedPut()}.
 */
public abstract class ObjectStorageContractTest {

    /** The smallest part S3 accepts; subclasses configure their storage with it. */
    protected static final int PART_SIZE = 5 * 1024 * 1024;

    protected ObjectStorage storage;

    /** A storage whose root (bucket or directory) exists and is empty. */
    protected abstract ObjectStorage createStorage();

    /** A storage whose root does not exist. */
    protected abstract ObjectStorage createStorageWithMissingRoot();

    /** The name of that missing root, which the error message must mention. */
    protected abstract String missingRootName();

    /** Backend-specific traces a failed put must not leave, beyond a visible object. */
    protected void assertNoLeftoversAfterFailedPut() {}

    /** For paged backends: the listing of more than 1000 objects so far in this test needed more than one page. */
    protected void assertListingTookSeveralPages() {}

    @BeforeEach
    void createStorageUnderTest() {
        storage = createStorage();
    }

    @AfterEach
    void closeStorageUnderTest() {
        storage.close();
    }

    @Test
    void shouldPassAccessCheckOnExistingRoot() {
        storage.checkAccess();
    }

    @Test
    void shouldFailAccessCheckWithFatalErrorNamingMissingRoot() {
        try (ObjectStorage missing = createStorageWithMissingRoot()) {
            StorageException error = catchThrowableOfType(StorageException.class, missing::checkAccess);

            assertThat(error).isNotNull();
            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains(missingRootName()).containsIgnoringCase("does not exist");
        }
    }

    @Test
    void shouldRoundTripObject() throws IOException {
        byte[] bytes = "hello, backup".getBytes(StandardCharsets.UTF_8);

        storage.put("topic/0/00000000000000000000.avro", ObjectContent.of(bytes));

        assertThat(read("topic/0/00000000000000000000.avro")).isEqualTo(bytes);
    }

    @Test
    void shouldRoundTripEmptyObject() throws IOException {
        storage.put("empty", ObjectContent.of(new byte[0]));

        assertThat(read("empty")).isEmpty();
        assertThat(list("")).containsExactly(new StoredObject("empty", 0));
    }

    @Test
    void shouldRoundTripEveryByteValue() throws IOException {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        storage.put("binary", ObjectContent.of(bytes));

        assertThat(read("binary")).isEqualTo(bytes);
    }

    @Test
    void shouldReplaceObjectOnSecondPut() throws IOException {
        storage.put("key", ObjectContent.of(bytes(100, 1)));
        byte[] replacement = bytes(42, 2);

        storage.put("key", ObjectContent.of(replacement));

        assertThat(read("key")).isEqualTo(replacement);
        assertThat(list("")).containsExactly(new StoredObject("key", 42));
    }

    @Test
    void shouldStoreIfAbsentOnlyWhenTheKeyIsFree() throws IOException {
        assertThat(storage.putIfAbsent("a/key", ObjectContent.of(bytes("first")))).isTrue();

        assertThat(storage.putIfAbsent("a/key", ObjectContent.of(bytes("second")))).isFalse();

        assertThat(read("a/key")).isEqualTo(bytes("first"));
        assertThat(list("")).extracting(StoredObject::key).containsExactly("a/key");
    }

    @Test
    void shouldStoreALargeObjectIfAbsentOnlyWhenTheKeyIsFree() throws IOException {
        byte[] large = new byte[PART_SIZE + 1000];
        new Random(3).nextBytes(large);
        assertThat(storage.putIfAbsent("a/large", ObjectContent.of(large))).isTrue();

        assertThat(storage.putIfAbsent("a/large", ObjectContent.of(new byte[PART_SIZE + 10]))).isFalse();

        assertThat(read("a/large")).isEqualTo(large);
        assertNoLeftoversAfterFailedPut();
    }

    @Test
    void shouldLetOnlyOneOfManyWritersStoreAKeyIfAbsent() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] content = bytes("writer " + i);
                results.add(writers.submit(() -> storage.putIfAbsent("race/key", ObjectContent.of(content))));
            }
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(new String(read("race/key"), StandardCharsets.UTF_8)).startsWith("writer ");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void shouldListTheDirectoriesDirectlyUnderAPrefix() {
        for (String key : List.of("t/0/a", "t/0/b", "t/10/c", "t/incarnation-2-x/0/d", "t/file", "u/1/e")) {
            storage.put(key, ObjectContent.of(bytes(key)));
        }

        assertThat(storage.listDirectories("t/")).containsExactly("0", "10", "incarnation-2-x");
        assertThat(storage.listDirectories("")).containsExactly("t", "u");
        assertThat(storage.listDirectories("none/")).isEmpty();
    }

    @Test
    void shouldReadRangeFromMiddle() throws IOException {
        byte[] bytes = bytes(100, 3);
        storage.put("ranged", ObjectContent.of(bytes));

        assertThat(readRange("ranged", 10, 20)).isEqualTo(slice(bytes, 10, 30));
    }

    @Test
    void shouldReadShorterRangeWhenRangeExtendsPastEnd() throws IOException {
        byte[] bytes = bytes(100, 4);
        storage.put("ranged", ObjectContent.of(bytes));

        assertThat(readRange("ranged", 90, 20)).isEqualTo(slice(bytes, 90, 100));
        assertThat(readRange("ranged", 0, Long.MAX_VALUE)).isEqualTo(bytes);
    }

    @Test
    void shouldReadEmptyRangeWhenOffsetIsAtOrPastEnd() throws IOException {
        storage.put("ranged", ObjectContent.of(bytes(100, 5)));
        storage.put("empty", ObjectContent.of(new byte[0]));

        assertThat(readRange("ranged", 100, 10)).isEmpty();
        assertThat(readRange("ranged", 1000, 10)).isEmpty();
        assertThat(readRange("ranged", 10, 0)).isEmpty();
        assertThat(readRange("empty", 0, 10)).isEmpty();
    }

    @Test
    void shouldListInAscendingKeyOrder() {
        List<String> keys = List.of("topic/b/c/d", "topic/a0", "topic/a/x", "topic/B", "topic/a.c", "topic/ab",
                "topic/a-b", "topic/a/y/z");
        keys.forEach(key -> storage.put(key, ObjectContent.of(new byte[] {1})));

        // '-' and '.' sort before '/', so "a-b" comes before everything below "a/".
        assertThat(keys("")).containsExactly("topic/B", "topic/a-b", "topic/a.c", "topic/a/x", "topic/a/y/z",
                "topic/a0", "topic/ab", "topic/b/c/d");
    }

    @Test
    void shouldListOnlyKeysWithPrefix() {
        Stream.of("backup/t1/0/a", "backup/t1/1/a", "backup/t10/0/a", "backup/t2/0/a", "other/x")
                .forEach(key -> storage.put(key, ObjectContent.of(new byte[] {1})));

        assertThat(keys("backup/t1/")).containsExactly("backup/t1/0/a", "backup/t1/1/a");
        assertThat(keys("backup/t1")).containsExactly("backup/t1/0/a", "backup/t1/1/a", "backup/t10/0/a");
        assertThat(keys("backup/")).hasSize(4);
        assertThat(keys("backup/t1/1/a")).containsExactly("backup/t1/1/a");
        assertThat(keys("")).hasSize(5);
        assertThat(keys("missing/")).isEmpty();
        assertThat(keys("backup/t3")).isEmpty();
    }

    @Test
    void shouldListSizes() {
        storage.put("sizes/a", ObjectContent.of(bytes(3, 6)));
        storage.put("sizes/b/c", ObjectContent.of(bytes(70, 7)));

        assertThat(list("sizes/")).containsExactly(new StoredObject("sizes/a", 3), new StoredObject("sizes/b/c", 70));
    }

    @Test
    void shouldListMoreObjectsThanOnePageHolds() throws Exception {
        // S3 pages hold at most 1000 keys, so this takes two pages.
        List<String> expected = IntStream.range(0, 1010).mapToObj(i -> String.format("many/%05d", i)).toList();
        putAllInParallel(expected);

        assertThat(keys("many/")).containsExactlyElementsOf(expected);
        assertListingTookSeveralPages();
        assertThat(keys("many/0100")).containsExactly("many/01000", "many/01001", "many/01002", "many/01003",
                "many/01004", "many/01005", "many/01006", "many/01007", "many/01008", "many/01009");
    }

    @Test
    void shouldListLazily() {
        storage.put("lazy/a", ObjectContent.of(new byte[] {1}));
        storage.put("lazy/b", ObjectContent.of(new byte[] {1}));

        try (Stream<StoredObject> objects = storage.list("lazy/")) {
            assertThat(objects.findFirst()).contains(new StoredObject("lazy/a", 1));
        }
    }

    @Test
    void shouldDeleteObject() {
        storage.put("doomed", ObjectContent.of(bytes(10, 8)));
        storage.put("kept", ObjectContent.of(bytes(10, 9)));

        storage.delete("doomed");

        assertThat(keys("")).containsExactly("kept");
        assertThatThrownBy(() -> storage.get("doomed")).isInstanceOf(StorageException.class);
    }

    @Test
    void shouldIgnoreDeleteOfMissingObject() {
        storage.delete("never/written");

        assertThat(keys("")).isEmpty();
    }

    @Test
    void shouldRoundTripObjectLargerThanPartSize() throws IOException {
        byte[] bytes = bytes(12 * 1024 * 1024 + 123, 10);

        storage.put("large", ObjectContent.of(bytes));

        assertThat(read("large")).isEqualTo(bytes);
        assertThat(readRange("large", PART_SIZE - 10, 20)).isEqualTo(slice(bytes, PART_SIZE - 10, PART_SIZE + 10));
        assertThat(list("")).containsExactly(new StoredObject("large", bytes.length));
    }

    @Test
    void shouldRoundTripObjectOfExactlyOnePart() throws IOException {
        byte[] bytes = bytes(PART_SIZE, 11);

        storage.put("one-part", ObjectContent.of(bytes));

        assertThat(read("one-part")).isEqualTo(bytes);
    }

    @Test
    void shouldLeaveNoObjectWhenContentStreamFails() {
        assertThatThrownBy(() -> storage.put("broken", failingContent(1000, 300)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("broken");

        assertNotStored("broken");
        assertNoLeftoversAfterFailedPut();
    }

    @Test
    void shouldLeaveNoObjectWhenContentStreamOfLargeObjectFails() {
        assertThatThrownBy(() -> storage.put("broken-large", failingContent(12 * 1024 * 1024, 7 * 1024 * 1024)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("broken-large");

        assertNotStored("broken-large");
        assertNoLeftoversAfterFailedPut();
    }

    @Test
    void shouldKeepPreviousObjectWhenReplacementFails() throws IOException {
        byte[] original = bytes(64, 12);
        storage.put("precious", ObjectContent.of(original));

        assertThatThrownBy(() -> storage.put("precious", failingContent(12 * 1024 * 1024, 6 * 1024 * 1024)))
                .isInstanceOf(StorageException.class);

        assertThat(read("precious")).isEqualTo(original);
        assertNoLeftoversAfterFailedPut();
    }

    @Test
    void shouldFailWhenContentIsShorterThanDeclared() {
        assertThatThrownBy(() -> storage.put("short", new ObjectContent() {
            @Override
            public long length() {
                return 100;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(new byte[60]);
            }
        })).isInstanceOf(StorageException.class);

        assertNotStored("short");
    }

    @Test
    void shouldFailWithFatalErrorNamingKeyWhenObjectIsMissing() {
        StorageException error = catchThrowableOfType(StorageException.class, () -> storage.get("no/such/key"));

        assertThat(error).isNotNull();
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("no/such/key").contains("get");
    }

    @Test
    void shouldFailWithFatalErrorWhenRangeOfMissingObjectIsRead() {
        StorageException error = catchThrowableOfType(StorageException.class,
                () -> storage.getRange("no/such/key", 0, 10));

        assertThat(error).isNotNull();
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("no/such/key");
    }

    /**
     * Checks by name rather than by an empty listing: a server may briefly list its own scratch data of an aborted
     * request (s3proxy writes "key-uuid" files), which is not an object of ours.
     */
    protected void assertNotStored(String key) {
        assertThat(keys("")).doesNotContain(key);
        assertThatThrownBy(() -> storage.get(key)).isInstanceOf(StorageException.class);
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    protected byte[] readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = storage.getRange(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected List<StoredObject> list(String prefix) {
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.toList();
        }
    }

    protected List<String> keys(String prefix) {
        return list(prefix).stream().map(StoredObject::key).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** Content that declares {@code length} bytes but fails after {@code failAfter} of them, on every attempt. */
    protected static ObjectContent failingContent(long length, long failAfter) {
        return new ObjectContent() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private long position;

                    @Override
                    public int read() throws IOException {
                        if (position >= failAfter) {
                            throw new IOException("simulated failure of the content source");
                        }
                        position++;
                        return (int) (position & 0x7f);
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int count) throws IOException {
                        if (count == 0) {
                            return 0;
                        }
                        if (position >= failAfter) {
                            throw new IOException("simulated failure of the content source");
                        }
                        int n = (int) Math.min(count, failAfter - position);
                        position += n;
                        return n;
                    }
                };
            }
        };
    }

    private void putAllInParallel(List<String> keys) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(executor.submit(() -> storage.put(key, ObjectContent.of(new byte[] {7}))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
