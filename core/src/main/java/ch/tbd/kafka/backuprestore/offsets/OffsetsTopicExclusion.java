package ch.tbd.kafka.backuprestore.offsets;

/**
 * Which records of {@code __consumer_offsets} a backup of it leaves out on purpose: those of excluded groups, the
 * commits of Kafka Backup's own connectors ({@link CommittedOffsets#isBackupCommit}), commits of offsets of
 * {@code __consumer_offsets} itself (another offset backup's), and the membership records of Kafka Connect's worker
 * groups (protocol type "connect"), which commit no offsets and hold nothing a restored consumer needs. Records this release cannot read are never left out:
 * they are backed up raw. The backup and the check that a snapshot of it is complete apply this same rule.
 */
public final class OffsetsTopicExclusion {

    private static final String CONNECT_PROTOCOL = "connect";

    private final GroupFilter excluded;

    public OffsetsTopicExclusion(GroupFilter excluded) {
        this.excluded = excluded;
    }

    public boolean leavesOut(OffsetsTopicRecord record) {
        if (record instanceof OffsetsTopicRecord.Unknown) {
            return false;
        }
        return excluded.matches(record.group()) || CommittedOffsets.isBackupCommit(record)
                || (record instanceof OffsetsTopicRecord.Commit commit
                        && commit.topic().equals(GroupOffsetsBackup.OFFSETS_TOPIC))
                || (record instanceof OffsetsTopicRecord.GroupMetadata metadata
                        && CONNECT_PROTOCOL.equals(metadata.protocolType()));
    }

    /** @param value {@code null} for a tombstone */
    public boolean leavesOut(byte[] key, byte[] value) {
        return leavesOut(OffsetsTopicDecoder.decode(key, value));
    }

    @Override
    public String toString() {
        return excluded.toString();
    }
}
