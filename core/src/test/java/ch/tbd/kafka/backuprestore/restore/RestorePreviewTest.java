package ch.tbd.kafka.backuprestore.restore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run must announce exactly what the restore then does: the same records and the same objects read. */
class RestorePreviewTest {

    private static final String TOPIC = "orders";
    private static final TopicPartitionId TP = new TopicPartitionId(TOPIC, 0);

    @TempDir
    Path root;

    private final BackupLayout layout = new BackupLayout("");
    private LocalDirectoryStorage storage;

    @BeforeEach
    void setUp() {
        storage = new LocalDirectoryStorage(root);
    }

    @Test
    void shouldCountEveryRecordOfAFullRestoreFromHeadersAlone() {
        TestBackups.write(storage, layout, 10, TestBackups.range(TOPIC, 0, 0, 47));

        RestorePreview preview = RestorePreview.of(storage, plan(RestoreWindow.all()));

        assertThat(preview.objects()).isEqualTo(5);
        assertThat(preview.objectsToRead()).isEqualTo(5);
        assertThat(preview.records()).isEqualTo(47);
        assertThat(preview.firstOffset()).isZero();
        assertThat(preview.lastOffset()).isEqualTo(46);
        assertThat(preview.bytesToRead()).isEqualTo(objects().stream().mapToLong(BackupObjectRef::size).sum());
    }

    @Test
    void shouldMatchWhatTheReaderDoesAndTheReaderTheWindowForRandomWindowsOverlapsAndHoles() {
        Random random = new Random(42);
        List<BackupRecord> records = new ArrayList<>(TestBackups.records(TOPIC, 0,
                LongStream.range(0, 300).filter(o -> o % 7 != 3).toArray()));
        // Blocks of a few records each, so that windows cut through objects between and inside blocks.
        TestBackups.writeInBlocks(storage, layout, 25, 512, records);
        // A rewrite that starts inside an older object, as a crash and a rerun leave it: the same records again.
        TestBackups.writeInBlocks(storage, layout, 40, 512,
                records.stream().filter(r -> r.offset() >= 110 && r.offset() < 160).toList());

        for (int run = 0; run < 200; run++) {
            RestoreWindow window = RestoreWindow.all();
            if (random.nextBoolean()) {
                long from = random.nextInt(320);
                window = window.withOffsets(new OffsetRange(from, from + 1 + random.nextInt(320)));
            }
            if (random.nextBoolean()) {
                long from = 1000 + random.nextInt(3200);
                window = window.withTimes(random.nextBoolean() ? from : null, from + 1 + random.nextInt(3200));
            }
            PartitionRestorePlan plan = plan(window);

            RestorePreview preview = RestorePreview.of(storage, plan);

            List<BackupRecord> restored = new ArrayList<>();
            ReadCounters counters;
            try (PartitionReader reader = new PartitionReader(storage, plan)) {
                reader.forEachRemaining(restored::add);
                counters = reader.counters();
            }
            RestoreWindow asked = window;
            assertThat(restored.stream().map(RestorePreviewTest::content)).as("records for %s", window)
                    .containsExactlyElementsOf(records.stream().filter(asked::includes).map(RestorePreviewTest::content)
                            .toList());
            assertThat(preview.records()).as("records for %s", window).isEqualTo(restored.size());
            assertThat(preview.objectsToRead()).as("objects for %s", window).isEqualTo(counters.objectsRead());
            if (!restored.isEmpty()) {
                assertThat(preview.firstOffset()).isEqualTo(restored.get(0).offset());
                assertThat(preview.lastOffset()).isEqualTo(restored.get(restored.size() - 1).offset());
            }
        }
    }

    /** Everything a record holds, arrays by content. */
    private static String content(BackupRecord record) {
        StringBuilder text = new StringBuilder().append(record.offset()).append(' ').append(record.timestamp())
                .append(' ').append(record.timestampType()).append(' ').append(Arrays.toString(record.key()))
                .append(' ').append(Arrays.toString(record.value()));
        record.headers().forEach(h -> text.append(' ').append(h.key()).append('=').append(Arrays.toString(h.value())));
        return text.toString();
    }

    private List<BackupObjectRef> objects() {
        return new BackupCatalog(storage, layout).partitions(TOPIC).get(0);
    }

    private PartitionRestorePlan plan(RestoreWindow window) {
        return PartitionRestorePlan.fresh(TP, objects(), window);
    }
}
