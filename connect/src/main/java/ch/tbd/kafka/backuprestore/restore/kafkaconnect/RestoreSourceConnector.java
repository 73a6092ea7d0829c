package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.kafkaconnect.ConnectorValidation;
import ch.tbd.kafka.backuprestore.kafkaconnect.UnknownKeys;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.retry.RetriesExhaustedException;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores backed-up topics into Kafka, optionally under new names, record for record: same partition, key, value,
 * headers and timestamp, in the original order.
 *
 * <p>At start it checks that every topic to restore is in the backup and that the target topics can take it, so that a
 * bad configuration fails the connector with a message instead of leaving tasks idle or stuck.
 */
public class RestoreSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(RestoreSourceConnector.class);

    private Map<String, String> props;
    private List<TopicPartitionId> partitions;
    private GroupOffsetsOnCompletion groupOffsets;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RestoreSourceConfig config = new RestoreSourceConfig(props);
        if (RestoreSourceConfig.restoresOffsetsTopic(config.getString(RestoreSourceConfig.TOPICS))) {
            throw new ConnectException(RestoreSourceConfig.OFFSETS_TOPIC_REFUSAL);
        }
        UnknownKeys.warnings(props, RestoreSourceConfig.CONFIG_DEF, List.of(RestoreSourceConfig.TARGET_CLUSTER_PREFIX),
                Map.of()).forEach(log::warn);
        if (props.keySet().stream().noneMatch(key -> key.startsWith("producer.override."))) {
            log.info("The restore's producer has the worker's settings, by default Kafka Connect's (one request in"
                    + " flight, no idempotence). The README's recommended producer.override.* settings ({}) restore"
                    + " faster and with less garbage collection", RestoreProducerSettings.RECOMMENDED);
        }
        TopicMapping mapping = config.topicMapping();
        List<TopicPartitionId> found = new ArrayList<>();
        try (ObjectStorage storage = config.storage().openStorage()) {
            BackupCatalog catalog = new BackupCatalog(storage, config.storage().layout(), config.instanceNameRestore());
            String where = storage.location() + "/" + config.storage().layout().prefix();
            Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = Retrying.call(
                    config.storage().startRetryPolicy(), "list the backup at " + where,
                    () -> list(storage, catalog, mapping, config.incarnations()), StorageErrors::mayPassAtStart);
            for (String topic : mapping.targets().keySet()) {
                SortedMap<Integer, List<BackupObjectRef>> topicPartitions = listings.get(topic);
                if (topicPartitions.isEmpty()) {
                    // Only now the whole location is listed: a location of many topics is many pages.
                    List<String> present = catalog.topics();
                    if (present.isEmpty()) {
                        throw new ConnectException("There is no backup at " + where + ": check s3.bucket.name or"
                                + " storage.local.directory, and storage.prefix");
                    }
                    throw new ConnectException("Topic '" + topic + "' is not in the backup at " + where
                            + ". Topics there: " + present);
                }
                topicPartitions.keySet().forEach(partition -> found.add(new TopicPartitionId(topic, partition)));
            }
            List<TargetTopic> targets = TargetTopic.of(storage, config.storage().layout(), mapping, listings,
                    config.window());
            prepareTargets(config, targets, storage);
            if (config.getBoolean(RestoreSourceConfig.ACLS)) {
                TargetAcls.restore(config, targets, storage);
            }
        } catch (StorageException | RetriesExhaustedException e) {
            throw new ConnectException("Backup storage is not usable: " + e.getMessage(), e);
        }
        this.partitions = found;
        this.props = Map.copyOf(props);
        log.info("Restoring {} partitions of {} into {}", found.size(), mapping.targets().keySet(),
                mapping.targets().values());
        if (config.restoresConsumerGroups()) {
            groupOffsets = new GroupOffsetsOnCompletion(config, found, context().offsetStorageReader(),
                    props.getOrDefault("name", "restore"));
        }
    }

    /** Each topic's partitions and objects. */
    private static Map<String, SortedMap<Integer, List<BackupObjectRef>>> list(ObjectStorage storage,
            BackupCatalog catalog, TopicMapping mapping, Map<String, String> incarnations) {
        storage.checkAccess();
        Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings = new HashMap<>();
        for (String topic : mapping.targets().keySet()) {
            try {
                listings.put(topic, catalog.partitions(topic, incarnations.get(topic)));
            } catch (IllegalArgumentException e) {
                throw new ConnectException(e.getMessage() + ": fix " + RestoreSourceConfig.INCARNATIONS, e);
            }
        }
        return listings;
    }

    private static void prepareTargets(RestoreSourceConfig config, List<TargetTopic> targets,
            ObjectStorage storage) {
        if (!config.targetCluster().configured()) {
            log.warn("No {}: target topics {} must exist with at least {} partitions, since a producer waits without"
                    + " end for a missing topic or partition. Set it to have them checked and created as the backup"
                    + " defines them, and to keep an offset map", RestoreSourceConfig.TARGET_BOOTSTRAP_SERVERS,
                    targets.stream().map(TargetTopic::target).toList(),
                    targets.stream().map(TargetTopic::partitionsNeeded).toList());
            return;
        }
        TargetTopics.prepare(config.targetCluster(), targets, config.targetTopicSettings(), config.offsetMapTopic(),
                target -> target.oldestTimestamp(storage, config.window()));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RestoreSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        List<List<TopicPartitionId>> assignment = PartitionAssignment.spread(partitions, maxTasks);
        for (int task = 0; task < assignment.size(); task++) {
            Map<String, String> taskConfig = new HashMap<>(props);
            taskConfig.put(PartitionAssignment.TASK_PARTITIONS, PartitionAssignment.format(assignment.get(task)));
            taskConfig.put(PartitionAssignment.TASK_ID, Integer.toString(task));
            configs.add(taskConfig);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (groupOffsets != null) {
            groupOffsets.close();
            groupOffsets = null;
        }
    }

    @Override
    public ConfigDef config() {
        return RestoreSourceConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Each record's source offset says exactly where the restore stands, and reading again from there yields
        // the same records: the worker's transactions make the restore exactly once.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = ConnectorValidation.withCrossChecks(super.validate(connectorConfigs), connectorConfigs);
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        config.configValues().forEach(value -> values.put(value.name(), value));
        RestoreSourceConfig.validate(connectorConfigs, values);
        return new Config(new ArrayList<>(values.values()));
    }
}
