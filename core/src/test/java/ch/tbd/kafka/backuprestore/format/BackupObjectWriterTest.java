package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupObjectWriterTest {

    private static final int BLOCK_BYTES = 64 * 1024;

    private final BackupObjectWriter writer = new BackupObjectWriter("orders", 3, Codec.ZSTD, BLOCK_BYTES);

    @Test
    void shouldRejectAnOffsetThatIsNotAboveTheLastOne() {
        writer.append(record("orders", 3, 10));

        assertThatThrownBy(() -> writer.append(record("orders", 3, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 10 of orders-3 is not above the last appended offset 10");
        assertThatThrownBy(() -> writer.append(record("orders", 3, 9)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.recordCount()).isEqualTo(1);
        assertThat(writer.lastOffset()).isEqualTo(10);
    }

    @Test
    void shouldRejectARecordOfAnotherTopicOrPartition() {
        assertThatThrownBy(() -> writer.append(record("orders", 4, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record of orders-4 appended to an object of orders-3");
        assertThatThrownBy(() -> writer.append(record("payments", 3, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record of payments-3");
        assertThat(writer.recordCount()).isZero();
    }

    @Test
    void shouldKeepWritingAfterARejectedRecord() {
        writer.append(record("orders", 3, 10));
        assertThatThrownBy(() -> writer.append(record("orders", 3, 5))).isInstanceOf(IllegalArgumentException.class);
        writer.append(record("orders", 3, 11));

        BackupObjectWriter.FinishedObject finished = writer.finish();

        assertThat(finished.summary().recordCount()).isEqualTo(2);
        assertThat(TestObjects.readAll(finished.content().open(), "o")).extracting(BackupRecord::offset)
                .containsExactly(10L, 11L);
    }

    @Test
    void shouldRefuseToFinishAnEmptyObject() {
        assertThatThrownBy(writer::finish)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one record");
    }

    @Test
    void shouldAcceptNothingAfterFinish() {
        writer.append(record("orders", 3, 0));
        writer.finish();

        assertThatThrownBy(() -> writer.append(record("orders", 3, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldTrackOffsetsAndTimestampsAsRecordsArrive() {
        assertThat(writer.firstOffset()).isEqualTo(-1);
        assertThat(writer.minTimestamp()).isNull();

        writer.append(new BackupRecord("orders", 3, 5, null, TimestampType.NO_TIMESTAMP_TYPE, null, null, List.of()));
        assertThat(writer.minTimestamp()).isNull();
        writer.append(new BackupRecord("orders", 3, 7, 200L, TimestampType.CREATE_TIME, null, null, List.of()));
        writer.append(new BackupRecord("orders", 3, 9, -5L, TimestampType.LOG_APPEND_TIME, null, null, List.of()));

        assertThat(writer.firstOffset()).isEqualTo(5);
        assertThat(writer.lastOffset()).isEqualTo(9);
        assertThat(writer.recordCount()).isEqualTo(3);
        assertThat(writer.minTimestamp()).isEqualTo(-5L);
        assertThat(writer.maxTimestamp()).isEqualTo(200L);
        assertThat(writer.topic()).isEqualTo("orders");
        assertThat(writer.partition()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldGrowEncodedSizeAsRecordsArrive(Codec codec) {
        BackupObjectWriter growing = new BackupObjectWriter("orders", 3, codec, 4096);
        long previous = growing.encodedSizeBytes();
        assertThat(previous).as("empty writer").isPositive();

        for (int offset = 0; offset < 2000; offset++) {
            growing.append(new BackupRecord("orders", 3, offset, null, TimestampType.NO_TIMESTAMP_TYPE, null,
                    TestObjects.randomBytes(100, offset), List.of()));
            // The estimate of the block being filled is generous, so the total dips a little when a block is
            // encoded; it is compared a few blocks' worth of records apart.
            if (offset % 100 == 0) {
                long size = growing.encodedSizeBytes();
                assertThat(size).as("encoded size after offset %d", offset).isGreaterThan(previous);
                previous = size;
            }
        }
        long estimate = growing.encodedSizeBytes();
        long finishedLength = growing.finish().content().length();
        assertThat(estimate).as("estimate against the finished length %d", finishedLength)
                .isBetween(finishedLength * 9 / 10, finishedLength * 11 / 10);
    }

    @Test
    void shouldHoldLittleHeapForOneSmallRecord() {
        writer.append(record("orders", 3, 0));

        assertThat(writer.heapBytes()).isPositive().isLessThan(200 * 1024);
    }

    @Test
    void shouldCountBufferedBlocksInHeapBytes() {
        BackupObjectWriter big = new BackupObjectWriter("orders", 3, Codec.NONE, BLOCK_BYTES);
        for (int offset = 0; offset < 100; offset++) {
            big.append(new BackupRecord("orders", 3, offset, null, TimestampType.NO_TIMESTAMP_TYPE, null,
                    TestObjects.randomBytes(10_000, offset), List.of()));
        }

        assertThat(big.heapBytes()).isGreaterThan(1_000_000);
    }
}
