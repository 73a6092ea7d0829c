package ch.tbd.kafka.backuprestore.offsets;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the keys and values of {@code __consumer_offsets} records in the binary form Kafka's group coordinator writes
 * them, from Kafka 2.x to 4.x.
 *
 * <p>A key starts with a two-byte record type: 0 and 1 are offset commits (group, topic, partition), 2 is a classic
 * group's metadata (group), and the types after (the new consumer-group protocol's records, share groups) start with
 * the group id too. An offset commit's value starts with its version: 0 to 3 are fixed schemas (offset, leader epoch
 * from 3, metadata, commit timestamp, and the expire timestamp of version 1), 4 is the first flexible version (a
 * compact metadata string, then tagged fields). A group's metadata value starts with its protocol type. A null value
 * is a tombstone.
 *
 * <p>Anything else, a newer version or bytes that do not parse, becomes {@link OffsetsTopicRecord.Unknown}: the
 * backup keeps such records raw and counts them, and never fails on them.
 */
public final class OffsetsTopicDecoder {

    static final short LEGACY_OFFSET_COMMIT = 0;
    static final short OFFSET_COMMIT = 1;
    static final short GROUP_METADATA = 2;
    static final short HIGHEST_COMMIT_VALUE_VERSION = 4;
    static final short HIGHEST_GROUP_METADATA_VALUE_VERSION = 4;

    private OffsetsTopicDecoder() {}

    public static OffsetsTopicRecord decode(byte[] key, byte[] value) {
        if (key == null) {
            return new OffsetsTopicRecord.Unknown("a record without a key");
        }
        ByteBuffer keyBuffer = ByteBuffer.wrap(key);
        try {
            short type = keyBuffer.getShort();
            if (type == LEGACY_OFFSET_COMMIT || type == OFFSET_COMMIT) {
                String group = string(keyBuffer);
                String topic = string(keyBuffer);
                int partition = keyBuffer.getInt();
                return value == null ? new OffsetsTopicRecord.CommitDeleted(group, topic, partition)
                        : commit(group, topic, partition, ByteBuffer.wrap(value));
            }
            if (type < 0) {
                return new OffsetsTopicRecord.Unknown("a key of record type " + type);
            }
            String group = string(keyBuffer);
            if (type == GROUP_METADATA) {
                return new OffsetsTopicRecord.GroupMetadata(group, value == null, protocolType(value));
            }
            return new OffsetsTopicRecord.OtherGroupRecord(type, group);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return new OffsetsTopicRecord.Unknown("a key that does not parse: " + e.getMessage());
        }
    }

    private static OffsetsTopicRecord commit(String group, String topic, int partition, ByteBuffer value) {
        try {
            short version = value.getShort();
            if (version < 0 || version > HIGHEST_COMMIT_VALUE_VERSION) {
                return new OffsetsTopicRecord.Unknown("an offset commit of value version " + version + " for group "
                        + group + " and " + topic + "-" + partition);
            }
            long offset = value.getLong();
            int leaderEpoch = version >= 3 ? value.getInt() : -1;
            String metadata = version >= 4 ? compactString(value) : string(value);
            long commitTimestamp = value.getLong();
            // Version 1's expire timestamp and version 4's tagged fields follow; nothing of them is needed.
            return new OffsetsTopicRecord.Commit(group, topic, partition, offset, leaderEpoch, metadata,
                    commitTimestamp);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return new OffsetsTopicRecord.Unknown("an offset commit value of group " + group + " for " + topic + "-"
                    + partition + " that does not parse: " + e.getMessage());
        }
    }

    /**
     * The protocol type of a group's metadata value, its first field after the version (0 to 3 fixed, 4 flexible);
     * {@code null} when there is none or it does not parse, which only costs knowing the group's kind.
     */
    private static String protocolType(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        try {
            short version = buffer.getShort();
            if (version < 0 || version > HIGHEST_GROUP_METADATA_VALUE_VERSION) {
                return null;
            }
            return version >= 4 ? compactString(buffer) : string(buffer);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A string of a fixed schema: a two-byte length (-1 for null), then UTF-8. */
    private static String string(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            return null;
        }
        return utf8(buffer, length);
    }

    /** A string of a flexible schema: an unsigned varint of length + 1 (0 for null), then UTF-8. */
    private static String compactString(ByteBuffer buffer) {
        int lengthPlusOne = unsignedVarint(buffer);
        if (lengthPlusOne == 0) {
            return null;
        }
        return utf8(buffer, lengthPlusOne - 1);
    }

    private static String utf8(ByteBuffer buffer, int length) {
        if (length > buffer.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes with " + buffer.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int unsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than five bytes");
    }
}
