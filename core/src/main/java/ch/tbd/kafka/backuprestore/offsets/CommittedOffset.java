package ch.tbd.kafka.backuprestore.offsets;

/**
 * A consumer group's committed offset of one partition: the offset of the next record the group will read.
 *
 * @param leaderEpoch     the leader epoch the group saw, or -1 when unknown
 * @param commitTimestamp when the commit was made, by the broker's clock (or the snapshot's, for an Admin snapshot)
 */
public record CommittedOffset(String group, String topic, int partition, long offset, int leaderEpoch,
        String metadata, long commitTimestamp) {

    /** Group, topic and partition: what one committed offset is of. */
    public record Key(String group, String topic, int partition) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int byGroup = group.compareTo(other.group);
            if (byGroup != 0) {
                return byGroup;
            }
            int byTopic = topic.compareTo(other.topic);
            return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
        }
    }

    public Key key() {
        return new Key(group, topic, partition);
    }
}
