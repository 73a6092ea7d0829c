package ch.tbd.kafka.backuprestore.offsets;

/**
 * What a record of {@code __consumer_offsets} says, as far as a backup needs to know: which group it belongs to, and
 * for a commit, which partition's offset. Decoded by {@link OffsetsTopicDecoder}; the record itself is kept raw.
 */
public sealed interface OffsetsTopicRecord {

    /** The group the record belongs to, or {@code null} when it could not be read. */
    String group();

    /**
     * A committed offset.
     *
     * @param leaderEpoch     the leader epoch of the committed record, or -1 when unknown
     * @param commitTimestamp when the commit was made, by the broker's clock
     */
    record Commit(String group, String topic, int partition, long offset, int leaderEpoch, String metadata,
            long commitTimestamp) implements OffsetsTopicRecord {}

    /** A commit's tombstone: the group's offset for the partition was deleted (the group or the topic was deleted). */
    record CommitDeleted(String group, String topic, int partition) implements OffsetsTopicRecord {}

    /**
     * The metadata of a classic group (members, generation); {@code deleted} for its tombstone.
     *
     * @param protocolType "consumer" for consumers, "connect" for the group of Kafka Connect's workers; {@code null}
     *     for a tombstone or a value this release cannot read
     */
    record GroupMetadata(String group, boolean deleted, String protocolType) implements OffsetsTopicRecord {}

    /**
     * A record of another kind the group coordinator writes (the new consumer-group protocol, share groups), kept raw
     * and otherwise ignored: committed offsets are always {@link Commit}s.
     *
     * @param type the record type, the key's first two bytes
     */
    record OtherGroupRecord(int type, String group) implements OffsetsTopicRecord {}

    /** A record this release cannot read: kept raw, counted, never a reason to fail. */
    record Unknown(String reason) implements OffsetsTopicRecord {

        @Override
        public String group() {
            return null;
        }
    }
}
