package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.kafkaconnect.ConnectorValidation;
import ch.tbd.kafka.backuprestore.kafkaconnect.UnknownKeys;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.retry.RetriesExhaustedException;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
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

    /** Keys of the original design that belong to connectors not in this release. */
    static final Map<String, String> NOT_IMPLEMENTED = Map.of(
            "compacted.log.backup.initial.status", "It belongs to CompactBackupSinkConnector.",
            "compacted.log.backup.length.hours", "It belongs to CompactBackupSinkConnector.",
            "compacted.log.backup.interval.offsets", "It belongs to CompactBackupSinkConnector.",
            "compacted.log.backup.path.configuration", "It belongs to CompactBackupSinkConnector.",
            "compacted.log.backup.login.name.jaas.configuration", "It belongs to CompactBackupSinkConnector.");

    private Map<String, String> props;
    private OffsetsSnapshotSchedule offsetsSnapshots;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        BackupSinkConfig config = new BackupSinkConfig(props);
        if (BackupSinkConfig.hasForbiddenTransforms(props)) {
            throw new ConnectException(BackupSinkConfig.FORBIDDEN_TRANSFORMS_MESSAGE);
        }
        UnknownKeys.warnings(props, config(), List.of("source.cluster."), NOT_IMPLEMENTED)
                .forEach(log::warn);
        // Fail here, where the user sees it on the connector, rather than in every task later.
        try (ObjectStorage storage = config.storage().openStorage()) {
            Retrying.call(config.storage().startRetryPolicy(), "reach the backup storage " + storage.location(), () -> {
                storage.checkAccess();
                return null;
            }, StorageErrors::mayPassAtStart);
            log.info("Backup connector started: storage {} is accessible", storage.location());
        } catch (StorageException | RetriesExhaustedException e) {
            throw new ConnectException("Backup storage is not usable: " + e.getMessage(), e);
        }
        if (!config.sourceCluster().configured()) {
            log.warn("No {}: objects will carry no topic id, so a topic deleted and created again under the same name"
                    + " is noticed only when its backup meets an object of the old topic with the same name, and then"
                    + " fails rather than overwrite it. Set it (with any client settings under {}) to have each"
                    + " incarnation of a topic backed up in a place of its own", BackupSinkConfig.SOURCE_BOOTSTRAP_SERVERS,
                    "source.cluster.");
        }
        this.props = Map.copyOf(props);
        if (config.offsetsSnapshotIntervalMs() > 0) {
            offsetsSnapshots = new OffsetsSnapshotSchedule(config, props.getOrDefault("name", "backup"),
                    context::raiseError);
        }
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
        if (offsetsSnapshots != null) {
            offsetsSnapshots.close();
            offsetsSnapshots = null;
        }
    }

    @Override
    public ConfigDef config() {
        return BackupSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = ConnectorValidation.withCrossChecks(super.validate(connectorConfigs), connectorConfigs);
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        if (BackupSinkConfig.hasForbiddenTransforms(connectorConfigs)) {
            // No value: Connect renders this key's value as a list of its own.
            ConfigValue transforms = new ConfigValue("transforms");
            transforms.addErrorMessage(BackupSinkConfig.FORBIDDEN_TRANSFORMS_MESSAGE);
            values.add(transforms);
        }
        if (BackupSinkConfig.snapshotsLackSource(connectorConfigs)) {
            values.stream().filter(value -> value.name().equals(BackupSinkConfig.OFFSETS_SNAPSHOT_INTERVAL_MS))
                    .forEach(value -> value.addErrorMessage(BackupSinkConfig.OFFSETS_SNAPSHOTS_NEED_SOURCE));
        }
        return new Config(values);
    }
}
