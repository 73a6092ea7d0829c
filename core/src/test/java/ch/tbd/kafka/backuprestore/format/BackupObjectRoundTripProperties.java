package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.assertSameRecords;
import static ch.tbd.kafka.backuprestore.format.TestObjects.bytes;
import static ch.tbd.kafka.backuprestore.format.TestObjects.headerLength;
import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** Whatever is written comes back byte-exactly, and the header summarizes it correctly. */
class BackupObjectRoundTripProperties {

    private static final String OBJECT_NAME = "round-trip.avro";

    @Property(tries = 200)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void shouldReadBackEveryFieldExactly(@ForAll("writeCases") WriteCase written) {
        collectCoverage(written);
        BackupObjectWriter.FinishedObject finished = written.write();

        List<BackupRecord> read = readAll(finished.content().open(), OBJECT_NAME);

        assertSameRecords(read, written.records());
    }

    /** Fails the property if the generators stop producing the cases that matter, rather than passing vacuously. */
    private static void collectCoverage(WriteCase written) {
        List<BackupRecord> records = written.records();
        Statistics.label("codec").collect(written.codec());
        Statistics.label("payload over 16 KiB").collect(records.stream()
                .anyMatch(r -> length(r.key()) > 16 * 1024 || length(r.value()) > 16 * 1024));
        Statistics.label("null and empty payloads").collect(records.stream().anyMatch(r -> r.value() == null)
                && records.stream().anyMatch(r -> r.key() != null && r.key().length == 0));
        Statistics.label("null timestamp").collect(records.stream().anyMatch(r -> r.timestamp() == null));
        Statistics.label("negative timestamp").collect(records.stream()
                .anyMatch(r -> r.timestamp() != null && r.timestamp() < 0));
        Statistics.label("offset gap").collect(records.size() > 1
                && records.get(records.size() - 1).offset() - records.get(0).offset() >= records.size());
        Statistics.label("duplicate header keys").collect(records.stream()
                .anyMatch(r -> r.headers().stream().map(BackupHeader::key).distinct().count() < r.headers().size()));
        Statistics.label("non-ASCII header key").collect(records.stream().flatMap(r -> r.headers().stream())
                .anyMatch(h -> h.key().chars().anyMatch(c -> c > 127)));

        Statistics.label("codec").coverage(coverage -> {
            for (Codec codec : Codec.values()) {
                coverage.check(codec).percentage(p -> p > 10);
            }
        });
        Statistics.label("payload over 16 KiB").coverage(coverage -> coverage.check(true).percentage(p -> p >= 2));
        for (String label : List.of("null and empty payloads", "null timestamp",
                "negative timestamp", "offset gap", "duplicate header keys", "non-ASCII header key")) {
            Statistics.label(label).coverage(coverage -> coverage.check(true).percentage(p -> p >= 5));
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    @Property(tries = 150)
    void shouldSummarizeWhatWasWritten(@ForAll("writeCases") WriteCase written) {
        BackupObjectWriter.FinishedObject finished = written.write();
        byte[] object = bytes(finished.content());
        int headerLength = headerLength(object);
        CRC32C crc = new CRC32C();
        crc.update(object, headerLength, object.length - headerLength);

        List<BackupRecord> records = written.records();
        ObjectSummary expected = new ObjectSummary(1, written.topic(), written.partition(), records.get(0).offset(),
                records.get(records.size() - 1).offset(), records.size(),
                records.stream().map(BackupRecord::timestamp).filter(Objects::nonNull).min(Long::compare).orElse(null),
                records.stream().map(BackupRecord::timestamp).filter(Objects::nonNull).max(Long::compare).orElse(null),
                written.codec().avroName(), object.length - headerLength, crc.getValue());
        assertThat(finished.summary()).isEqualTo(expected);
        assertThat(finished.content().length()).isEqualTo(object.length);
        assertThat(bytes(finished.content())).as("a second open() yields the same bytes").isEqualTo(object);
        try (BackupObjectReader reader = BackupObjectReader.open(new ByteArrayInputStream(object), OBJECT_NAME)) {
            assertThat(reader.summary()).isEqualTo(expected);
        }
        ObjectSummary fromPrefix = BackupObjectReader.readSummary(
                new ByteArrayInputStream(object, 0, Math.min(4096, object.length)), OBJECT_NAME);
        assertThat(fromPrefix).as("summary from the first 4 KiB").isEqualTo(expected);
    }

    @Provide
    Arbitrary<WriteCase> writeCases() {
        Arbitrary<Long> firstOffset = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1000),
                Arbitraries.longs().between(0, Long.MAX_VALUE - (1L << 48)));
        return Combinators.combine(
                        topicNames(),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.of(Codec.class),
                        Arbitraries.of(32, 1024, 16 * 1024, 1024 * 1024),
                        firstOffset,
                        recordFields().list().ofMinSize(1).ofMaxSize(40))
                .as(WriteCase::of);
    }

    /** Legal Kafka topic names: up to 249 of {@code [a-zA-Z0-9._-]}, not "." or "..". */
    static Arbitrary<String> topicNames() {
        return Arbitraries.strings()
                .withChars("abcxyzABCXYZ0123456789._-")
                .ofMinLength(1)
                .ofMaxLength(249)
                .filter(name -> !name.equals(".") && !name.equals(".."));
    }

    private static Arbitrary<RecordFields> recordFields() {
        Arbitrary<Long> offsetGap = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(1L)),
                Tuple.of(3, Arbitraries.longs().between(2, 1000)),
                Tuple.of(1, Arbitraries.longs().between(1000, 1L << 40)));
        return Combinators.combine(
                        offsetGap,
                        Arbitraries.longs().injectNull(0.2),
                        Arbitraries.of(TimestampType.class),
                        payloads(),
                        payloads(),
                        headers().list().ofMaxSize(6))
                .as(RecordFields::new);
    }

    private static Arbitrary<BackupHeader> headers() {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("", "dup", "trace-id")),
                Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(10)),
                Tuple.of(2, unicodeStrings()));
        Arbitrary<byte[]> values = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((byte[]) null)),
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(4, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
        return Combinators.combine(keys, values).as(BackupHeader::new);
    }

    /**
     * Any Unicode text, including characters outside the BMP and NUL. Lone surrogates are left out: they are not text,
     * and Kafka's own UTF-8 encoding of header keys would not keep them either.
     */
    private static Arbitrary<String> unicodeStrings() {
        return Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list()
                .ofMaxSize(12)
                .map(codePoints -> new String(codePoints.stream().mapToInt(Integer::intValue).toArray(), 0,
                        codePoints.size()));
    }

    /** Null, empty, small, medium and (rarely) up to 1 MiB; large ones from a seed so that they are cheap to make. */
    private static Arbitrary<byte[]> payloads() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just((byte[]) null)),
                Tuple.of(10, Arbitraries.just(new byte[0])),
                Tuple.of(100, Arbitraries.bytes().array(byte[].class).ofMaxSize(100)),
                Tuple.of(6, seededBytes(100, 16 * 1024)),
                Tuple.of(1, seededBytes(16 * 1024, 1024 * 1024)));
    }

    private static Arbitrary<byte[]> seededBytes(int minSize, int maxSize) {
        return Combinators.combine(Arbitraries.integers().between(minSize, maxSize), Arbitraries.longs())
                .as(TestObjects::randomBytes);
    }

    record RecordFields(long offsetGap, Long timestamp, TimestampType timestampType, byte[] key, byte[] value,
            List<BackupHeader> headers) {}

    record WriteCase(String topic, int partition, Codec codec, int blockSizeBytes, List<BackupRecord> records) {

        static WriteCase of(String topic, int partition, Codec codec, int blockSizeBytes, long firstOffset,
                List<RecordFields> fields) {
            List<BackupRecord> records = new ArrayList<>(fields.size());
            long offset = firstOffset;
            for (RecordFields f : fields) {
                records.add(new BackupRecord(topic, partition, offset, f.timestamp(), f.timestampType(), f.key(),
                        f.value(), f.headers()));
                offset += f.offsetGap();
            }
            return new WriteCase(topic, partition, codec, blockSizeBytes, records);
        }

        BackupObjectWriter.FinishedObject write() {
            BackupObjectWriter writer = new BackupObjectWriter(topic, partition, codec, blockSizeBytes);
            records.forEach(writer::append);
            return writer.finish();
        }

        @Override
        public String toString() {
            return topic + "-" + partition + " " + codec + " block " + blockSizeBytes + " offsets "
                    + Arrays.toString(records.stream().mapToLong(BackupRecord::offset).toArray());
        }
    }
}
