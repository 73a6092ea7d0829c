package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.ObjectKey;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One backup object as read back: its storage key, what the key says, what its header says and every record in it.
 *
 * @param key     the storage key, relative to the bucket or directory
 * @param name    the key parsed by {@code BackupLayout}
 * @param summary the object's header
 * @param records the decoded records, in stored order
 */
public record BackupObject(String key, ObjectKey name, ObjectSummary summary, List<BackupRecord> records) {

    public TopicPartition topicPartition() {
        return new TopicPartition(name.topic(), name.partition());
    }

    /** Offsets as the header states them: {@code [firstOffset, lastOffset]}. */
    public String range() {
        return "[" + summary.firstOffset() + ", " + summary.lastOffset() + "]";
    }

    @Override
    public String toString() {
        return key + " " + range() + " (" + records.size() + " records)";
    }
}
