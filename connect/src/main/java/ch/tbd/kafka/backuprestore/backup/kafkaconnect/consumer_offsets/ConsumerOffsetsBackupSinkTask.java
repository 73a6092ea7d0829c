package ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkTask;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.offsets.OffsetsTopicDecoder;
import ch.tbd.kafka.backuprestore.offsets.OffsetsTopicExclusion;
import ch.tbd.kafka.backuprestore.offsets.OffsetsTopicRecord;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup task of {@code __consumer_offsets}: each record is decoded to find its group, and the records the
 * {@link OffsetsTopicExclusion} names are left out. A record this release cannot read is backed up raw as it is, counted, and logged.
 */
public class ConsumerOffsetsBackupSinkTask extends BackupSinkTask {

    private static final Logger log = LoggerFactory.getLogger(ConsumerOffsetsBackupSinkTask.class);

    private OffsetsTopicExclusion exclusion;
    private long unreadable;

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        exclusion = new OffsetsTopicExclusion(new BackupSinkConfig(props).groupFilter(props.getOrDefault("name",
                "backup")));
        log.info("Backing up {} without the groups {}", GroupOffsetsBackup.OFFSETS_TOPIC, exclusion);
    }

    @Override
    protected boolean backsUp(SinkRecord record) {
        if (!(record.key() instanceof byte[] key) || (record.value() != null && !(record.value() instanceof byte[]))) {
            // Not raw bytes: storing it fails with the message that names the converter to fix.
            return true;
        }
        OffsetsTopicRecord decoded = OffsetsTopicDecoder.decode(key, (byte[]) record.value());
        if (decoded instanceof OffsetsTopicRecord.Unknown unknown) {
            unreadable++;
            if (unreadable == 1 || unreadable % 1000 == 0) {
                log.warn("{} record(s) of {} this release cannot read, such as {} at offset {} of partition {}:"
                        + " backed up raw as they are, but not used to translate offsets", unreadable,
                        GroupOffsetsBackup.OFFSETS_TOPIC, unknown.reason(), record.kafkaOffset(),
                        record.kafkaPartition());
            }
            return true;
        }
        return !exclusion.leavesOut(decoded);
    }
}
