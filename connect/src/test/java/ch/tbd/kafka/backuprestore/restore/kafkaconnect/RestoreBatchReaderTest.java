package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ForwardingStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore task's batches over a storage whose header reads wait at a gate. The totals of the progress are counted
 * beside the restore: records flow before the count ends, the record that completes its partition waits for the totals
 * it reports, and a stop ends that wait. A batch does not wait for a partition slow to its first record.
 */
class RestoreBatchReaderTest {

    private static final String TOPIC = "orders";
    private static final int RECORDS = 10;

    @TempDir
    Path directory;

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private GatedHeaders storage;
    private RestoreBatchReader reader;
    private final RestoreTaskMetrics metrics = new RestoreTaskMetrics();

    @AfterEach
    void close() {
        metrics.unregister();
        thread.shutdownNow();
        if (reader != null) {
            reader.close();
        }
        if (storage != null) {
            storage.open.countDown();
            storage.close();
        }
    }

    @Test
    void shouldHandOutRecordsWhileTheTotalsAreCountedAndHoldTheLastOneUntilTheyAre() throws Exception {
        reader = readerOfOnePartition(3);

        List<SourceRecord> first = reader.nextBatch();
        assertThat(first).hasSize(3);
        assertThat(first).allSatisfy(record -> assertThat(progress(record))
                .containsEntry("total.records", -1L).containsEntry("total.bytes", -1L)
                .containsEntry("complete", false));

        // The rest, on another thread: it reaches the last record and waits there for the count.
        Future<List<SourceRecord>> rest = thread.submit(() -> {
            List<SourceRecord> records = new ArrayList<>();
            while (records.size() < RECORDS - first.size()) {
                records.addAll(reader.nextBatch());
            }
            return records;
        });
        awaitHeaderReads();
        try {
            rest.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("the last record was handed out before the totals were counted");
        } catch (TimeoutException expected) {
            // Held, as it should be.
        }

        storage.open.countDown();
        List<SourceRecord> records = rest.get(30, TimeUnit.SECONDS);
        SourceRecord last = records.get(records.size() - 1);
        assertThat(progress(last)).containsEntry("offset", (long) RECORDS - 1).containsEntry("complete", true)
                .containsEntry("records", (long) RECORDS).containsEntry("total.records", (long) RECORDS);
        assertThat((Long) last.sourceOffset().get("total.bytes")).isPositive()
                .isEqualTo(last.sourceOffset().get("bytes"));
    }

    @Test
    void shouldEndABatchThatWaitsForTheTotalsWhenClosedEvenWhileAHeaderReadHangs() throws Exception {
        reader = readerOfOnePartition(100);
        Future<List<SourceRecord>> batch = thread.submit(reader::nextBatch);
        awaitHeaderReads();
        assertThatThrownBy(() -> batch.get(300, TimeUnit.MILLISECONDS)).as("the last record waits for the totals")
                .isInstanceOf(TimeoutException.class);

        reader.close();

        assertThatThrownBy(() -> batch.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectException.class).hasMessageContaining("stopped while counting");
    }

    @Test
    void shouldHandNoBatchRatherThanAFailureToATaskStoppedWhileItsBatchWaitsForTheTotals() throws Exception {
        reader = readerOfOnePartition(100);
        BatchReadAhead batches = new BatchReadAhead(reader, "test");
        Future<List<SourceRecord>> taken = thread.submit(batches::take);
        awaitHeaderReads();

        batches.stopReading();

        assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
        batches.awaitStopped();
    }

    private void awaitHeaderReads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storage.headerReads.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(storage.headerReads.get()).as("header reads under way").isPositive();
    }

    @Test
    void shouldTakeTheTotalsOfAResumedPartitionFromItsStoredProgress() throws Exception {
        reader = readerOfOnePartition(100, new RestoreProgress(3, 4, RECORDS, 0, 1234, false));
        storage.open.countDown();

        List<SourceRecord> records = thread.submit(reader::nextBatch).get(30, TimeUnit.SECONDS);

        assertThat(records).hasSize(RECORDS - 4);
        assertThat(progress(records.get(records.size() - 1))).containsEntry("complete", true)
                .containsEntry("total.records", (long) RECORDS).containsEntry("total.bytes", 1234L);
        // Only the header of the first object, which the resumed restore has passed: no count of the totals.
        assertThat(storage.headerReads.get()).isEqualTo(1);
    }

    @Test
    void shouldCountTheTotalsAgainAfterAReadFailureThatMayPass() throws Exception {
        reader = readerOfOnePartition(100, null, Map.of("retry.backoff.ms", "10", "retry.backoff.max.ms", "20"));
        storage.failuresLeft.set(2);
        storage.open.countDown();

        List<SourceRecord> records = thread.submit(reader::nextBatch).get(30, TimeUnit.SECONDS);

        assertThat(records).hasSize(RECORDS);
        assertThat(progress(records.get(RECORDS - 1))).containsEntry("complete", true)
                .containsEntry("total.records", (long) RECORDS);
        assertThat(storage.failuresLeft.get()).as("both failures met").isNegative();
        assertThat(metrics.getReadRetries()).isPositive();
    }

    @Test
    void shouldCountAgainTheTotalsThatAStoppedTaskHadNotCounted() throws Exception {
        reader = readerOfOnePartition(100, new RestoreProgress(3, 4, -1, 100, -1, false));
        storage.open.countDown();

        List<SourceRecord> records = thread.submit(reader::nextBatch).get(30, TimeUnit.SECONDS);

        Map<String, Object> last = progress(records.get(records.size() - 1));
        assertThat(last).containsEntry("complete", true).containsEntry("records", (long) RECORDS)
                .containsEntry("total.records", (long) RECORDS);
        assertThat((Long) last.get("total.bytes")).isPositive().isEqualTo(last.get("bytes"));
    }

    @Test
    void shouldSendTheRecordsItHasOnceABatchTookASecondRatherThanWaitForEveryPartition() throws Exception {
        LocalDirectoryStorage local = backUp(2);
        RestoreSourceConfig config = config(4, Map.of(RestoreSourceConfig.TIME_FROM, "0"));
        Set<String> partition1 = new BackupCatalog(local, config.storage().layout()).partitions(TOPIC).get(1).stream()
                .map(BackupObjectRef::key).collect(Collectors.toSet());
        // Partition 0 reaches its first record of the window after more than a second; partition 1 never does.
        storage = new GatedHeaders(local, partition1::contains, 1_200);
        BackupCatalog catalog = new BackupCatalog(storage, config.storage().layout());
        List<PartitionRestore> partitions = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            partitions.add(new PartitionRestore(storage, new TopicPartitionId(TOPIC, partition), "restored",
                    catalog.partitions(TOPIC).get(partition), config.window(), null, config.storage().retryPolicy()));
        }
        reader = new RestoreBatchReader(partitions, catalog, config, new RestoreTaskMetrics(), null, new AtomicLong(),
                "test");

        List<SourceRecord> batch = thread.submit(reader::nextBatch).get(20, TimeUnit.SECONDS);

        assertThat(batch).hasSize(2).allSatisfy(record -> assertThat(record.sourcePartition().get("partition"))
                .isEqualTo(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> progress(SourceRecord record) {
        return (Map<String, Object>) record.sourceOffset();
    }

    private RestoreBatchReader readerOfOnePartition(int batchMax) {
        return readerOfOnePartition(batchMax, null);
    }

    /** Partition 0, resumed from {@code stored} (null for a fresh restore), its header reads behind a shut gate. */
    private RestoreBatchReader readerOfOnePartition(int batchMax, RestoreProgress stored) {
        return readerOfOnePartition(batchMax, stored, Map.of());
    }

    private RestoreBatchReader readerOfOnePartition(int batchMax, RestoreProgress stored, Map<String, String> extra) {
        storage = new GatedHeaders(backUp());
        RestoreSourceConfig config = config(batchMax, extra);
        BackupCatalog catalog = new BackupCatalog(storage, config.storage().layout());
        PartitionRestore partition = new PartitionRestore(storage, new TopicPartitionId(TOPIC, 0), "restored",
                catalog.partitions(TOPIC).get(0), config.window(), stored, config.storage().retryPolicy());
        metrics.register("restore-batch-reader-test", "0", new StorageFailureMetrics(storage));
        return new RestoreBatchReader(List.of(partition), catalog, config, metrics, null, new AtomicLong(), "test");
    }

    private RestoreSourceConfig config(int batchMax) {
        return config(batchMax, Map.of());
    }

    private RestoreSourceConfig config(int batchMax, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("name", "restore-test", "topics", TOPIC + ":restored",
                "storage.type", "local", "storage.local.directory", directory.toString(),
                RestoreSourceConfig.BATCH_MAX_RECORDS, String.valueOf(batchMax)));
        props.putAll(extra);
        return new RestoreSourceConfig(props);
    }

    /** Ten records of partition 0 in objects of four. */
    private LocalDirectoryStorage backUp() {
        return backUp(1);
    }

    /** Ten records of each partition in objects of four. */
    private LocalDirectoryStorage backUp(int partitions) {
        LocalDirectoryStorage local = new LocalDirectoryStorage(directory);
        BackupWriter writer = new BackupWriter(local, new BackupLayout(""), Codec.ZSTD,
                new RotationPolicy(4, -1, -1, Long.MAX_VALUE), 1 << 24, 64 * 1024, Clock.systemUTC());
        for (int partition = 0; partition < partitions; partition++) {
            for (long offset = 0; offset < RECORDS; offset++) {
                writer.write(new BackupRecord(TOPIC, partition, offset, System.currentTimeMillis(),
                        TimestampType.CREATE_TIME, ("k" + offset).getBytes(), ("v" + offset).getBytes(), List.of()));
            }
        }
        writer.storeAll();
        return local;
    }

    /**
     * A real storage whose ranged reads, those of object headers, wait until {@link #open} is counted down; or, for
     * the keys that {@code gated} does not take, for {@code delayMs}.
     */
    private static final class GatedHeaders extends ForwardingStorage {

        final CountDownLatch open = new CountDownLatch(1);
        final AtomicLong headerReads = new AtomicLong();
        /** Ranged reads still to fail, as a throttled store fails them, before reads go through. */
        final AtomicInteger failuresLeft = new AtomicInteger();
        private final Predicate<String> gated;
        private final long delayMs;

        GatedHeaders(ObjectStorage delegate) {
            this(delegate, key -> true, 0);
        }

        GatedHeaders(ObjectStorage delegate, Predicate<String> gated, long delayMs) {
            super(delegate);
            this.gated = gated;
            this.delayMs = delayMs;
        }

        @Override
        public InputStream getRange(String key, long offset, long length) {
            headerReads.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StorageException("throttled reading " + key, true, null);
            }
            try {
                if (!gated.test(key)) {
                    Thread.sleep(delayMs);
                } else if (!open.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the gate of " + key + " stayed shut");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return super.getRange(key, offset, length);
        }
    }
}
