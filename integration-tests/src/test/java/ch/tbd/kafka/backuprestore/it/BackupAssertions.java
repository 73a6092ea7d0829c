package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** Checks of a backup against what was produced, with messages that name the object and offset at fault. */
public final class BackupAssertions {

    private BackupAssertions() {}

    /**
     * The backup holds every committed record exactly once and nothing else: field by field and byte by byte, in
     * well-formed objects whose offset ranges do not overlap.
     */
    public static void assertExactBackup(BackupSnapshot snapshot, ProducedRecords produced, BackupLayout layout) {
        assertThat(snapshot.foreignKeys()).as("keys under the prefix that are not backup objects").isEmpty();
        assertThat(snapshot.objects()).as("backup objects").isNotEmpty();
        snapshot.objects().forEach(o -> assertWellFormed(o, layout));
        assertThat(snapshot.objects())
                .as("objects of partitions nothing was produced to")
                .allSatisfy(o -> assertThat(produced.partitions()).contains(o.topicPartition()));

        for (TopicPartition partition : produced.partitions()) {
            List<BackupObject> objects = snapshot.objectsOf(partition);
            assertNoOverlap(objects);
            Map<Long, BackupRecord> stored = new HashMap<>();
            objects.forEach(o -> o.records().forEach(r -> stored.put(r.offset(), r)));

            NavigableMap<Long, BackupRecord> expected = produced.committed(partition);
            assertThat(stored.keySet()).as("offsets stored for %s", partition)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(produced.aborted(partition).keySet()).as("aborted offsets stored for %s", partition)
                    .noneMatch(stored::containsKey);
            expected.values().forEach(e -> assertSameRecord(e, stored.get(e.offset())));
        }
    }

    /** The key follows the layout; the header, the records and the key agree with each other. */
    public static void assertWellFormed(BackupObject object, BackupLayout layout) {
        ObjectSummary summary = object.summary();
        List<BackupRecord> records = object.records();
        String where = object.key();

        assertThat(object.key()).as("key of %s rebuilt from its parts", where)
                .isEqualTo(layout.objectKey(object.name().topic(), object.name().partition(),
                        object.name().startOffset()));
        assertThat(summary.topic()).as("topic in header of %s", where).isEqualTo(object.name().topic());
        assertThat(summary.partition()).as("partition in header of %s", where).isEqualTo(object.name().partition());
        assertThat(summary.firstOffset()).as("first offset in header of %s", where)
                .isEqualTo(object.name().startOffset());
        assertThat(records).as("records of %s", where).isNotEmpty();
        assertThat(summary.recordCount()).as("record count in header of %s", where).isEqualTo(records.size());
        assertThat(summary.firstOffset()).as("first offset in header of %s", where)
                .isEqualTo(records.get(0).offset());
        assertThat(summary.lastOffset()).as("last offset in header of %s", where)
                .isEqualTo(records.get(records.size() - 1).offset());

        Long min = null;
        Long max = null;
        long previous = -1;
        for (BackupRecord record : records) {
            assertThat(record.topic()).as("topic of a record in %s", where).isEqualTo(summary.topic());
            assertThat(record.partition()).as("partition of a record in %s", where).isEqualTo(summary.partition());
            if (record.offset() <= previous) {
                fail("offsets in %s do not increase: %d after %d", where, record.offset(), previous);
            }
            previous = record.offset();
            if (record.timestamp() != null) {
                min = min == null ? record.timestamp() : Math.min(min, record.timestamp());
                max = max == null ? record.timestamp() : Math.max(max, record.timestamp());
            }
        }
        assertThat(summary.minTimestamp()).as("min timestamp in header of %s", where).isEqualTo(min);
        assertThat(summary.maxTimestamp()).as("max timestamp in header of %s", where).isEqualTo(max);
    }

    /** Objects of one partition, in start offset order, do not share any offset. */
    public static void assertNoOverlap(List<BackupObject> objectsOfPartition) {
        for (int i = 1; i < objectsOfPartition.size(); i++) {
            BackupObject previous = objectsOfPartition.get(i - 1);
            BackupObject next = objectsOfPartition.get(i);
            assertThat(next.summary().firstOffset())
                    .as("%s starts after %s ends", next, previous)
                    .isGreaterThan(previous.summary().lastOffset());
        }
    }

    /**
     * For a backup that may have rewritten data after a restart: every committed offset is stored, each object holds
     * only offsets that were committed, in its own range, once, with the produced content. Offsets stored by more than
     * one object are allowed.
     *
     * @return extra copies of offsets (an offset in three objects counts two) and pairs of objects that overlap
     */
    public static Overlaps assertCompleteAllowingOverlaps(
            BackupSnapshot snapshot, ProducedRecords produced, BackupLayout layout) {
        assertThat(snapshot.foreignKeys()).as("keys under the prefix that are not backup objects").isEmpty();
        snapshot.objects().forEach(o -> assertWellFormed(o, layout));
        assertThat(snapshot.missing(produced)).as("committed offsets missing from the backup").isEmpty();

        long extraCopies = 0;
        long overlappingPairs = 0;
        for (TopicPartition partition : produced.partitions()) {
            List<BackupObject> objects = snapshot.objectsOf(partition);
            NavigableMap<Long, BackupRecord> expected = produced.committed(partition);
            Map<Long, Integer> copies = new TreeMap<>();
            for (BackupObject object : objects) {
                for (BackupRecord record : object.records()) {
                    BackupRecord produce = expected.get(record.offset());
                    if (produce == null) {
                        fail("%s holds offset %d, which was never committed", object, record.offset());
                    }
                    assertSameRecord(produce, record);
                    copies.merge(record.offset(), 1, Integer::sum);
                }
            }
            extraCopies += copies.values().stream().mapToLong(c -> c - 1).sum();
            for (int i = 0; i < objects.size(); i++) {
                for (int j = i + 1; j < objects.size(); j++) {
                    if (objects.get(j).summary().firstOffset() <= objects.get(i).summary().lastOffset()
                            && objects.get(i).summary().firstOffset() <= objects.get(j).summary().lastOffset()) {
                        overlappingPairs++;
                    }
                }
            }
        }
        return new Overlaps(extraCopies, overlappingPairs);
    }

    /** Overlap found in a backup. */
    public record Overlaps(long extraCopies, long overlappingObjectPairs) {}

    public static void assertSameRecord(BackupRecord expected, BackupRecord actual) {
        String where = expected.topic() + "-" + expected.partition() + "@" + expected.offset();
        assertThat(actual).as("record %s", where).isNotNull();
        assertThat(actual.topic()).as("topic of %s", where).isEqualTo(expected.topic());
        assertThat(actual.partition()).as("partition of %s", where).isEqualTo(expected.partition());
        assertThat(actual.offset()).as("offset of %s", where).isEqualTo(expected.offset());
        assertThat(actual.timestampType()).as("timestamp type of %s", where).isEqualTo(expected.timestampType());
        assertThat(actual.timestamp()).as("timestamp of %s", where).isEqualTo(expected.timestamp());
        assertSameBytes("key of " + where, expected.key(), actual.key());
        assertSameBytes("value of " + where, expected.value(), actual.value());
        List<BackupHeader> expectedHeaders = expected.headers();
        List<BackupHeader> actualHeaders = actual.headers();
        assertThat(actualHeaders.stream().map(BackupHeader::key).toList())
                .as("header keys of %s, in order", where)
                .containsExactlyElementsOf(expectedHeaders.stream().map(BackupHeader::key).toList());
        for (int i = 0; i < expectedHeaders.size(); i++) {
            assertSameBytes("value of header #" + i + " (" + expectedHeaders.get(i).key() + ") of " + where,
                    expectedHeaders.get(i).value(), actualHeaders.get(i).value());
        }
    }

    /** Byte-exact comparison that tells {@code null} from empty and does not print megabytes on failure. */
    public static void assertSameBytes(String what, byte[] expected, byte[] actual) {
        if (expected == null || actual == null) {
            if (!Objects.equals(expected == null, actual == null)) {
                fail("%s: expected %s but was %s", what, describe(expected), describe(actual));
            }
            return;
        }
        if (expected.length != actual.length) {
            fail("%s: expected %s but was %s", what, describe(expected), describe(actual));
        }
        int mismatch = java.util.Arrays.mismatch(expected, actual);
        if (mismatch >= 0) {
            fail("%s: %d bytes differ first at index %d: expected 0x%02x but was 0x%02x", what, expected.length,
                    mismatch, expected[mismatch], actual[mismatch]);
        }
    }

    private static String describe(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        return bytes.length == 0 ? "empty" : bytes.length + " bytes";
    }
}
