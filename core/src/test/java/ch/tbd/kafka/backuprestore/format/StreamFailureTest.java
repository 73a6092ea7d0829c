package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.headerLength;
import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static ch.tbd.kafka.backuprestore.format.TestObjects.syncMarkerPositions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failing connection is not damage: the reader raises {@link UncheckedIOException}, which callers may retry, and
 * never {@link CorruptObjectException}, which would condemn a good object.
 *
 * <p>Failures are tried in three ranges because the reader handles them in three places: the header it parses itself,
 * the first bytes of data that Avro's stream reader buffers (8 KiB) while the reader opens, and the rest.
 */
class StreamFailureTest {

    private static final String OBJECT_NAME = "backup/orders/3/orders-3-00000000000000001000.avro";
    private static final int OPEN_READ_AHEAD_BYTES = 16 * 1024;

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReportAStreamFailureInTheHeaderAsAnIoFailure(Codec codec) {
        byte[] object = DamageDetectionTest.object(codec);
        int header = headerLength(object);

        assertIoFailures(object, codec, failAt -> failAt < header);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReportAStreamFailureWhileDecodingAsAnIoFailure(Codec codec) {
        byte[] object = DamageDetectionTest.object(codec);
        int header = headerLength(object);
        assertThat(object.length).as("object length").isGreaterThan(header + 2 * OPEN_READ_AHEAD_BYTES);

        assertIoFailures(object, codec, failAt -> failAt >= header + OPEN_READ_AHEAD_BYTES);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReportAStreamFailureWhileOpeningAsAnIoFailure(Codec codec) {
        byte[] object = DamageDetectionTest.object(codec);
        int header = headerLength(object);

        assertIoFailures(object, codec, failAt -> failAt >= header && failAt < header + OPEN_READ_AHEAD_BYTES);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReportAStreamFailureWhileReadingTheSummaryAsAnIoFailure(Codec codec) {
        byte[] object = DamageDetectionTest.object(codec);

        assertThatThrownBy(() -> BackupObjectReader.readSummary(
                        TestStreams.failingAfter(new ByteArrayInputStream(object), 100), OBJECT_NAME))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(OBJECT_NAME);
    }

    private static void assertIoFailures(byte[] object, Codec codec, IntPredicate inRange) {
        int header = headerLength(object);
        TreeSet<Integer> failurePoints = new TreeSet<>(List.of(0, 1, 4, header / 2, header - 1, header, header + 1,
                header + OPEN_READ_AHEAD_BYTES, object.length - 1, object.length));
        for (int sync : syncMarkerPositions(object)) {
            failurePoints.addAll(List.of(sync, sync + 8, sync + 16, sync + 17));
        }
        Random random = new Random(codec.ordinal());
        for (int i = 0; i < 150; i++) {
            failurePoints.add(random.nextInt(object.length));
        }
        failurePoints.removeIf(point -> point > object.length || !inRange.test(point));
        assertThat(failurePoints).hasSizeGreaterThan(5);

        List<String> misreported = new ArrayList<>();
        for (int failAt : failurePoints) {
            try {
                readAll(TestStreams.failingAfter(new ByteArrayInputStream(object), failAt), OBJECT_NAME);
                misreported.add(failAt + ": read without error");
            } catch (UncheckedIOException e) {
                if (!e.getMessage().contains(OBJECT_NAME)) {
                    misreported.add(failAt + ": message does not name the object: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                misreported.add(failAt + ": " + e);
            }
        }

        assertThat(misreported).as("stream failures in a %d-byte object (header %d) not reported as I/O failures",
                object.length, header).isEmpty();
    }
}
