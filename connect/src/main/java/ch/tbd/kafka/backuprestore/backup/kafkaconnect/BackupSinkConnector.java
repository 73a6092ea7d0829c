package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.kafkaconnect.ConnectorValidation;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up topics to objects {@code [prefix/]TOPIC/PARTITION/TOPIC-PARTITION-STARTOFFSET.avro} in S3 or a directory,
 * byte for byte and exactly once per object name.
 */
public class BackupSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(BackupSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        BackupSinkConfig config = new BackupSinkConfig(props);
        // Fail here, where the user sees it on the connector, rather than in every task later.
        try (ObjectStorage storage = config.storage().openStorage()) {
            storage.checkAccess();
            log.info("Backup connector started: storage {} is accessible", storage.location());
        } catch (StorageException e) {
            throw new ConnectException("Backup storage is not usable: " + e.getMessage(), e);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return BackupSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskConfig = new HashMap<>(props);
            taskConfig.put(BackupSinkTask.TASK_ID, Integer.toString(task));
            configs.add(taskConfig);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing held between calls.
    }

    @Override
    public ConfigDef config() {
        return BackupSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorValidation.withCrossChecks(super.validate(connectorConfigs), connectorConfigs);
    }
}
