package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;

/** The records a backup of {@code __consumer_offsets} leaves out, as Kafka's group coordinator writes them. */
class OffsetsTopicExclusionTest {

    private final OffsetsTopicExclusion exclusion = new OffsetsTopicExclusion(GroupFilter.of("connect-nightly"));

    private static byte[] key(String group, String topic) {
        return MessageUtil.toCoordinatorTypePrefixedBytes(new OffsetCommitKey().setGroup(group).setTopic(topic)
                .setPartition(0));
    }

    private static byte[] value(String metadata) {
        return MessageUtil.toVersionPrefixedBytes((short) 3, new OffsetCommitValue().setOffset(10)
                .setMetadata(metadata).setCommitTimestamp(1));
    }

    @Test
    void shouldKeepTheRecordsOfApplicationGroups() {
        assertThat(exclusion.leavesOut(key("billing", "orders"), value(""))).isFalse();
        assertThat(exclusion.leavesOut(key("billing", "orders"), null)).isFalse();
        assertThat(exclusion.leavesOut(MessageUtil.toCoordinatorTypePrefixedBytes(new GroupMetadataKey()
                .setGroup("billing")), null)).isFalse();
    }

    @Test
    void shouldLeaveOutExcludedGroupsBackupCommitsAndOffsetsOfTheOffsetsTopic() {
        assertThat(exclusion.leavesOut(key("connect-nightly", "orders"), value(""))).isTrue();
        assertThat(exclusion.leavesOut(MessageUtil.toCoordinatorTypePrefixedBytes(new GroupMetadataKey()
                .setGroup("connect-nightly")), null)).isTrue();
        assertThat(exclusion.leavesOut(key("any-name", "orders"), value(CommittedOffsets.BACKUP_COMMIT_METADATA)))
                .isTrue();
        assertThat(exclusion.leavesOut(key("billing", GroupOffsetsBackup.OFFSETS_TOPIC), value(""))).isTrue();
    }

    @Test
    void shouldLeaveOutTheMembershipOfConnectWorkerGroupsOnly() {
        byte[] key = MessageUtil.toCoordinatorTypePrefixedBytes(new GroupMetadataKey().setGroup("connect-cluster"));

        assertThat(exclusion.leavesOut(key, MessageUtil.toVersionPrefixedBytes((short) 3, new GroupMetadataValue()
                .setProtocolType("connect")))).isTrue();
        assertThat(exclusion.leavesOut(key, MessageUtil.toVersionPrefixedBytes((short) 3, new GroupMetadataValue()
                .setProtocolType("consumer")))).isFalse();
    }

    @Test
    void shouldNeverLeaveOutARecordItCannotRead() {
        assertThat(exclusion.leavesOut(new byte[] {0, 99, 1}, new byte[] {0, 7})).isFalse();
    }
}
