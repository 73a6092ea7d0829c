package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackupWriterTest {

    private static final String TOPIC = "orders";
    private static final int BLOCK = 64 * 1024;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final BackupLayout layout = new BackupLayout("prefix");
    private final MutableClock clock = new MutableClock();

    private BackupWriter writer(RotationPolicy policy, long bufferMaxBytes) {
        return new BackupWriter(storage, layout, Codec.ZSTD, policy, bufferMaxBytes, BLOCK, clock);
    }

    private static RotationPolicy byCount(int flushSize) {
        return new RotationPolicy(flushSize, -1, -1, Long.MAX_VALUE);
    }

    private static BackupRecord record(int partition, long offset, Long timestamp, int valueBytes) {
        byte[] value = new byte[valueBytes];
        ThreadLocalRandom.current().nextBytes(value);
        return new BackupRecord(TOPIC, partition, offset, timestamp, TimestampType.CREATE_TIME,
                ("k" + offset).getBytes(), value, List.of());
    }

    private List<ObjectSummary> summaries() {
        List<ObjectSummary> result = new ArrayList<>();
        for (var entry : storage.objects.entrySet()) {
            try (BackupObjectReader reader = BackupObjectReader.open(storage.get(entry.getKey()), entry.getKey())) {
                reader.forEachRemaining(r -> { });
                result.add(reader.summary());
            }
        }
        return result;
    }

    @Test
    void shouldStoreAnObjectEveryFlushSizeRecordsNamedByItsFirstOffset() {
        BackupWriter writer = writer(byCount(3), Long.MAX_VALUE);
        for (long offset = 0; offset < 7; offset++) {
            writer.write(record(0, offset, 1000L + offset, 10));
        }

        assertThat(storage.objects.keySet()).containsExactly(
                layout.objectKey(TOPIC, 0, 0), layout.objectKey(TOPIC, 0, 3));
        assertThat(summaries()).extracting(ObjectSummary::firstOffset, ObjectSummary::lastOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 2L), org.assertj.core.groups.Tuple.tuple(3L, 5L));
        assertThat(writer.committableOffsets()).containsEntry(new TopicPartitionId(TOPIC, 0), 6L);
    }

    @Test
    void shouldCommitOnlyUpToTheStartOfTheOpenObject() {
        BackupWriter writer = writer(byCount(100), Long.MAX_VALUE);
        writer.write(record(1, 40, null, 10));
        writer.write(record(1, 45, null, 10));

        assertThat(storage.objects).isEmpty();
        assertThat(writer.committableOffsets()).containsExactly(Map.entry(new TopicPartitionId(TOPIC, 1), 40L));
    }

    @Test
    void shouldRotateWhenRecordTimestampsSpanTheInterval() {
        BackupWriter writer = writer(new RotationPolicy(1000, 100, -1, Long.MAX_VALUE), Long.MAX_VALUE);
        writer.write(record(0, 0, 1_000L, 10));
        writer.write(record(0, 1, 1_099L, 10));
        writer.write(record(0, 2, 1_100L, 10));

        assertThat(storage.objects.keySet()).containsExactly(layout.objectKey(TOPIC, 0, 0));
        assertThat(writer.committableOffsets()).containsEntry(new TopicPartitionId(TOPIC, 0), 2L);
    }

    @Test
    void shouldStoreIdleObjectsOnTheWallClockSchedule() {
        BackupWriter writer = writer(new RotationPolicy(1000, -1, 60_000, Long.MAX_VALUE), Long.MAX_VALUE);
        writer.write(record(0, 0, null, 10));
        clock.advance(59_999);
        writer.storeDue();
        assertThat(storage.objects).isEmpty();

        clock.advance(1);
        writer.storeDue();
        assertThat(storage.objects.keySet()).containsExactly(layout.objectKey(TOPIC, 0, 0));
    }

    @Test
    void shouldRotateBySize() {
        BackupWriter writer = writer(new RotationPolicy(1_000_000, -1, -1, 100_000), Long.MAX_VALUE);
        for (long offset = 0; offset < 30; offset++) {
            writer.write(record(0, offset, null, 10_000));
        }
        assertThat(storage.objects).hasSizeGreaterThanOrEqualTo(2);
        assertThat(storage.objects.values()).allSatisfy(bytes -> assertThat(bytes.length).isLessThan(130_000));
    }

    @Test
    void shouldStayWithinTheBufferBudgetWithManyPartitions() {
        long budget = 8L * 1024 * 1024;
        BackupWriter writer = writer(byCount(1_000_000), budget);
        int partitions = 200;
        for (long offset = 0; offset < 50; offset++) {
            for (int partition = 0; partition < partitions; partition++) {
                writer.write(record(partition, offset, null, 2_000));
                assertThat(writer.bufferedHeapBytes()).isLessThanOrEqualTo(budget);
            }
        }
        assertThat(writer.stats().earlyRotations()).isPositive();
        // Every offset is either stored or still open: committable offsets never pass unstored data.
        writer.storeAll();
        assertThat(summaries().stream().mapToLong(ObjectSummary::recordCount).sum()).isEqualTo(50L * partitions);
    }

    @Test
    void shouldStayWithinTheBudgetAndLoseNothingWithUploadsInTheBackground() {
        long budget = 8L * 1024 * 1024;
        BackupWriter writer = new BackupWriter(storage, layout, Codec.ZSTD, byCount(40), budget, BLOCK, clock, 2);
        int partitions = 50;
        for (long offset = 0; offset < 100; offset++) {
            for (int partition = 0; partition < partitions; partition++) {
                writer.write(record(partition, offset, null, 2_000));
                assertThat(writer.bufferedHeapBytes()).isLessThanOrEqualTo(budget);
                // Committed offsets never pass an object that is not stored yet.
                writer.committableOffsets().forEach((tp, committable) -> assertThat(storedUpTo(tp))
                        .as("stored records of %s", tp).isGreaterThanOrEqualTo(committable));
            }
        }
        writer.storeAll();
        assertThat(summaries().stream().mapToLong(ObjectSummary::recordCount).sum()).isEqualTo(100L * partitions);
        assertThat(writer.committableOffsets()).hasSize(partitions).allSatisfy((tp, offset) ->
                assertThat(offset).isEqualTo(100));
        writer.close();
    }

    /** The offset after the last record stored of a partition: its objects, one after the other, from offset 0. */
    private long storedUpTo(TopicPartitionId tp) {
        long next = 0;
        while (true) {
            String key = layout.objectKey(tp.topic(), tp.partition(), next);
            if (!storage.objects.containsKey(key)) {
                return next;
            }
            next = BackupObjectReader.readSummary(storage, key, n -> { }).lastOffset() + 1;
        }
    }

    @Test
    void shouldDropTheObjectAndReportItsStartWhenStoringFails() {
        BackupWriter writer = writer(byCount(3), Long.MAX_VALUE);
        writer.write(record(0, 10, null, 10));
        writer.write(record(0, 11, null, 10));
        storage.failNextPuts = 1;

        assertThatThrownBy(() -> writer.write(record(0, 12, null, 10)))
                .isInstanceOfSatisfying(ObjectUploadException.class, e -> {
                    assertThat(e.partition()).isEqualTo(new TopicPartitionId(TOPIC, 0));
                    assertThat(e.startOffset()).isEqualTo(10);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e).hasMessageContaining(layout.objectKey(TOPIC, 0, 10));
                });
        assertThat(writer.committableOffsets()).doesNotContainKey(new TopicPartitionId(TOPIC, 0));
        assertThat(writer.openObjects()).isZero();

        for (long offset = 10; offset < 13; offset++) {
            writer.write(record(0, offset, null, 10));
        }
        assertThat(storage.objects.keySet()).containsExactly(layout.objectKey(TOPIC, 0, 10));
    }

    @Test
    void shouldStartOverWhenAPartitionIsDeliveredAgainFromTheObjectStart() {
        BackupWriter writer = writer(byCount(10), Long.MAX_VALUE);
        writer.write(record(0, 5, null, 10));
        writer.write(record(0, 6, null, 10));
        writer.write(record(0, 5, null, 10));

        assertThat(writer.openObjectStart(new TopicPartitionId(TOPIC, 0))).isEqualTo(5L);
    }

    @Test
    void shouldAskForARewindWhenARedeliveryStartsInsideTheOpenObject() {
        BackupWriter writer = writer(byCount(10), Long.MAX_VALUE);
        writer.write(record(0, 5, null, 10));
        writer.write(record(0, 6, null, 10));
        writer.write(record(0, 7, null, 10));

        assertThatThrownBy(() -> writer.write(record(0, 6, null, 10)))
                .isInstanceOfSatisfying(RewindNeededException.class, e -> assertThat(e.offset()).isEqualTo(5));
        assertThat(writer.openObjects()).isZero();
    }

    @Test
    void shouldForgetRevokedPartitions() {
        BackupWriter writer = writer(byCount(2), Long.MAX_VALUE);
        writer.write(record(0, 0, null, 10));
        writer.write(record(0, 1, null, 10));
        writer.write(record(0, 2, null, 10));
        writer.forget(new TopicPartitionId(TOPIC, 0));

        assertThat(writer.committableOffsets()).isEmpty();
        assertThat(writer.bufferedHeapBytes()).isZero();
    }

    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
