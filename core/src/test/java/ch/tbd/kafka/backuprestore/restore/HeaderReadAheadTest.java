package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderReadAheadTest {

    private static final String TOPIC = "orders";

    @TempDir
    Path root;

    private final BackupLayout layout = new BackupLayout("prefix");
    private LocalDirectoryStorage local;
    private List<BackupObjectRef> objects;

    @BeforeEach
    void setUp() {
        local = new LocalDirectoryStorage(root);
        TestBackups.write(local, layout, 5, TestBackups.range(TOPIC, 0, 0, 200));
        objects = new BackupCatalog(local, layout).partitions(TOPIC).get(0);
    }

    @Test
    void shouldGiveEveryHeaderInOrderAsReadingThemOneByOneWould() {
        List<ObjectSummary> expected = objects.stream()
                .map(ref -> BackupObjectReader.readSummary(local, ref.key(), read -> { })).toList();

        List<ObjectSummary> read = new ArrayList<>();
        try (HeaderReadAhead headers = HeaderReadAhead.of(local, objects)) {
            while (headers.hasNext()) {
                read.add(headers.next().summary());
            }
            assertThat(headers.bytesRead()).isPositive();
        }

        assertThat(objects).hasSize(40);
        assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected);
    }

    @Test
    void shouldHaveSeveralReadsInFlightAtOnce() {
        SlowStorage slow = new SlowStorage(local, 20);

        try (HeaderReadAhead headers = HeaderReadAhead.of(slow, objects)) {
            while (headers.hasNext()) {
                headers.next();
            }
        }

        assertThat(slow.mostAtOnce.get()).isGreaterThan(4);
        assertThat(slow.reads.get()).isEqualTo(objects.size());
    }

    @Test
    void shouldRaiseAFailedReadWhenItsObjectsTurnComes() {
        String failing = objects.get(7).key();
        ObjectStorage storage = new SlowStorage(local, 0) {
            @Override
            public InputStream getRange(String key, long offset, long length) {
                if (key.equals(failing)) {
                    throw new StorageException("Reading '" + key + "' failed: connection reset", true, null);
                }
                return super.getRange(key, offset, length);
            }
        };

        try (HeaderReadAhead headers = HeaderReadAhead.of(storage, objects)) {
            for (int i = 0; i < 7; i++) {
                assertThat(headers.next().summary().firstOffset()).isEqualTo(i * 5L);
            }
            assertThat(headers.nextKey()).isEqualTo(failing);
            assertThatThrownBy(headers::next).isInstanceOf(StorageException.class).hasMessageContaining(failing);
            assertThat(headers.next().summary().firstOffset()).isEqualTo(40);
        }
    }

    @Test
    void shouldLeaveEveryOpenReaderItsShareOfTheReadsAhead() throws InterruptedException {
        // As a restore task of ten partitions has them: each read in turn, the others waiting with what they read.
        List<CountingStorage> storages = new ArrayList<>();
        List<HeaderReadAhead> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                CountingStorage storage = new CountingStorage(local);
                storages.add(storage);
                readers.add(HeaderReadAhead.of(storage, objects));
            }
            readers.forEach(HeaderReadAhead::next);
            CountingStorage last = storages.get(storages.size() - 1);
            long deadline = System.currentTimeMillis() + 5_000;
            while (last.rangeGets.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(last.rangeGets).hasSizeGreaterThan(1);
            assertThat(storages.get(0).rangeGets).hasSizeLessThanOrEqualTo(
                    1 + HeaderReadAhead.HEADERS_AHEAD_IN_PROCESS / readers.size());
        } finally {
            readers.forEach(HeaderReadAhead::close);
        }
    }

    @Test
    void shouldGiveEveryReadAheadBackWhenClosedWhileAHeaderIsTaken() throws Exception {
        int before = HeaderReadAhead.aheadAvailable();
        SlowStorage slow = new SlowStorage(local, 50);
        HeaderReadAhead headers = HeaderReadAhead.of(slow, objects);
        java.util.concurrent.CompletableFuture<Void> taking = java.util.concurrent.CompletableFuture.runAsync(() -> {
            while (headers.hasNext()) {
                headers.next();
            }
        });
        Thread.sleep(120);

        headers.close();
        try {
            taking.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException ignored) {
            // Whatever the taking thread met after the close does not matter here.
        }

        assertThat(HeaderReadAhead.aheadAvailable()).isEqualTo(before);
    }

    @Test
    void shouldReadAloneWhenTheProcessHasNothingLeftToReadAheadAndGiveItAllBackOnClose() {
        int before = HeaderReadAhead.aheadAvailable();
        List<HeaderReadAhead> idle = new ArrayList<>();
        try {
            // Readers that started their reads and were then left alone hold every read ahead there is.
            while (HeaderReadAhead.aheadAvailable() > 0) {
                HeaderReadAhead reader = HeaderReadAhead.of(local, objects);
                reader.next();
                idle.add(reader);
            }
            CountingStorage counting = new CountingStorage(local);
            try (HeaderReadAhead alone = HeaderReadAhead.of(counting, objects)) {
                assertThat(alone.next().summary().firstOffset()).isZero();
                assertThat(counting.rangeGets).containsExactly(objects.get(0).key());
                assertThat(alone.next().summary().firstOffset()).isEqualTo(5);
            }
        } finally {
            idle.forEach(HeaderReadAhead::close);
        }
        assertThat(HeaderReadAhead.aheadAvailable()).isEqualTo(before);
    }
}
