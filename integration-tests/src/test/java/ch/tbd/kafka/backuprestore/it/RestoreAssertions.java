package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks of restored records against the records they were backed up from: field by field and byte by byte, partition
 * for partition, in order. Offsets differ by nature (a compacted or transactional source has gaps, the target is
 * dense), so records are paired by position, or by their {@code x-old-offset} header where a test enables it.
 */
public final class RestoreAssertions {

    private RestoreAssertions() {}

    /**
     * Partition {@code n} of the target holds exactly the records of partition {@code n} of the source, in the same
     * order, and the target has no other records.
     *
     * @return each restored record's move, for checking the offset map
     */
    public static List<OffsetMap.Mapping> assertTopicRestored(TopicContents source, String sourceTopic,
            TopicContents target, String targetTopic, boolean provenanceHeaders) {
        List<TopicPartition> sourcePartitions = source.partitionsOf(sourceTopic);
        List<TopicPartition> targetPartitions = target.partitionsOf(targetTopic);
        assertThat(sourcePartitions).as("partitions of the source %s", sourceTopic).isNotEmpty();
        assertThat(targetPartitions).as("partitions of the target %s (source %s has %d)", targetTopic, sourceTopic,
                sourcePartitions.size()).hasSize(sourcePartitions.size());
        List<OffsetMap.Mapping> mappings = new ArrayList<>();
        for (TopicPartition sourcePartition : sourcePartitions) {
            TopicPartition targetPartition = new TopicPartition(targetTopic, sourcePartition.partition());
            mappings.addAll(assertPartitionRestored(source.of(sourcePartition), sourcePartition,
                    target.of(targetPartition), targetPartition, provenanceHeaders));
        }
        return mappings;
    }

    /** The target partition holds exactly the source partition's records, in order. */
    public static List<OffsetMap.Mapping> assertPartitionRestored(List<BackupRecord> source,
            TopicPartition sourcePartition, List<BackupRecord> target, TopicPartition targetPartition,
            boolean provenanceHeaders) {
        if (source.size() != target.size()) {
            fail("%s holds %d records but %s, restored from it, holds %d; source offsets %s, target offsets %s",
                    sourcePartition, source.size(), targetPartition, target.size(), describeOffsets(source),
                    describeOffsets(target));
        }
        List<OffsetMap.Mapping> mappings = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            BackupRecord original = source.get(i);
            BackupRecord restored = target.get(i);
            assertSameContent(original, restored, provenanceHeaders);
            mappings.add(new OffsetMap.Mapping(original.topic(), original.partition(), original.offset(),
                    restored.topic(), restored.partition(), restored.offset()));
        }
        return mappings;
    }

    /**
     * Same key, value, headers and timestamp, byte for byte. The target topics are CreateTime topics, so a restored
     * record's timestamp type is CreateTime whatever the source's was; its timestamp is the original one.
     */
    public static void assertSameContent(BackupRecord original, BackupRecord restored, boolean provenanceHeaders) {
        String where = original.topic() + "-" + original.partition() + "@" + original.offset() + " restored as "
                + restored.topic() + "-" + restored.partition() + "@" + restored.offset();
        assertThat(restored.timestampType()).as("timestamp type of %s", where).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(restored.timestamp()).as("timestamp of %s (originally %s)", where, original.timestampType())
                .isEqualTo(original.timestamp());
        BackupAssertions.assertSameBytes("key of " + where, original.key(), restored.key());
        BackupAssertions.assertSameBytes("value of " + where, original.value(), restored.value());

        List<BackupHeader> expectedHeaders = original.headers();
        List<BackupHeader> actualHeaders = restored.headers();
        if (provenanceHeaders) {
            assertThat(actualHeaders.size()).as("headers of %s: the original ones then %s and %s", where,
                    RestoreConnectorConfigs.PROVENANCE_OLD_OFFSET, RestoreConnectorConfigs.PROVENANCE_RESTORED)
                    .isEqualTo(expectedHeaders.size() + 2);
            BackupHeader oldOffset = actualHeaders.get(actualHeaders.size() - 2);
            BackupHeader restoredMark = actualHeaders.get(actualHeaders.size() - 1);
            assertThat(oldOffset.key()).as("second to last header of %s", where)
                    .isEqualTo(RestoreConnectorConfigs.PROVENANCE_OLD_OFFSET);
            assertThat(text(oldOffset.value())).as("%s of %s", oldOffset.key(), where)
                    .isEqualTo(Long.toString(original.offset()));
            assertThat(restoredMark.key()).as("last header of %s", where)
                    .isEqualTo(RestoreConnectorConfigs.PROVENANCE_RESTORED);
            actualHeaders = actualHeaders.subList(0, actualHeaders.size() - 2);
        }
        assertThat(actualHeaders.stream().map(BackupHeader::key).toList())
                .as("header keys of %s, in order", where)
                .containsExactlyElementsOf(expectedHeaders.stream().map(BackupHeader::key).toList());
        for (int i = 0; i < expectedHeaders.size(); i++) {
            BackupAssertions.assertSameBytes("value of header #" + i + " (" + expectedHeaders.get(i).key() + ") of "
                    + where, expectedHeaders.get(i).value(), actualHeaders.get(i).value());
        }
    }

    /** The original offset a restored record carries in its {@code x-old-offset} header. */
    public static long originalOffset(BackupRecord restored) {
        BackupHeader found = null;
        for (BackupHeader header : restored.headers()) {
            if (header.key().equals(RestoreConnectorConfigs.PROVENANCE_OLD_OFFSET)) {
                found = header;
            }
        }
        if (found == null || found.value() == null) {
            fail("%s-%d@%d has no %s header: %s", restored.topic(), restored.partition(), restored.offset(),
                    RestoreConnectorConfigs.PROVENANCE_OLD_OFFSET,
                    restored.headers().stream().map(BackupHeader::key).toList());
        }
        return Long.parseLong(text(found.value()));
    }

    /** The record without the two provenance headers at its end, to compare with its original. */
    public static BackupRecord withoutProvenance(BackupRecord restored) {
        List<BackupHeader> headers = restored.headers();
        int n = headers.size();
        if (n >= 2 && headers.get(n - 2).key().equals(RestoreConnectorConfigs.PROVENANCE_OLD_OFFSET)
                && headers.get(n - 1).key().equals(RestoreConnectorConfigs.PROVENANCE_RESTORED)) {
            headers = headers.subList(0, n - 2);
        }
        return new BackupRecord(restored.topic(), restored.partition(), restored.offset(), restored.timestamp(),
                restored.timestampType(), restored.key(), restored.value(), List.copyOf(headers));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Offsets as ranges, short enough for a message: {@code [0..5, 7, 9..20]}. */
    static String describeOffsets(List<BackupRecord> records) {
        StringBuilder text = new StringBuilder("[");
        int i = 0;
        int ranges = 0;
        while (i < records.size() && ranges < 20) {
            long start = records.get(i).offset();
            int j = i;
            while (j + 1 < records.size() && records.get(j + 1).offset() == records.get(j).offset() + 1) {
                j++;
            }
            text.append(ranges == 0 ? "" : ", ").append(start);
            if (j > i) {
                text.append("..").append(records.get(j).offset());
            }
            ranges++;
            i = j + 1;
        }
        return text.append(i < records.size() ? ", ...]" : "]").toString();
    }
}
