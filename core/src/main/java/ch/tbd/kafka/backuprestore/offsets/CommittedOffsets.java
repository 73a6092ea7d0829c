package ch.tbd.kafka.backuprestore.offsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed offsets of consumer groups as of some moment, built by replaying what {@code __consumer_offsets} says
 * in offset order: a commit replaces the group's earlier commit of the partition, a tombstone removes it. Commits made
 * after {@code asOf} (by their commit timestamp) are not applied, so the result is what the groups had committed then.
 * Only the selected groups are kept; commits of Kafka Backup's own connectors never are (a backup taken without the
 * exclusion, or by an earlier release, may hold them). Records this release cannot read are left out and counted.
 */
public final class CommittedOffsets {

    private final GroupFilter selected;
    private final long asOf;
    private final Map<CommittedOffset.Key, CommittedOffset> latest = new TreeMap<>();
    private final Map<String, long[]> commitTimes = new TreeMap<>();
    private long unknownRecords;

    /**
     * The metadata Kafka Backup's own connectors commit their offsets with, so that a backup of group offsets knows
     * them from the application groups it is for, whatever their names.
     */
    public static final String BACKUP_COMMIT_METADATA = "kafka-backup";

    /** Whether the record is a commit of one of Kafka Backup's own connectors. */
    public static boolean isBackupCommit(OffsetsTopicRecord record) {
        return record instanceof OffsetsTopicRecord.Commit commit
                && BACKUP_COMMIT_METADATA.equals(commit.metadata());
    }

    /**
     * @param selected the groups to keep
     * @param asOf     the moment, in epoch milliseconds; {@link Long#MAX_VALUE} for the latest
     */
    public CommittedOffsets(GroupFilter selected, long asOf) {
        this.selected = selected;
        this.asOf = asOf;
    }

    /**
     * Applies one record of {@code __consumer_offsets}, in the order of the partition.
     *
     * @param recordTimestamp the record's own timestamp, which dates a tombstone
     */
    public void apply(OffsetsTopicRecord record, long recordTimestamp) {
        if (record instanceof OffsetsTopicRecord.Unknown) {
            unknownRecords++;
            return;
        }
        if (!selected.matches(record.group()) || isBackupCommit(record)) {
            return;
        }
        if (record instanceof OffsetsTopicRecord.Commit commit) {
            if (commit.commitTimestamp() <= asOf) {
                CommittedOffset offset = new CommittedOffset(commit.group(), commit.topic(), commit.partition(),
                        commit.offset(), commit.leaderEpoch(), commit.metadata(), commit.commitTimestamp());
                latest.put(offset.key(), offset);
                noteCommitTime(commit.group(), commit.commitTimestamp());
            }
        } else if (record instanceof OffsetsTopicRecord.CommitDeleted deleted && recordTimestamp <= asOf) {
            latest.remove(new CommittedOffset.Key(deleted.group(), deleted.topic(), deleted.partition()));
        }
    }

    /** Applies a snapshot's offsets, as commits. */
    public void applyAll(Collection<CommittedOffset> offsets) {
        for (CommittedOffset offset : offsets) {
            if (selected.matches(offset.group()) && !BACKUP_COMMIT_METADATA.equals(offset.metadata())
                    && offset.commitTimestamp() <= asOf) {
                latest.put(offset.key(), offset);
                noteCommitTime(offset.group(), offset.commitTimestamp());
            }
        }
    }

    private void noteCommitTime(String group, long time) {
        long[] range = commitTimes.computeIfAbsent(group, g -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        range[0] = Math.min(range[0], time);
        range[1] = Math.max(range[1], time);
    }

    /** The first and the last commit seen of each group, in epoch milliseconds, by group name. */
    public Map<String, long[]> commitTimes() {
        Map<String, long[]> copy = new TreeMap<>();
        commitTimes.forEach((group, range) -> copy.put(group, range.clone()));
        return copy;
    }

    /** The committed offsets, by group, topic and partition. */
    public List<CommittedOffset> offsets() {
        return new ArrayList<>(latest.values());
    }

    /** Records of {@code __consumer_offsets} this release could not read. */
    public long unknownRecords() {
        return unknownRecords;
    }
}
