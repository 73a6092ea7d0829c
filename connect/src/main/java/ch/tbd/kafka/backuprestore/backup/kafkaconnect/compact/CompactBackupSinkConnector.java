package ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Backs up compacted topics as snapshots that two connectors of a pair take turns to build, so that a restore replays
 * little more than the compacted topic itself: the ACTIVATE connector backs up; once its snapshot is
 * {@code compacted.log.backup.length.hours} old, the PASSIVATE one backs up the topic again from its (compacted)
 * beginning, and when that snapshot has caught up it becomes the current one and the older is deleted. The two see
 * each other through a compacted coordination topic ({@link ch.tbd.kafka.backuprestore.compact.HandoverProtocol}).
 * Each keeps its snapshot in its own directory, {@code TOPIC/CONNECTOR_NAME/PARTITION/...}; storage, rotation, memory
 * and retries are the backup connector's.
 */
public class CompactBackupSinkConnector extends BackupSinkConnector {

    @Override
    public void start(Map<String, String> props) {
        String problem = pairProblem(props);
        if (problem != null) {
            throw new ConnectException(problem);
        }
        super.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CompactBackupSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return CompactBackupConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        String instance = CompactBackupConfig.instanceProblem(connectorConfigs.get("name"));
        if (instance != null) {
            ConfigValue name = new ConfigValue("name");
            name.addErrorMessage(instance);
            values.add(name);
        }
        String cluster = clusterProblem(connectorConfigs);
        if (cluster != null) {
            values.stream().filter(value -> value.name().equals(CompactBackupConfig.PATH_CONFIGURATION))
                    .forEach(value -> value.addErrorMessage(cluster));
        }
        return new Config(values);
    }

    private static String pairProblem(Map<String, String> props) {
        String instance = CompactBackupConfig.instanceProblem(props.get("name"));
        return instance != null ? instance : clusterProblem(props);
    }

    /** Whether the coordination topic can be reached, told before any task starts. */
    private static String clusterProblem(Map<String, String> props) {
        try {
            new CompactBackupConfig(props).clusterClientConfig();
            return null;
        } catch (ConfigException e) {
            // Other keys' problems are told by their own validators.
            return e.getMessage() != null && (e.getMessage().contains(CompactBackupConfig.PATH_CONFIGURATION)
                    || e.getMessage().contains("coordination topic")) ? e.getMessage() : null;
        }
    }
}
