package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.ForwardingStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task's commit and retry behaviour over a real local-directory storage that can be made to fail or to hold
 * uploads back. Most tests store on the task's thread ({@code upload.concurrency=0}) so that what they check has
 * happened when {@code put} returns; the last ones cover uploads in the background.
 */
class BackupSinkTaskTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path directory;

    private FailingStorage storage;
    private RecordingContext context;
    private BackupSinkTask task;

    @BeforeEach
    void start() {
        storage = new FailingStorage(new LocalDirectoryStorage(directory));
        startTask(0);
    }

    private void startTask(int uploadConcurrency) {
        startTask(uploadConcurrency, Map.of());
    }

    private void startTask(int uploadConcurrency, Map<String, String> extra) {
        context = new RecordingContext();
        task = new BackupSinkTask(config -> storage);
        task.initialize(context);
        Map<String, String> props = new HashMap<>();
        props.put("storage.type", "local");
        props.put("storage.local.directory", directory.toString());
        props.put("flush.size", "3");
        props.put("retry.backoff.ms", "250");
        props.put("upload.concurrency", Integer.toString(uploadConcurrency));
        props.putAll(extra);
        task.start(props);
    }

    private static List<SinkRecord> records(long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(new SinkRecord(TP.topic(), TP.partition(), null, null, null, new byte[] {(byte) offset},
                    offset));
        }
        return records;
    }

    /** A commit as the task offers it: marked as a backup's, so that offset backups leave its group out. */
    private static OffsetAndMetadata committed(long offset) {
        return new OffsetAndMetadata(offset, "kafka-backup");
    }

    private Map<TopicPartition, OffsetAndMetadata> preCommit() {
        return task.preCommit(Map.of(TP, new OffsetAndMetadata(1_000)));
    }

    private Set<String> storedKeys() {
        try (var objects = storage.list("")) {
            return objects.map(o -> o.key()).collect(Collectors.toSet());
        }
    }

    @Test
    void shouldCommitOnlyWhatIsStoredAndAskForACommitAfterStoring() {
        task.put(records(0, 4));

        assertThat(storedKeys()).containsExactly(new BackupLayout("").objectKey("orders", 0, 0));
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(3)));
        assertThat(context.commitRequested).isTrue();
    }

    @Test
    void shouldRewindAndBackOffWhenStoringFailsRetriably() throws InterruptedException {
        task.put(records(0, 2));
        storage.failures = 1;
        storage.retriable = true;

        task.put(records(2, 6));

        assertThat(context.offsets).containsExactly(Map.entry(TP, 0L));
        assertThat(context.paused).containsExactly(TP);
        // The first wait is drawn from the upper half of retry.backoff.ms.
        assertThat(context.timeoutMs).isBetween(125L, 250L);
        assertThat(storedKeys()).isEmpty();
        assertThat(preCommit()).isEmpty();

        // Connect delivers again from the rewound offset once the partition resumes: the same object is written.
        awaitResumed();
        task.put(records(0, 6));
        assertThat(storedKeys()).hasSize(2);
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(6)));
    }

    @Test
    void shouldMarkTheCommitOfEveryAssignedPartitionAsABackupsEvenWithNothingStored() {
        TopicPartition idle = new TopicPartition("orders", 1);
        task.open(List.of(TP, idle));
        task.put(records(0, 4));

        // Connect commits the offset it holds for a partition the task leaves out, without the metadata that keeps
        // this group out of offset backups: the task hands that offset back with it.
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(TP, new OffsetAndMetadata(4),
                idle, new OffsetAndMetadata(17));
        assertThat(task.preCommit(current)).containsOnly(Map.entry(TP, committed(3)), Map.entry(idle, committed(17)));
    }

    @Test
    void shouldOfferNoOffsetOfAPartitionRewoundUntilConnectHasMovedBack() {
        task.open(List.of(TP));
        storage.failures = 1;
        storage.retriable = true;
        task.put(records(0, 4));

        // Connect's offset is still past the lost object until its next poll applies the rewind.
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(4)))).isEmpty();
        task.put(List.of());
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(0)))).containsExactly(Map.entry(TP, committed(0)));
    }

    @Test
    void shouldFailTheTaskWithTheObjectKeyWhenStoringFailsFatally() {
        storage.failures = 1;
        storage.retriable = false;

        assertThatThrownBy(() -> task.put(records(0, 3)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders/0/orders-0-00000000000000000000.avro")
                .hasMessageContaining("access denied");
    }

    @Test
    void shouldRewriteTheSameObjectsWhenACrashLostTheCommit() throws Exception {
        task.put(records(0, 10));
        Map<String, byte[]> before = storedContents();
        assertThat(before).hasSize(3);

        // A crash after the uploads but before the offset commit: a new task gets the records again from the last
        // committed offset, here the very start.
        task.stop();
        BackupSinkTask restarted = new BackupSinkTask(config -> storage);
        restarted.initialize(new RecordingContext());
        restarted.start(Map.of("storage.type", "local", "storage.local.directory", directory.toString(),
                "flush.size", "3", "upload.concurrency", "0"));
        restarted.put(records(0, 10));

        Map<String, byte[]> after = storedContents();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((key, bytes) -> assertThat(records(bytes, key)).isEqualTo(records(before.get(key), key)));
    }

    private Map<String, byte[]> storedContents() throws java.io.IOException {
        Map<String, byte[]> contents = new java.util.TreeMap<>();
        for (String key : storedKeys()) {
            try (var in = storage.get(key)) {
                contents.put(key, in.readAllBytes());
            }
        }
        return contents;
    }

    /** Offsets and values of an object: the same records, whatever the sync marker of the attempt. */
    private static List<String> records(byte[] object, String key) {
        List<String> result = new ArrayList<>();
        try (var reader = ch.tbd.kafka.backuprestore.format.BackupObjectReader.open(
                new java.io.ByteArrayInputStream(object), key)) {
            reader.forEachRemaining(r -> result.add(r.offset() + ":" + java.util.Arrays.toString(r.value())));
        }
        return result;
    }

    @Test
    void shouldKeepAShorterObjectOfTheSameLogAndGoOnAfterItsEnd() {
        // A task that stopped stored its open object of offsets 0..1; the next task gets the records from 0 again.
        task.put(records(0, 2));
        task.close(List.of(TP));
        startTask(0);

        task.put(records(0, 6));

        assertThat(context.offsets).containsExactly(Map.entry(TP, 2L));
        assertThat(context.paused).isEmpty();
        task.put(records(2, 8));
        assertThat(storedKeys()).containsExactlyInAnyOrder(new BackupLayout("").objectKey("orders", 0, 0),
                new BackupLayout("").objectKey("orders", 0, 2), new BackupLayout("").objectKey("orders", 0, 5));
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(8)));
    }

    @Test
    void shouldShowHowLongTheOldestUnstoredRecordHasWaited() throws Exception {
        javax.management.ObjectName bean = new javax.management.ObjectName(
                "kafka.backup:type=backup-task,connector=\"backup\",task=\"0\"");
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();

        task.put(records(0, 2));
        Thread.sleep(150);
        task.put(List.of());
        long waiting = (Long) server.getAttribute(bean, "OldestUnstoredRecordAgeMs");
        long buffered = (Long) server.getAttribute(bean, "BufferedBytes");
        int open = (Integer) server.getAttribute(bean, "OpenObjects");
        task.put(records(2, 3));

        assertThat(waiting).isGreaterThanOrEqualTo(150);
        assertThat(buffered).as("two records in an open object").isPositive();
        assertThat(open).isEqualTo(1);
        assertThat((Long) server.getAttribute(bean, "OldestUnstoredRecordAgeMs")).isZero();
        assertThat((Long) server.getAttribute(bean, "ObjectsStored")).isEqualTo(1);
        assertThat((Long) server.getAttribute(bean, "UploadLatencyMaxMs"))
                .isGreaterThanOrEqualTo((Long) server.getAttribute(bean, "UploadLatencyAvgMs")).isNotNegative();
    }

    @Test
    void shouldStoreOpenObjectsOfClosedPartitionsWithoutCommittingThem() {
        task.put(records(0, 2));
        task.close(List.of(TP));

        assertThat(storedKeys()).hasSize(1);
        assertThat(preCommit()).isEmpty();
    }

    @Test
    void shouldLeaveRecordsUncommittedWhenStoringAtCloseFails() {
        task.put(records(0, 2));
        storage.failures = 1;
        storage.retriable = true;
        task.close(List.of(TP));

        assertThat(storedKeys()).isEmpty();
        assertThat(preCommit()).isEmpty();
    }

    @Test
    void shouldCommitAnObjectUploadedInTheBackgroundOnlyOnceItIsStored() throws Exception {
        task.stop();
        startTask(2);
        storage.hold = new CountDownLatch(1);

        task.put(records(0, 4));

        // The object of offsets 0..2 is on its way: the task consumed on, and commits nothing past offset 0.
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(0)));
        context.commitRequested = false;
        storage.hold.countDown();
        // A put after the upload ended notices it and asks for a commit at once.
        for (int i = 0; i < 500 && !context.commitRequested; i++) {
            task.put(List.of());
            Thread.sleep(10);
        }
        assertThat(context.commitRequested).isTrue();
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(3)));
        assertThat(storedKeys()).hasSize(1);
    }

    @Test
    void shouldRewindAtTheNextPutWhenABackgroundUploadFails() throws Exception {
        task.stop();
        startTask(2);
        storage.failures = 1;
        storage.retriable = true;

        task.put(records(0, 4));
        awaitAttempts(1);
        // The failure is noticed at a put once the upload has ended: the partition is rewound to its object's start.
        for (int i = 0; i < 500 && context.offsets.isEmpty(); i++) {
            task.put(List.of());
            Thread.sleep(10);
        }

        assertThat(context.offsets).containsExactly(Map.entry(TP, 0L));
        assertThat(context.paused).containsExactly(TP);
        assertThat(preCommit()).isEmpty();

        // Delivered again from offset 0: the object is written this time, nothing is lost.
        awaitResumed();
        task.put(records(0, 6));
        awaitCommittable(6);
        assertThat(storedKeys()).hasSize(2);
    }

    @Test
    void shouldWaitLongerBeforeEachRetryAndFailTheTaskNamingTheObjectOnceTheTimeoutHasPassed() throws Exception {
        task.stop();
        startTask(0, Map.of("retry.backoff.ms", "40", "retry.backoff.max.ms", "160", "retry.timeout.ms", "1000"));
        storage.failures = Integer.MAX_VALUE;
        storage.retriable = true;
        List<Long> waits = new ArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> {
            while (true) {
                context.offsets.clear();
                task.put(records(0, 3));
                waits.add(context.timeoutMs);
                awaitResumed();
            }
        }).isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders/0/orders-0-00000000000000000000.avro")
                .hasMessageContaining("throttled")
                .hasMessageContaining("Gave up after")
                .hasMessageContaining("retry.timeout.ms=1000")
                .hasMessageContaining("restart the task");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        // 20-40, 40-80, 80-160 ms, then at most 160 ms each: a handful of attempts in a second, not hundreds.
        assertThat(waits.subList(0, 3)).satisfies(w -> {
            assertThat(w.get(0)).isBetween(20L, 40L);
            assertThat(w.get(1)).isBetween(40L, 80L);
            assertThat(w.get(2)).isBetween(80L, 160L);
        });
        assertThat(storage.attempts.get()).isBetween(6, 20);
    }

    @Test
    void shouldStartTheNextRunOfFailuresWithTheFirstBackoffAfterAStore() throws Exception {
        task.stop();
        startTask(0, Map.of("retry.backoff.ms", "40", "retry.backoff.max.ms", "10000", "retry.timeout.ms", "60000"));
        storage.retriable = true;
        storage.failures = 3;
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            task.put(records(0, 3));
            waits.add(context.timeoutMs);
            awaitResumed();
        }
        assertThat(waits.get(2)).isBetween(80L, 160L);
        task.put(records(0, 3));
        assertThat(storedKeys()).hasSize(1);

        storage.failures = 1;
        task.put(records(3, 6));

        assertThat(context.timeoutMs).isBetween(20L, 40L);
    }

    /** Puts nothing until the paused partition is resumed, as Connect does while it waits out the timeout. */
    private void awaitResumed() throws InterruptedException {
        for (int i = 0; i < 1_000 && !context.paused.isEmpty(); i++) {
            Thread.sleep(5);
            task.put(List.of());
        }
        assertThat(context.paused).isEmpty();
    }

    /** Puts nothing until the background uploads have ended and the task offers this offset for commit. */
    private void awaitCommittable(long offset) throws InterruptedException {
        for (int i = 0; i < 500 && !preCommit().equals(Map.of(TP, committed(offset))); i++) {
            task.put(List.of());
            Thread.sleep(10);
        }
        assertThat(preCommit()).containsExactly(Map.entry(TP, committed(offset)));
    }

    private void awaitAttempts(int attempts) throws InterruptedException {
        for (int i = 0; i < 500 && storage.attempts.get() < attempts; i++) {
            Thread.sleep(10);
        }
        assertThat(storage.attempts.get()).isEqualTo(attempts);
    }

    /** Delegates to a real storage, failing the next puts when told to, or holding them until released. */
    private static final class FailingStorage extends ForwardingStorage {
        volatile int failures;
        volatile boolean retriable;
        volatile CountDownLatch hold;
        final AtomicInteger attempts = new AtomicInteger();

        FailingStorage(ObjectStorage delegate) {
            super(delegate);
        }

        @Override
        public void put(String key, ObjectContent content) {
            attempts.incrementAndGet();
            failIfTold();
            super.put(key, content);
        }

        private void failIfTold() {
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted", true, e);
                }
            }
            if (failures > 0) {
                failures--;
                throw new StorageException(retriable ? "throttled" : "access denied", retriable, null);
            }
        }

        @Override
        public boolean putIfAbsent(String key, ObjectContent content) {
            attempts.incrementAndGet();
            failIfTold();
            return super.putIfAbsent(key, content);
        }
    }

    private static final class RecordingContext implements SinkTaskContext {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        final Set<TopicPartition> paused = new java.util.HashSet<>();
        long timeoutMs = -1;
        boolean commitRequested;

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            this.offsets.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            offsets.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(TP);
        }

        @Override
        public void pause(TopicPartition... partitions) {
            paused.addAll(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            paused.removeAll(List.of(partitions));
        }

        @Override
        public void requestCommit() {
            commitRequested = true;
        }
    }
}
