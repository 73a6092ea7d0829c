package ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Backs up {@code __consumer_offsets}, the topic where Kafka keeps consumer groups' committed offsets, so that after a
 * restore every group can resume where it stood ({@code kafka-backup offsets}). The records are stored raw, byte for
 * byte, in the layout of any backup, so that nothing is lost even of record versions this release cannot read; the
 * groups of {@code consumer.group.exclude} are left out. Everything else is the backup connector's: storage, rotation,
 * retries, memory.
 */
public class ConsumerOffsetsBackupSinkConnector extends BackupSinkConnector {

    @Override
    public void start(Map<String, String> props) {
        String problem = topicsProblem(props);
        if (problem != null) {
            throw new ConnectException(problem);
        }
        super.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ConsumerOffsetsBackupSinkTask.class;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        String problem = topicsProblem(connectorConfigs);
        if (problem == null) {
            return config;
        }
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        ConfigValue topics = new ConfigValue("topics");
        topics.addErrorMessage(problem);
        values.add(topics);
        return new Config(values);
    }

    /** This connector reads one topic: a configuration that names another is a mistake worth stopping. */
    private static String topicsProblem(Map<String, String> props) {
        String topics = props.getOrDefault("topics", "").trim();
        if (props.containsKey("topics.regex") || !topics.equals(GroupOffsetsBackup.OFFSETS_TOPIC)) {
            return "ConsumerOffsetsBackupSinkConnector backs up " + GroupOffsetsBackup.OFFSETS_TOPIC + " alone: set"
                    + " topics=" + GroupOffsetsBackup.OFFSETS_TOPIC + " (and no topics.regex); back up other topics"
                    + " with BackupSinkConnector";
        }
        return null;
    }
}
