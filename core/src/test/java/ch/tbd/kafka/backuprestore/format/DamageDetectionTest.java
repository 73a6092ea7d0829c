package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.bytes;
import static ch.tbd.kafka.backuprestore.format.TestObjects.headerLength;
import static ch.tbd.kafka.backuprestore.format.TestObjects.incompressibleRecords;
import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static ch.tbd.kafka.backuprestore.format.TestObjects.syncMarkerPositions;
import static ch.tbd.kafka.backuprestore.format.TestObjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Any change to a stored object is noticed before the reader reports the end: a restore must never take a damaged
 * object for a complete one. Each test tries many positions and reports every one that went wrong at once.
 *
 * <p>The object has random values so that every codec leaves some 40 blocks: a small object is read whole (and its
 * checksum verified) while the reader opens it, which would hide damage handling in the middle of the data.
 */
class DamageDetectionTest {

    private static final String OBJECT_NAME = "backup/orders/3/orders-3-00000000000000001000.avro";
    private static final int RANDOM_SAMPLES = 120;
    /** Bytes after a sync marker that hold the next block's record count and byte size, as two varints. */
    private static final int BLOCK_PREFIX_BYTES = 6;

    static byte[] object(Codec codec) {
        return bytes(write(codec, TestObjects.SMALL_BLOCK_BYTES, incompressibleRecords("orders", 3, 1000, 300))
                .content());
    }

    /**
     * The weaker half of {@link #shouldReportAFlippedByteInTheDataAsCorrupt}, which holds today: damage never passes
     * for a complete object, though some of it surfaces as a (retriable) {@link UncheckedIOException}.
     */
    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldNeverReadAnObjectWithAFlippedByteAsComplete(Codec codec) {
        byte[] object = object(codec);
        Random random = new Random(codec.ordinal());
        List<String> accepted = new ArrayList<>();

        for (int position : dataFlipPositions(object, codec)) {
            try {
                int count = readAll(flipped(object, position, random), OBJECT_NAME).size();
                accepted.add(position + ": read " + count + " records without error");
            } catch (CorruptObjectException | UncheckedIOException e) {
                if (!e.getMessage().contains(OBJECT_NAME)) {
                    accepted.add(position + ": message does not name the object: " + e.getMessage());
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                accepted.add(position + ": " + e);
            }
        }

        assertThat(accepted).as("flips in the data of a %d-byte object read as complete or unnamed", object.length)
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldReportAFlippedByteInTheDataAsCorrupt(Codec codec) {
        byte[] object = object(codec);
        Random random = new Random(codec.ordinal());

        List<String> undetected = misreadPositions(dataFlipPositions(object, codec),
                position -> flipped(object, position, random));

        assertThat(undetected).as("flips in the data of a %d-byte object (header %d) not reported as corrupt",
                object.length, headerLength(object)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldDetectAFlippedByteInTheHeaderOrReadTheSameRecords(Codec codec) {
        byte[] object = object(codec);
        List<BackupRecord> expected = readAll(object, OBJECT_NAME);
        // The header's sync marker, its last 16 bytes, is covered with the other markers above.
        int headerBeforeSync = headerLength(object) - 16;
        Random random = new Random(codec.ordinal());
        List<String> wrong = new ArrayList<>();

        for (int position = 0; position < headerBeforeSync; position += 1 + random.nextInt(8)) {
            byte[] damaged = flipped(object, position, random);
            // A flip in, say, a schema doc string is harmless; anything else must be reported as damage.
            try {
                TestObjects.assertSameRecords(readAll(damaged, OBJECT_NAME), expected);
            } catch (CorruptObjectException e) {
                if (!e.getMessage().contains(OBJECT_NAME) || !OBJECT_NAME.equals(e.objectName())) {
                    wrong.add(position + ": " + e.getMessage());
                }
            } catch (RuntimeException | AssertionError e) {
                wrong.add(position + ": " + e);
            }
        }

        assertThat(wrong).as("flips in the header neither harmless nor reported as corrupt").isEmpty();
    }

    @Test
    void shouldReportALengthThatNeverEndsAsCorruptNotAsAReadFailure() {
        // The magic bytes, then a metadata count whose variable-length encoding never ends.
        byte[] header = concat(org.apache.avro.file.DataFileConstants.MAGIC, new byte[] {
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

        assertThatThrownBy(() -> ObjectHeader.read(new java.io.ByteArrayInputStream(header), OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining(OBJECT_NAME)
                .hasMessageContaining("unreadable header");
    }

    @Test
    void shouldReportAFailingStreamUnderTheHeaderAsAReadFailureThatMayPass() {
        java.io.InputStream failing = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.net.SocketException("Connection reset");
            }
        };

        assertThatThrownBy(() -> ObjectHeader.read(failing, OBJECT_NAME))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(OBJECT_NAME)
                .hasRootCauseInstanceOf(java.net.SocketException.class);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldDetectTruncation(Codec codec) {
        byte[] object = object(codec);
        int header = headerLength(object);
        TreeSet<Integer> lengths = new TreeSet<>(List.of(0, 1, 3, 4, 5, 10, header / 2, header - 17, header - 16,
                header - 1, header, header + 1, object.length - 16, object.length - 15, object.length - 1));
        for (int sync : syncMarkerPositions(object)) {
            // Right before a marker, inside it, and right after it: the block boundaries.
            lengths.addAll(List.of(sync, sync + 8, sync + 16, sync + 17));
        }
        lengths.removeIf(length -> length >= object.length);
        Random random = new Random(codec.ordinal());
        for (int i = 0; i < RANDOM_SAMPLES; i++) {
            lengths.add(random.nextInt(object.length));
        }

        List<String> undetected = misreadPositions(lengths, length -> Arrays.copyOf(object, length));

        assertThat(undetected).as("truncations of a %d-byte object (header %d) not reported as corrupt",
                object.length, header).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void shouldDetectAppendedBytes(Codec codec) {
        byte[] object = object(codec);
        int header = headerLength(object);
        List<Integer> syncs = syncMarkerPositions(object);
        // The last block again, sync marker and all: valid Avro, but not what the header announced.
        byte[] lastBlock = Arrays.copyOfRange(object, syncs.get(syncs.size() - 2) + 16, object.length);
        byte[] wholeData = Arrays.copyOfRange(object, header, object.length);
        List<byte[]> junks = List.of(new byte[1], new byte[] {2}, TestObjects.randomBytes(16, 1),
                Arrays.copyOfRange(object, object.length - 16, object.length), lastBlock, wholeData,
                TestObjects.randomBytes(100_000, 2));

        List<String> undetected = misreadPositions(new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6)),
                i -> concat(object, junks.get(i)));

        assertThat(undetected).as("appended junk not reported as corrupt").isEmpty();
    }

    /**
     * Sync markers (every byte of the header's, the first block's and the last one; three bytes of the others), the
     * block count and size varints that follow each and the first payload byte, and random positions after the header.
     */
    private static TreeSet<Integer> dataFlipPositions(byte[] object, Codec codec) {
        int header = headerLength(object);
        TreeSet<Integer> positions = new TreeSet<>();
        List<Integer> syncs = syncMarkerPositions(object);
        for (int s = 0; s < syncs.size(); s++) {
            int sync = syncs.get(s);
            boolean everyByte = s < 2 || s == syncs.size() - 1;
            for (int i = 0; i <= 16 + BLOCK_PREFIX_BYTES && sync + i < object.length; i++) {
                if (everyByte || i >= 16 || i == 0 || i == 7 || i == 15) {
                    positions.add(sync + i);
                }
            }
        }
        Random random = new Random(codec.ordinal());
        for (int i = 0; i < RANDOM_SAMPLES; i++) {
            positions.add(header + random.nextInt(object.length - header));
        }
        return positions;
    }

    /** Positions (or lengths) at which the damaged object was not rejected with a corruption error naming it. */
    private static List<String> misreadPositions(Iterable<Integer> positions, IntFunction<byte[]> damage) {
        List<String> wrong = new ArrayList<>();
        for (int position : positions) {
            String outcome = outcome(damage.apply(position));
            if (outcome != null) {
                wrong.add(position + ": " + outcome);
            }
        }
        return wrong;
    }

    /** Null when reading raised a {@link CorruptObjectException} naming the object, else what happened instead. */
    private static String outcome(byte[] object) {
        try {
            int count = readAll(object, OBJECT_NAME).size();
            return "read " + count + " records without error";
        } catch (CorruptObjectException e) {
            boolean named = OBJECT_NAME.equals(e.objectName()) && e.getMessage().contains(OBJECT_NAME);
            return named ? null : "message does not name the object: " + e.getMessage();
        } catch (RuntimeException | OutOfMemoryError e) {
            return e + (e.getCause() == null ? "" : ", caused by " + rootCause(e));
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static byte[] flipped(byte[] object, int position, Random random) {
        byte[] damaged = object.clone();
        damaged[position] ^= (byte) (1 + random.nextInt(255));
        return damaged;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
