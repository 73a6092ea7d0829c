package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionReaderTest {

    private static final String TOPIC = "orders";
    private static final TopicPartitionId TP = new TopicPartitionId(TOPIC, 0);

    @TempDir
    Path root;

    private final BackupLayout layout = new BackupLayout("prefix");
    private CountingStorage storage;

    @BeforeEach
    void setUp() {
        storage = new CountingStorage(new LocalDirectoryStorage(root));
    }

    private List<BackupObjectRef> objects() {
        return new BackupCatalog(storage, layout).partitions(TOPIC).get(0);
    }

    private static List<BackupRecord> readAll(PartitionReader reader) {
        List<BackupRecord> records = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private PartitionReader reader(long nextOffset, RestoreWindow window) {
        return new PartitionReader(storage, PartitionRestorePlan.fresh(TP, objects(), window).resumeAt(nextOffset));
    }

    private static long[] offsets(List<BackupRecord> records) {
        return records.stream().mapToLong(BackupRecord::offset).toArray();
    }

    @Test
    void shouldEmitEveryRecordOfAMultiObjectPartitionInOrderByteExact() {
        List<BackupRecord> written = TestBackups.range(TOPIC, 0, 0, 47);
        TestBackups.write(storage, layout, 10, written);

        PartitionReader reader = new PartitionReader(storage,
                PartitionRestorePlan.fresh(TP, objects(), RestoreWindow.all()));
        List<BackupRecord> read = readAll(reader);

        assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(written);
        assertThat(reader.nextOffset()).isEqualTo(47);
        assertThat(reader.counters()).isEqualTo(new ReadCounters(5, 0, 0, totalSize(), 47));
        assertThat(storage.gets).hasSize(5);
        assertThat(storage.rangeGets).isEmpty();
    }

    private long totalSize() {
        return objects().stream().mapToLong(BackupObjectRef::size).sum();
    }

    @Test
    void shouldOpenTheNextObjectWhileTheCurrentOneIsRead() throws InterruptedException {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 30));

        try (PartitionReader reader = reader(0, RestoreWindow.all())) {
            assertThat(reader.next().offset()).isZero();
            long deadline = System.currentTimeMillis() + 5_000;
            while (storage.gets.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(storage.gets).containsExactly(layout.objectKey(TOPIC, 0, 0), layout.objectKey(TOPIC, 0, 10));
        }
    }

    @Test
    void shouldResumeFromTheMiddleOfAnObject() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 30));

        PartitionReader reader = reader(14, RestoreWindow.all());

        assertThat(offsets(readAll(reader))).containsExactly(LongStream.range(14, 30).toArray());
        assertThat(storage.gets).doesNotContain(layout.objectKey(TOPIC, 0, 0));
        assertThat(reader.counters().objectsSkipped()).isEqualTo(1);
    }

    @Test
    void shouldEmitEachOffsetOnceWhenARewriteOverlapsEarlierObjects() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 30));
        TestBackups.write(storage, layout, 7, TestBackups.range(TOPIC, 0, 5, 33));
        assertThat(objects()).extracting(BackupObjectRef::startOffset)
                .containsExactly(0L, 5L, 10L, 12L, 19L, 20L, 26L);

        List<BackupRecord> read = readAll(reader(0, RestoreWindow.all()));

        assertThat(read).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(TestBackups.range(TOPIC, 0, 0, 33));
    }

    @Test
    void shouldEmitEachOffsetOnceWhenAnOverlapIsResumedInside() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 30));
        TestBackups.write(storage, layout, 7, TestBackups.range(TOPIC, 0, 5, 33));

        for (long resume = 0; resume <= 33; resume++) {
            assertThat(offsets(readAll(reader(resume, RestoreWindow.all()))))
                    .as("resumed at %d", resume)
                    .containsExactly(LongStream.range(resume, 33).toArray());
        }
    }

    @Test
    void shouldReadAnOldShortObjectOnlyByItsHeaderWhenALongerRewriteCoversIt() {
        TestBackups.write(storage, layout, 11, TestBackups.range(TOPIC, 0, 100, 111));
        TestBackups.write(storage, layout, 1000, TestBackups.range(TOPIC, 0, 0, 151));

        PartitionReader reader = reader(0, RestoreWindow.all());

        assertThat(offsets(readAll(reader))).containsExactly(LongStream.range(0, 151).toArray());
        assertThat(storage.gets).containsExactly(layout.objectKey(TOPIC, 0, 0));
        assertThat(reader.counters().objectsRead()).isEqualTo(1);
        assertThat(reader.counters().objectsSkipped()).isEqualTo(1);
        assertThat(reader.counters().recordsEmitted()).isEqualTo(151);
    }

    @Test
    void shouldReadOnFromAnOverlappedObjectWhenItReachesFurtherThanTheNextOne() {
        TestBackups.write(storage, layout, 11, TestBackups.range(TOPIC, 0, 100, 111));
        TestBackups.write(storage, layout, 1000, TestBackups.range(TOPIC, 0, 0, 151));

        // The next object starts at 100, below the resume position, yet only the first object holds 111..150.
        assertThat(offsets(readAll(reader(105, RestoreWindow.all()))))
                .containsExactly(LongStream.range(105, 151).toArray());
    }

    @Test
    void shouldPreserveGapsInOffsets() {
        long[] offsets = {0, 1, 5, 6, 10, 20, 21, 40, 41, 42, 100};
        TestBackups.write(storage, layout, 3, TestBackups.records(TOPIC, 0, offsets));

        assertThat(offsets(readAll(reader(0, RestoreWindow.all())))).containsExactly(offsets);
        assertThat(offsets(readAll(reader(7, RestoreWindow.all())))).containsExactly(10, 20, 21, 40, 41, 42, 100);
    }

    @Test
    void shouldEmitExactlyTheTimeWindowWithoutDownloadingObjectsOutsideIt() {
        // Timestamps are 1000 + 10 * offset: objects span 1000..1090, 1100..1190, ... 1400..1490.
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 50));
        RestoreWindow window = RestoreWindow.all().withTimes(1150L, 1260L);

        PartitionReader reader = reader(0, window);
        List<BackupRecord> read = readAll(reader);

        assertThat(read).extracting(BackupRecord::timestamp).allMatch(t -> t >= 1150 && t < 1260);
        assertThat(offsets(read)).containsExactly(LongStream.range(15, 26).toArray());
        // A header read of each object (read ahead, so in no set order), and a ranged read of the blocks needed of
        // the two the window touches.
        assertThat(storage.gets).isEmpty();
        assertThat(storage.rangeGets).hasSize(7).containsOnlyOnce(layout.objectKey(TOPIC, 0, 0),
                layout.objectKey(TOPIC, 0, 30), layout.objectKey(TOPIC, 0, 40));
        assertThat(storage.rangeGets.stream().filter(layout.objectKey(TOPIC, 0, 10)::equals)).hasSize(2);
        assertThat(storage.rangeGets.stream().filter(layout.objectKey(TOPIC, 0, 20)::equals)).hasSize(2);
        ReadCounters counters = reader.counters();
        assertThat(counters.objectsRead()).isEqualTo(2);
        assertThat(counters.objectsSkipped()).isEqualTo(3);
        assertThat(counters.headerBytesRead()).isPositive();
        assertThat(counters.recordsEmitted()).isEqualTo(11);
        assertThat(reader.nextOffset()).isEqualTo(50);
    }

    @Test
    void shouldReadTheHeadersATimeWindowNeedsSeveralAtOnce() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 400));
        SlowStorage slow = new SlowStorage(storage, 10);
        RestoreWindow window = RestoreWindow.all().withTimes(1000L + 10 * 385, 1000L + 10 * 392);

        List<BackupRecord> read = readAll(new PartitionReader(slow,
                PartitionRestorePlan.fresh(TP, objects(), window)));

        assertThat(offsets(read)).containsExactly(LongStream.range(385, 392).toArray());
        assertThat(slow.mostAtOnce.get()).isGreaterThan(4);
    }

    @Test
    void shouldEmitExactlyTheOffsetWindowAndStopBeforeObjectsBeyondIt() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 50));
        RestoreWindow window = RestoreWindow.all().withOffsets(TP, new OffsetRange(12, 27));

        PartitionReader reader = new PartitionReader(storage, PartitionRestorePlan.fresh(TP, objects(), window));

        assertThat(offsets(readAll(reader))).containsExactly(LongStream.range(12, 27).toArray());
        // The next object starts at or before the window's start: the headers tell that the first object ends before
        // it and that the second holds it, whose blocks from offset 12 on are then read.
        assertThat(storage.rangeGets).containsExactly(layout.objectKey(TOPIC, 0, 0), layout.objectKey(TOPIC, 0, 10),
                layout.objectKey(TOPIC, 0, 10));
        assertThat(storage.gets).containsExactly(layout.objectKey(TOPIC, 0, 20));
        assertThat(reader.nextOffset()).isEqualTo(27);
    }

    @Test
    void shouldRaiseCorruptObjectNamingTheDamagedObject() throws IOException {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 30));
        String damaged = layout.objectKey(TOPIC, 0, 10);
        Path file = root.resolve(damaged);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 0x5a;
        Files.write(file, bytes);

        PartitionReader reader = reader(0, RestoreWindow.all());
        List<Long> before = new ArrayList<>();

        assertThatThrownBy(() -> reader.forEachRemaining(r -> before.add(r.offset())))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(damaged)
                .satisfies(e -> assertThat(((CorruptObjectException) e).objectName()).isEqualTo(damaged));
        assertThat(before).startsWith(0L, 1L, 2L).doesNotContain(20L);
        reader.close();
    }

    @Test
    void shouldEmitNothingForAPartitionWithoutObjects() {
        PartitionReader reader = new PartitionReader(storage, PartitionRestorePlan.fresh(TP, List.of(),
                RestoreWindow.all()));

        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.nextOffset()).isZero();
    }
}
