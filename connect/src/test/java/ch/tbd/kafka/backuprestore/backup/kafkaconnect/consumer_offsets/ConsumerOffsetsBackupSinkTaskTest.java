package ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffsets;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offsets backup task over a real local directory: what it stores of {@code __consumer_offsets}, read back the way
 * a restore reads it.
 */
class ConsumerOffsetsBackupSinkTaskTest {

    private static final TopicPartition TP = new TopicPartition(GroupOffsetsBackup.OFFSETS_TOPIC, 0);

    @TempDir
    Path directory;

    /** An offset commit as the group coordinator writes it: key type 1, value version 3. */
    private static SinkRecord commit(long at, String group, long offset, String metadata) {
        byte[] groupBytes = group.getBytes(StandardCharsets.UTF_8);
        byte[] topic = "orders".getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(2 + 2 + groupBytes.length + 2 + topic.length + 4);
        key.putShort((short) 1).putShort((short) groupBytes.length).put(groupBytes)
                .putShort((short) topic.length).put(topic).putInt(0);
        byte[] metadataBytes = metadata.getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.allocate(2 + 8 + 4 + 2 + metadataBytes.length + 8);
        value.putShort((short) 3).putLong(offset).putInt(0).putShort((short) metadataBytes.length).put(metadataBytes)
                .putLong(1_000 + at);
        return record(at, key.array(), value.array());
    }

    private static SinkRecord record(long offset, byte[] key, byte[] value) {
        return new SinkRecord(TP.topic(), TP.partition(), null, key, null, value, offset, 1_000 + offset,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void shouldLeaveOutExcludedAndBackupGroupsAndKeepWhatItCannotRead() {
        ConsumerOffsetsBackupSinkTask task = new ConsumerOffsetsBackupSinkTask();
        task.initialize(new IdleContext());
        task.start(Map.of("name", "offsets", "topics", GroupOffsetsBackup.OFFSETS_TOPIC, "storage.type", "local",
                "storage.local.directory", directory.toString(), "consumer.group.exclude", "nightly-.*",
                "upload.concurrency", "0"));
        task.open(List.of(TP));

        task.put(List.of(
                commit(0, "billing", 10, ""),
                commit(1, "nightly-report", 5, ""),
                commit(2, "any-name", 7, CommittedOffsets.BACKUP_COMMIT_METADATA),
                commit(3, "connect-offsets", 3, ""),
                record(4, new byte[] {0, 99, 1}, new byte[] {0, 7}),
                commit(5, "billing", 12, "")));
        task.close(List.of(TP));
        task.stop();

        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            CommittedOffsets stored = new GroupOffsetsBackup(storage, new BackupLayout(""))
                    .committedOffsets(GroupFilter.of(".*"), Long.MAX_VALUE);
            assertThat(stored.offsets()).extracting(CommittedOffset::group, CommittedOffset::offset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", 12L));
            // The record of a kind this release does not know is in the backup, raw.
            assertThat(stored.unknownRecords()).isEqualTo(1);
        }
    }

    /** A context for a task that never fails a store: nothing to pause, rewind or time. */
    private static final class IdleContext implements SinkTaskContext {

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {}

        @Override
        public void offset(TopicPartition tp, long offset) {}

        @Override
        public void timeout(long timeoutMs) {}

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(TP);
        }

        @Override
        public void pause(TopicPartition... partitions) {}

        @Override
        public void resume(TopicPartition... partitions) {}

        @Override
        public void requestCommit() {}
    }
}
