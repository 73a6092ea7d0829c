package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads finish in any order, but a partition's objects count as stored only in order, and a failure takes the
 * partition's later objects out of the count with it: committed offsets never pass an object that is not stored.
 */
class ObjectUploadsTest {

    private static final TopicPartitionId TP = new TopicPartitionId("orders", 0);
    private static final TopicPartitionId OTHER = new TopicPartitionId("orders", 1);

    private final HeldStorage storage = new HeldStorage();
    private final ObjectUploads uploads = new ObjectUploads(storage, 4, 8);
    private final List<ObjectUploads.Upload> stored = new ArrayList<>();

    @AfterEach
    void close() {
        storage.releaseAll();
        uploads.close();
    }

    @Test
    void shouldCountAPartitionsObjectsAsStoredOnlyInOrder() throws Exception {
        start(TP, "a", 0, 9);
        start(TP, "b", 10, 19);

        storage.release("b");
        storage.awaitStored("b");
        uploads.harvest(stored::add);

        assertThat(stored).isEmpty();
        assertThat(uploads.firstUnstoredOffset(TP)).isZero();

        storage.release("a");
        uploads.awaitPartition(TP, stored::add);

        assertThat(stored).extracting(ObjectUploads.Upload::key).containsExactly("a", "b");
        assertThat(uploads.firstUnstoredOffset(TP)).isNull();
        assertThat(uploads.inFlight()).isZero();
        assertThat(uploads.heapBytes()).isZero();
    }

    @Test
    void shouldDropThePartitionsLaterObjectsWhenAnUploadFails() throws Exception {
        start(TP, "a", 0, 9);
        start(TP, "b", 10, 19);
        start(OTHER, "c", 0, 9);
        storage.fail("a");
        storage.releaseAll();

        uploads.awaitAll(stored::add);

        assertThat(stored).extracting(ObjectUploads.Upload::key).containsExactly("c");
        assertThat(uploads.firstUnstoredOffset(TP)).isZero();
        ObjectUploadException failure = (ObjectUploadException) uploads.takeFailure();
        assertThat(failure.partition()).isEqualTo(TP);
        assertThat(failure.startOffset()).isZero();
        assertThat(failure.retriable()).isTrue();
        assertThat(failure).hasMessageContaining("'a'");
        assertThat(uploads.takeFailure()).isNull();
        assertThat(uploads.inFlight()).isZero();
        assertThat(uploads.heapBytes()).isZero();
    }

    @Test
    void shouldKeepThePartitionsEarliestFailureUntilItIsTaken() throws Exception {
        start(TP, "a", 0, 9);
        storage.fail("a");
        storage.fail("b");
        storage.releaseAll();
        uploads.awaitAll(stored::add);
        start(TP, "b", 10, 19);

        uploads.awaitAll(stored::add);

        assertThat(uploads.firstUnstoredOffset(TP)).isZero();
        assertThat(((ObjectUploadException) uploads.takeFailure(TP)).startOffset()).isZero();
        assertThat(uploads.takeFailure(TP)).isNull();
    }

    @Test
    void shouldWaitForTheOldestUploadWhenTooManyAreUnderWay() throws Exception {
        ObjectUploads few = new ObjectUploads(storage, 4, 2);
        try {
            few.start(TP, "a", 0, 9, 10, 100, 0, ObjectContent.of(new byte[1]), stored::add);
            few.start(OTHER, "b", 0, 9, 10, 100, 0, ObjectContent.of(new byte[1]), stored::add);
            Thread releaser = new Thread(() -> storage.release("a"));
            releaser.start();

            few.start(TP, "c", 10, 19, 10, 100, 0, ObjectContent.of(new byte[1]), stored::add);

            assertThat(stored).extracting(ObjectUploads.Upload::key).contains("a");
            assertThat(few.inFlight()).isEqualTo(2);
            releaser.join();
        } finally {
            storage.releaseAll();
            few.close();
        }
    }

    @Test
    void shouldStoreOnTheCallersThreadWithoutUploadThreads() {
        ObjectUploads synchronous = new ObjectUploads(storage, 0, 1);
        storage.releaseAll();

        synchronous.start(TP, "a", 0, 9, 10, 100, 0, ObjectContent.of(new byte[1]), stored::add);
        synchronous.harvest(stored::add);

        assertThat(stored).extracting(ObjectUploads.Upload::key).containsExactly("a");
        assertThat(storage.storedKeys).containsKey("a");
        synchronous.close();
    }

    private void start(TopicPartitionId partition, String key, long first, long last) {
        uploads.start(partition, key, first, last, last - first + 1, 100, 0, ObjectContent.of(new byte[1]),
                stored::add);
    }

    /** Holds each put until its key is released, then stores it or fails it. */
    private static final class HeldStorage implements ObjectStorage {
        private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
        private volatile boolean allReleased;
        final Map<String, Boolean> storedKeys = new ConcurrentHashMap<>();

        @Override
        public void put(String key, ObjectContent content) {
            try {
                CountDownLatch release = latch(held, key);
                // Polls the flag too: releaseAll may run between the flag's check and the latch's creation.
                while (!allReleased && !release.await(10, TimeUnit.MILLISECONDS)) {
                    // Held.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted", true, e);
            }
            try {
                if (failing.containsKey(key)) {
                    throw new StorageException("throttled storing " + key, true, null);
                }
                storedKeys.put(key, true);
            } finally {
                latch(done, key).countDown();
            }
        }

        @Override
        public boolean putIfAbsent(String key, ObjectContent content) {
            put(key, content);
            return true;
        }

        void release(String key) {
            latch(held, key).countDown();
        }

        void releaseAll() {
            allReleased = true;
            held.values().forEach(CountDownLatch::countDown);
        }

        void fail(String key) {
            failing.put(key, true);
        }

        void awaitStored(String key) throws InterruptedException {
            latch(done, key).await();
            // The upload's completion is noted a moment after the put returns.
            Thread.sleep(50);
        }

        private static CountDownLatch latch(Map<String, CountDownLatch> latches, String key) {
            return latches.computeIfAbsent(key, k -> new CountDownLatch(1));
        }

        @Override
        public void checkAccess() {}

        @Override
        public InputStream get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream getRange(String key, long offset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<StoredObject> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String location() {
            return "held";
        }

        @Override
        public void close() {}
    }
}
