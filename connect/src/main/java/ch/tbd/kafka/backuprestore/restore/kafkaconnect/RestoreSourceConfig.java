package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.config.ParsingValidator;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.config.StorageConfig;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.topics.TopicConfigRules;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link RestoreSourceConnector}: what to restore, where to, and which part of it. */
public final class RestoreSourceConfig extends AbstractConfig {

    private static final String RESTORE_GROUP = "Restore";
    private static final String WINDOW_GROUP = "Point in time";
    private static final String TARGET_GROUP = "Target cluster";

    public static final String TOPICS = "topics";
    private static final String TOPICS_DOC = "The backed-up topics to restore: 'a' restores topic a into a topic of the"
            + " same name, 'a:b' restores topic a into topic b; several entries are separated by commas, for example"
            + " 'orders:orders-restored,payments:payments-restored'.";

    public static final String INSTANCE_NAME_RESTORE = "instance.name.restore";
    private static final String INSTANCE_NAME_RESTORE_DOC = "For backups of compacted topics made by a pair of"
            + " CompactBackupSinkConnector instances: the instance (the connector's name) whose snapshot to restore."
            + " Empty (the default): each partition's newest complete snapshot, whichever instance holds it. Ignored"
            + " for topics the named instance holds no snapshot of, such as backups of normal topics.";

    public static final String INCARNATIONS = "restore.incarnations";
    private static final String INCARNATIONS_DOC = "Which incarnation to restore of a topic that was deleted and"
            + " created again while it was backed up, so that the backup holds several: a list 'TOPIC:INCARNATION,...'"
            + " where INCARNATION is the number or the topic id that 'kafka-backup describe' shows. Topics not listed"
            + " restore their newest incarnation.";

    public static final String TIME_FROM = "restore.time.from";
    private static final String TIME_FROM_DOC = "Restore only records with a timestamp at or after this instant:"
            + " ISO-8601 (2026-11-25T10:15:30Z or with an offset) or epoch milliseconds. Empty for no lower bound.";
    public static final String TIME_TO = "restore.time.to";
    private static final String TIME_TO_DOC = "Restore only records with a timestamp before this instant: ISO-8601 or"
            + " epoch milliseconds. Empty for no upper bound. Records without a timestamp are restored only when no"
            + " time window is set.";
    public static final String OFFSET_FROM = "restore.offset.from";
    private static final String OFFSET_FROM_DOC = "Restore only records at or after this original offset: a number for"
            + " every partition, or a list 'TOPIC-PARTITION:OFFSET,...' for some partitions.";
    public static final String OFFSET_TO = "restore.offset.to";
    private static final String OFFSET_TO_DOC = "Restore only records before this original offset: a number for every"
            + " partition, or a list 'TOPIC-PARTITION:OFFSET,...'.";

    public static final String PROVENANCE_HEADERS = "restore.provenance.headers.enabled";
    private static final String PROVENANCE_HEADERS_DOC = "Add two headers to every restored record: 'x-old-offset'"
            + " (its original offset, in decimal) and 'x-restored'. Off by default, so that restored records carry"
            + " nothing the originals did not.";
    public static final String CONTINUOUS = "restore.continuous.enabled";
    private static final String CONTINUOUS_DOC = "Keep following the backup: when everything stored is restored, look"
            + " for new objects every restore.poll.interval.ms instead of finishing.";
    public static final String POLL_INTERVAL_MS = "restore.poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "In continuous mode, how often to look for new objects.";
    public static final String BATCH_MAX_RECORDS = "restore.batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC = "Most records handed to Connect in one poll.";
    public static final String SKIP_DAMAGED = "restore.skip.damaged.enabled";
    private static final String SKIP_DAMAGED_DOC = "What to do with a damaged, truncated or foreign object in the"
            + " backup. false (the default): the task stops and names the object, and nothing damaged is ever"
            + " restored. true: the rest of the object is skipped and the restore goes on; every skipped object and"
            + " offset range is logged at ERROR, kept in the partition's source offset (skipped.objects,"
            + " skipped.offsets) and counted in the task's JMX bean. Connect's errors.tolerance does not skip"
            + " damaged objects: it is about records the worker cannot convert or write.";
    public static final String OFFSET_MAP_TOPIC = "restore.offset.map.topic";
    private static final String OFFSET_MAP_TOPIC_DOC = "The topic that receives, for every restored partition, runs"
            + " of original offsets and the offsets the records got in the target, so that consumer-group offsets can"
            + " be translated later. Kept only with target.cluster.bootstrap.servers, so that the connector can create"
            + " the topic (compacted) when it is missing. Empty to keep no map.";
    public static final String OFFSET_MAP_TOPIC_DEFAULT = "kafka-backup.offset-map";

    private static final String GROUPS_GROUP = "Consumer groups";
    public static final String CONSUMER_GROUPS = "restore.consumer.groups";
    private static final String CONSUMER_GROUPS_DOC = "Consumer groups to put back where they stood, once every"
            + " partition is restored: a comma-separated list of group names and regular expressions ('.*' for every"
            + " group in the backup). Their committed offsets come from the backup (ConsumerOffsetsBackupSinkConnector"
            + " or consumer.offsets.snapshot.interval.ms), are translated exactly through the offset map, and are set"
            + " on the target cluster, only for groups with no active member. The result, group by group, is logged."
            + " Needs target.cluster.bootstrap.servers and the offset map. Empty: no group is touched (the"
            + " 'kafka-backup offsets apply' command does the same on demand).";
    public static final String CONSUMER_GROUPS_AS_OF = "restore.consumer.groups.as.of";
    private static final String CONSUMER_GROUPS_AS_OF_DOC = "Take the groups' offsets as they were committed at this"
            + " moment (ISO-8601 or epoch ms). Empty: restore.time.to when set, so that groups match a point-in-time"
            + " restore, else the latest backed up.";
    public static final String CONSUMER_GROUPS_FORCE = "restore.consumer.groups.force";
    private static final String CONSUMER_GROUPS_FORCE_DOC = "Set a group's offset even when it is below the one the"
            + " group has on the target cluster already. By default a group is never moved back.";

    public static final String TARGET_CLUSTER_PREFIX = KafkaClusterConfig.TARGET;
    public static final String TARGET_BOOTSTRAP_SERVERS = TARGET_CLUSTER_PREFIX + KafkaClusterConfig.BOOTSTRAP_SERVERS;
    private static final String TARGET_BOOTSTRAP_SERVERS_DOC = "Bootstrap servers of the cluster restored into, so"
            + " that the connector can check target topics and create missing ones before it starts, and keep the"
            + " offset map. Empty: target topics must already exist with at least the backed-up number of"
            + " partitions.";
    public static final String TOPIC_CREATE = "restore.topic.create.enabled";
    private static final String TOPIC_CREATE_DOC = "Create a missing target topic with the backed-up number of"
            + " partitions. When false, a missing target topic fails the connector. Needs"
            + " target.cluster.bootstrap.servers.";
    public static final String TOPIC_REPLICATION_FACTOR = "restore.topic.replication.factor";
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of created target topics. -1 (the"
            + " default): the backed-up topic's, lowered to the target's broker count when it has fewer, or the"
            + " broker's default when the backup holds no definition of the topic.";
    public static final String TOPIC_CONFIG_OVERRIDES = "restore.topic.config.overrides";
    private static final String TOPIC_CONFIG_OVERRIDES_DOC = "Configs set on every target topic the restore creates,"
            + " whatever the backup says: 'CONFIG=VALUE,...', for example 'retention.ms=-1,min.insync.replicas=1'. A"
            + " value may hold commas ('cleanup.policy=compact,delete'). Created topics otherwise get the configs"
            + " captured with the backup (topic.definitions.interval.ms of the backup connector), less those never"
            + " copied (see the README) and those excluded.";
    public static final String TOPIC_CONFIG_EXCLUDE = "restore.topic.config.exclude";
    private static final String TOPIC_CONFIG_EXCLUDE_DOC = "Backed-up configs not set on the target topics the restore"
            + " creates: config names, or prefixes ending in '*', comma-separated ('retention.ms,segment.*').";
    public static final String TOPIC_CONFIG_CHECK = "restore.topic.config.check";
    private static final String TOPIC_CONFIG_CHECK_DOC = "What to do when a target topic exists with configs that"
            + " differ from the backed-up ones (after exclusions and overrides): 'warn' (the default) logs the"
            + " differences and restores into it as it is; 'strict' fails the connector, naming each one.";
    public static final String ACLS = "restore.acls.enabled";
    private static final String ACLS_DOC = "Create on the target cluster the ACL bindings captured with the backup:"
            + " those that apply to the restored topics, moved to their new names when renamed, and those on the"
            + " groups of restore.consumer.groups. Off by default: ACLs are never applied unless asked for"
            + " ('kafka-backup acls plan' shows them first). Needs target.cluster.bootstrap.servers and ALTER on the"
            + " target cluster.";
    public static final String REPARTITION = "restore.repartition.enabled";
    private static final String REPARTITION_DOC = "Allow a target topic with another number of partitions than the"
            + " backup: records are then partitioned by the hash of their key, as Kafka's default partitioner does,"
            + " instead of going to the partition they came from. Order is kept per key, not per original partition.";

    // Declared before CONFIG_DEF, which uses them while the class initialises.
    private static final ParsingValidator TOPIC_MAPPING =
            ParsingValidator.of("TOPIC or SOURCE:TARGET, comma-separated", TopicMapping::parse);
    private static final ParsingValidator POINT_IN_TIME =
            ParsingValidator.of("ISO-8601 date-time or epoch ms, or empty", RestoreSettings::parseTime);
    private static final ParsingValidator INCARNATION_LIST =
            ParsingValidator.of("TOPIC:INCARNATION, comma-separated, or empty", RestoreSourceConfig::parseIncarnations);
    private static final ParsingValidator GROUP_LIST = ParsingValidator.of(
            "group names and regular expressions, comma-separated, or empty", GroupFilter::of);
    private static final ParsingValidator CONFIG_OVERRIDES =
            ParsingValidator.of("CONFIG=VALUE, comma-separated, or empty", TopicConfigRules::parseOverrides);
    private static final ParsingValidator CONFIG_EXCLUDES =
            ParsingValidator.of("config names or PREFIX*, comma-separated, or empty", TopicConfigRules::parseExcludes);
    private static final ParsingValidator OFFSETS =
            ParsingValidator.of("OFFSET or TOPIC-PARTITION:OFFSET,..., or empty", RestoreSettings::parseOffsets);

    public static final ConfigDef CONFIG_DEF = configDef();

    private final StorageConfig storage;

    public RestoreSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.storage = new StorageConfig(this);
    }

    public static ConfigDef configDef() {
        ConfigDef def = StorageConfig.define(new ConfigDef());
        int order = 0;
        def.define(TOPICS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, TOPIC_MAPPING,
                        Importance.HIGH, TOPICS_DOC, RESTORE_GROUP, ++order, Width.LONG, "Topics")
                .define(INSTANCE_NAME_RESTORE, Type.STRING, "", Importance.LOW, INSTANCE_NAME_RESTORE_DOC,
                        RESTORE_GROUP, ++order, Width.SHORT, "Compacted backup instance")
                .define(INCARNATIONS, Type.STRING, "", INCARNATION_LIST, Importance.LOW, INCARNATIONS_DOC,
                        RESTORE_GROUP, ++order, Width.MEDIUM, "Incarnations")
                .define(PROVENANCE_HEADERS, Type.BOOLEAN, false, Importance.LOW, PROVENANCE_HEADERS_DOC,
                        RESTORE_GROUP, ++order, Width.SHORT, "Provenance headers")
                .define(CONTINUOUS, Type.BOOLEAN, false, Importance.MEDIUM, CONTINUOUS_DOC, RESTORE_GROUP, ++order,
                        Width.SHORT, "Continuous")
                .define(POLL_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                        POLL_INTERVAL_MS_DOC, RESTORE_GROUP, ++order, Width.SHORT, "Poll interval")
                .define(BATCH_MAX_RECORDS, Type.INT, 2_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        BATCH_MAX_RECORDS_DOC, RESTORE_GROUP, ++order, Width.SHORT, "Batch size")
                .define(SKIP_DAMAGED, Type.BOOLEAN, false, Importance.MEDIUM, SKIP_DAMAGED_DOC, RESTORE_GROUP,
                        ++order, Width.SHORT, "Skip damaged objects")
                .define(OFFSET_MAP_TOPIC, Type.STRING, OFFSET_MAP_TOPIC_DEFAULT, Importance.LOW,
                        OFFSET_MAP_TOPIC_DOC, RESTORE_GROUP, ++order, Width.MEDIUM, "Offset map topic");
        order = 0;
        def.define(TIME_FROM, Type.STRING, "", POINT_IN_TIME, Importance.MEDIUM, TIME_FROM_DOC,
                        WINDOW_GROUP, ++order, Width.MEDIUM, "From time")
                .define(TIME_TO, Type.STRING, "", POINT_IN_TIME, Importance.MEDIUM, TIME_TO_DOC,
                        WINDOW_GROUP, ++order, Width.MEDIUM, "To time")
                .define(OFFSET_FROM, Type.STRING, "", OFFSETS, Importance.MEDIUM,
                        OFFSET_FROM_DOC, WINDOW_GROUP, ++order, Width.MEDIUM, "From offset")
                .define(OFFSET_TO, Type.STRING, "", OFFSETS, Importance.MEDIUM,
                        OFFSET_TO_DOC, WINDOW_GROUP, ++order, Width.MEDIUM, "To offset");
        order = 0;
        KafkaClusterConfig.define(def, TARGET_CLUSTER_PREFIX, TARGET_GROUP, TARGET_BOOTSTRAP_SERVERS_DOC);
        ++order;
        def.define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, TOPIC_CREATE_DOC, TARGET_GROUP,
                        ++order, Width.SHORT, "Create target topics")
                .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                        TOPIC_REPLICATION_FACTOR_DOC, TARGET_GROUP, ++order, Width.SHORT, "Replication factor")
                .define(REPARTITION, Type.BOOLEAN, false, Importance.MEDIUM, REPARTITION_DOC, TARGET_GROUP,
                        ++order, Width.SHORT, "Repartition by key")
                .define(TOPIC_CONFIG_OVERRIDES, Type.STRING, "", CONFIG_OVERRIDES, Importance.MEDIUM,
                        TOPIC_CONFIG_OVERRIDES_DOC, TARGET_GROUP, ++order, Width.LONG, "Config overrides")
                .define(TOPIC_CONFIG_EXCLUDE, Type.STRING, "", CONFIG_EXCLUDES, Importance.LOW,
                        TOPIC_CONFIG_EXCLUDE_DOC, TARGET_GROUP, ++order, Width.LONG, "Configs not copied")
                .define(TOPIC_CONFIG_CHECK, Type.STRING, "warn", ConfigDef.ValidString.in("warn", "strict"),
                        Importance.LOW, TOPIC_CONFIG_CHECK_DOC, TARGET_GROUP, ++order, Width.SHORT,
                        "Existing topic check")
                .define(ACLS, Type.BOOLEAN, false, Importance.MEDIUM, ACLS_DOC, TARGET_GROUP, ++order,
                        Width.SHORT, "Restore ACLs");
        order = 0;
        def.define(CONSUMER_GROUPS, Type.STRING, "", GROUP_LIST, Importance.MEDIUM, CONSUMER_GROUPS_DOC,
                        GROUPS_GROUP, ++order, Width.LONG, "Groups to restore")
                .define(CONSUMER_GROUPS_AS_OF, Type.STRING, "", POINT_IN_TIME, Importance.LOW,
                        CONSUMER_GROUPS_AS_OF_DOC, GROUPS_GROUP, ++order, Width.MEDIUM, "Groups as of")
                .define(CONSUMER_GROUPS_FORCE, Type.BOOLEAN, false, Importance.LOW, CONSUMER_GROUPS_FORCE_DOC,
                        GROUPS_GROUP, ++order, Width.SHORT, "Move groups back");
        return def;
    }

    public StorageConfig storage() {
        return storage;
    }

    /** The point-in-time settings: which offsets and timestamps to restore. */
    public RestoreWindow window() {
        return RestoreSettings.window(this);
    }

    /** The incarnation asked for, by backed-up topic: its number or topic id. */
    public Map<String, String> incarnations() {
        return parseIncarnations(getString(INCARNATIONS));
    }

    static Map<String, String> parseIncarnations(String text) {
        Map<String, String> chosen = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return chosen;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not TOPIC:INCARNATION");
            }
            if (chosen.put(parts[0].trim(), parts[1].trim()) != null) {
                throw new IllegalArgumentException("topic '" + parts[0].trim() + "' is given twice");
            }
        }
        return chosen;
    }

    public TopicMapping topicMapping() {
        return TopicMapping.parse(getString(TOPICS));
    }

    /**
     * The offset-map topic, or empty for none. Only a connector that can reach the target cluster keeps a map, since
     * only it can make sure the topic exists: Connect's producer would wait without end for a missing one.
     */
    public String offsetMapTopic() {
        return targetCluster().configured() ? getString(OFFSET_MAP_TOPIC).trim() : "";
    }

    /** Adds the checks between restore keys to the per-key results, on the key to fix. */
    static void validate(Map<String, String> props, Map<String, org.apache.kafka.common.config.ConfigValue> values) {
        checkWindow(props, values);
        String topics = props.get(TOPICS);
        if (topics != null && restoresOffsetsTopic(topics)) {
            values.computeIfAbsent(TOPICS, org.apache.kafka.common.config.ConfigValue::new).addErrorMessage(
                    OFFSETS_TOPIC_REFUSAL);
        }
        String groups = props.get(CONSUMER_GROUPS);
        if (groups != null && !groups.isBlank() && (bootstrapOf(props) == null)) {
            values.computeIfAbsent(CONSUMER_GROUPS, org.apache.kafka.common.config.ConfigValue::new)
                    .addErrorMessage(CONSUMER_GROUPS + " needs " + TARGET_BOOTSTRAP_SERVERS + ", to read the offset"
                            + " map and set the groups' offsets on the target cluster");
        }
        if (Boolean.parseBoolean(props.getOrDefault(ACLS, "false").strip()) && bootstrapOf(props) == null) {
            values.computeIfAbsent(ACLS, org.apache.kafka.common.config.ConfigValue::new).addErrorMessage(ACLS
                    + " needs " + TARGET_BOOTSTRAP_SERVERS + ", to create the ACL bindings on the target cluster");
        }
        String mapTopic = props.get(OFFSET_MAP_TOPIC);
        String bootstrap = props.get(TARGET_BOOTSTRAP_SERVERS);
        if (mapTopic != null && !mapTopic.isBlank() && (bootstrap == null || bootstrap.isBlank())) {
            values.computeIfAbsent(OFFSET_MAP_TOPIC, org.apache.kafka.common.config.ConfigValue::new)
                    .addErrorMessage("restore.offset.map.topic needs target.cluster.bootstrap.servers, so that the"
                            + " connector can check or create the topic; set both, or leave the map out");
        }
    }

    public static final String OFFSETS_TOPIC_REFUSAL = GroupOffsetsBackup.OFFSETS_TOPIC + " is never restored as records:"
            + " it belongs to the target cluster's group coordinator. Put groups back where they stood with "
            + CONSUMER_GROUPS + " or 'kafka-backup offsets apply'";

    public static boolean restoresOffsetsTopic(String topics) {
        try {
            return TopicMapping.parse(topics).targets().containsKey(GroupOffsetsBackup.OFFSETS_TOPIC);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bootstrapOf(Map<String, String> props) {
        String bootstrap = props.get(TARGET_BOOTSTRAP_SERVERS);
        return bootstrap == null || bootstrap.isBlank() ? null : bootstrap;
    }

    /** The groups whose offsets to set once the restore is complete; empty when none. */
    public GroupFilter consumerGroups() {
        return GroupFilter.of(getString(CONSUMER_GROUPS));
    }

    public boolean restoresConsumerGroups() {
        return !getString(CONSUMER_GROUPS).isBlank();
    }

    /** The moment whose committed offsets to take: the setting, else restore.time.to, else the latest. */
    public long consumerGroupsAsOf() {
        Long asOf = RestoreSettings.parseTime(getString(CONSUMER_GROUPS_AS_OF));
        if (asOf == null) {
            asOf = RestoreSettings.parseTime(getString(TIME_TO));
        }
        return asOf == null ? Long.MAX_VALUE : asOf;
    }

    /** A window that ends before it starts restores nothing: reported on the key that ends it. */
    private static void checkWindow(Map<String, String> props,
            Map<String, org.apache.kafka.common.config.ConfigValue> values) {
        Long from;
        Long to;
        try {
            from = RestoreSettings.parseTime(props.get(TIME_FROM));
            to = RestoreSettings.parseTime(props.get(TIME_TO));
        } catch (RuntimeException e) {
            return; // Reported on the key that does not parse.
        }
        if (from != null && to != null && to <= from) {
            values.computeIfAbsent(TIME_TO, org.apache.kafka.common.config.ConfigValue::new).addErrorMessage(
                    TIME_TO + " (" + props.get(TIME_TO).trim() + ") is not after " + TIME_FROM + " ("
                            + props.get(TIME_FROM).trim() + "): the window holds no record; " + TIME_FROM
                            + " is inclusive and " + TIME_TO + " exclusive");
        }
        try {
            RestoreSettings.offsetWindow(RestoreSettings.parseOffsets(props.get(OFFSET_FROM)),
                    RestoreSettings.parseOffsets(props.get(OFFSET_TO)));
        } catch (IllegalArgumentException e) {
            values.computeIfAbsent(OFFSET_TO, org.apache.kafka.common.config.ConfigValue::new).addErrorMessage(
                    OFFSET_TO + " and " + OFFSET_FROM + " make an empty window: " + e.getMessage());
        }
    }

    /** The user's changes to the backed-up configs of created topics. */
    public TopicConfigRules topicConfigRules() {
        return new TopicConfigRules(TopicConfigRules.parseOverrides(getString(TOPIC_CONFIG_OVERRIDES)),
                TopicConfigRules.parseExcludes(getString(TOPIC_CONFIG_EXCLUDE)));
    }

    TargetTopics.Settings targetTopicSettings() {
        return new TargetTopics.Settings(getBoolean(TOPIC_CREATE), getShort(TOPIC_REPLICATION_FACTOR),
                getBoolean(REPARTITION), topicConfigRules(), "strict".equals(getString(TOPIC_CONFIG_CHECK)));
    }

    public KafkaClusterConfig targetCluster() {
        return new KafkaClusterConfig(this, TARGET_CLUSTER_PREFIX);
    }

    /** The instance of a compacted backup to restore from; empty for each partition's newest complete snapshot. */
    public String instanceNameRestore() {
        return getString(INSTANCE_NAME_RESTORE).strip();
    }
}
