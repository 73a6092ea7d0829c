package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The decoder against records as Kafka's own group coordinator serializes them, every key type and every value version
 * it has written from Kafka 2.x to 4.x.
 */
class OffsetsTopicDecoderTest {

    private static byte[] legacyKey() {
        return MessageUtil.toCoordinatorTypePrefixedBytes(new LegacyOffsetCommitKey().setGroup("billing")
                .setTopic("orders").setPartition(7));
    }

    private static byte[] key() {
        return MessageUtil.toCoordinatorTypePrefixedBytes(new OffsetCommitKey().setGroup("billing")
                .setTopic("orders").setPartition(7));
    }

    private static byte[] value(short version) {
        OffsetCommitValue value = new OffsetCommitValue().setOffset(4242).setMetadata("checkpoint")
                .setCommitTimestamp(1_700_000_000_123L);
        if (version >= 3) {
            value.setLeaderEpoch(5);
        }
        if (version == 1) {
            value.setExpireTimestamp(1_700_000_999_000L);
        }
        return MessageUtil.toVersionPrefixedBytes(version, value);
    }

    @ParameterizedTest(name = "value version {0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void shouldReadEveryVersionOfACommittedOffset(short version) {
        for (byte[] key : new byte[][] {legacyKey(), key()}) {
            OffsetsTopicRecord decoded = OffsetsTopicDecoder.decode(key, value(version));

            assertThat(decoded).isEqualTo(new OffsetsTopicRecord.Commit("billing", "orders", 7, 4242,
                    version >= 3 ? 5 : -1, "checkpoint", 1_700_000_000_123L));
        }
    }

    @Test
    void shouldReadAnEmptyMetadataOfTheFlexibleVersion() {
        byte[] value = MessageUtil.toVersionPrefixedBytes((short) 4, new OffsetCommitValue().setOffset(1)
                .setMetadata("").setCommitTimestamp(2));

        assertThat(OffsetsTopicDecoder.decode(key(), value))
                .isEqualTo(new OffsetsTopicRecord.Commit("billing", "orders", 7, 1, -1, "", 2));
    }

    @Test
    void shouldReadTheTombstoneOfADeletedOffset() {
        assertThat(OffsetsTopicDecoder.decode(key(), null))
                .isEqualTo(new OffsetsTopicRecord.CommitDeleted("billing", "orders", 7));
    }

    @ParameterizedTest(name = "value version {0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void shouldReadAClassicGroupsMetadataWithItsProtocolTypeAndItsTombstone(short version) {
        byte[] key = MessageUtil.toCoordinatorTypePrefixedBytes(new GroupMetadataKey().setGroup("connect-cluster"));
        byte[] value = MessageUtil.toVersionPrefixedBytes(version, new GroupMetadataValue().setProtocolType("connect")
                .setGeneration(3));

        assertThat(OffsetsTopicDecoder.decode(key, value)).isEqualTo(new OffsetsTopicRecord.GroupMetadata(
                "connect-cluster", false, "connect"));
        assertThat(OffsetsTopicDecoder.decode(key, null)).isEqualTo(new OffsetsTopicRecord.GroupMetadata(
                "connect-cluster", true, null));
    }

    @Test
    void shouldKeepTheNewProtocolsRecordsAsOtherRecordsOfTheirGroup() {
        byte[] key = MessageUtil.toCoordinatorTypePrefixedBytes(new ConsumerGroupMetadataKey().setGroupId("billing"));
        byte[] value = MessageUtil.toVersionPrefixedBytes((short) 0, new ConsumerGroupMetadataValue().setEpoch(9));

        assertThat(OffsetsTopicDecoder.decode(key, value)).isEqualTo(new OffsetsTopicRecord.OtherGroupRecord(3,
                "billing"));
    }

    @Test
    void shouldCallANewerValueVersionUnknownRatherThanFail() {
        byte[] value = value((short) 4);
        value[1] = 9;

        assertThat(OffsetsTopicDecoder.decode(key(), value)).isInstanceOf(OffsetsTopicRecord.Unknown.class)
                .extracting(OffsetsTopicRecord::group).isNull();
    }

    @Test
    void shouldCallBytesThatDoNotParseUnknownRatherThanFail() {
        assertThat(OffsetsTopicDecoder.decode(new byte[] {0, 1, 0, 9, 'x'}, new byte[] {0}))
                .isInstanceOf(OffsetsTopicRecord.Unknown.class);
        assertThat(OffsetsTopicDecoder.decode(key(), new byte[] {0, 3, 1, 2}))
                .isInstanceOf(OffsetsTopicRecord.Unknown.class);
        assertThat(OffsetsTopicDecoder.decode(null, null)).isInstanceOf(OffsetsTopicRecord.Unknown.class);
    }
}
