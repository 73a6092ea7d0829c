package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.RotationPolicy;
import ch.tbd.kafka.backuprestore.config.EnumValidator;
import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.config.ParsingValidator;
import ch.tbd.kafka.backuprestore.config.RetentionConfig;
import ch.tbd.kafka.backuprestore.config.StorageConfig;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link BackupSinkConnector}: storage, object rotation, memory and format. */
public final class BackupSinkConfig extends AbstractConfig {

    private static final String ROTATION_GROUP = "Object rotation";
    private static final String FORMAT_GROUP = "Format and memory";
    private static final String SOURCE_GROUP = "Source cluster";

    public static final String SOURCE_BOOTSTRAP_SERVERS = KafkaClusterConfig.SOURCE + KafkaClusterConfig.BOOTSTRAP_SERVERS;
    private static final String SOURCE_BOOTSTRAP_SERVERS_DOC = "Bootstrap servers of the cluster backed up (the"
            + " worker's own settings are not visible to a connector). With them, each object records the topic's"
            + " id, and a topic deleted and created again under the same name is backed up in a directory of its own"
            + " (TOPIC/incarnation-N-TOPICID/) instead of meeting the old topic's objects; and a derived retention"
            + " (s3.retention.policy.days) reads the topics' retention.ms. Empty: objects carry no topic id, a backup"
            + " that meets an object of the old topic under the same name fails rather than overwrite it, no"
            + " retention is derived, and no topic definition is captured (topic.definitions.interval.ms).";

    public static final String DEFINITIONS_INTERVAL_MS = "topic.definitions.interval.ms";
    private static final String DEFINITIONS_INTERVAL_MS_DOC = "How often to read the definitions of the backed-up"
            + " topics (partitions, replication factor, every config set on the topic, the ACLs that apply to it)"
            + " through source.cluster.*, besides when a task first gets a topic; a definition is stored in the backup"
            + " location (~topics/TOPIC/) only when it changed, so that a restore creates the topic as it was. A task"
            + " of __consumer_offsets keeps the ACLs on consumer groups instead (~acls/groups/). -1: never. Needs"
            + " source.cluster.bootstrap.servers; reading ACLs needs DESCRIBE on the cluster.";
    public static final long DEFINITIONS_INTERVAL_MS_DEFAULT = 300_000L;

    public static final String FLUSH_SIZE = "flush.size";
    private static final String FLUSH_SIZE_DOC = "Records per backup object: an object is stored once it holds this"
            + " many records. Deterministic, so a partition backed up again from the same offset gives the same"
            + " objects.";
    public static final int FLUSH_SIZE_DEFAULT = 10_000;

    public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
    private static final String ROTATE_INTERVAL_MS_DOC = "Largest span of record timestamps in one object: a record"
            + " whose timestamp is this far from the object's first record starts a new object. Deterministic."
            + " -1 to disable.";
    public static final long ROTATE_INTERVAL_MS_DEFAULT = -1L;

    public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";
    private static final String ROTATE_SCHEDULE_INTERVAL_MS_DOC = "Longest time, by the worker's clock, that an"
            + " object stays open before it is stored, so that the last records of a quiet partition reach storage"
            + " (and their offsets are committed) without waiting for more: the backup's recovery point. Each"
            + " partition that receives records stores at least one object per interval. -1 to disable.";
    public static final long ROTATE_SCHEDULE_INTERVAL_MS_DEFAULT = 60_000L;

    public static final String ROTATE_SIZE_BYTES = "rotate.size.bytes";
    private static final String ROTATE_SIZE_BYTES_DOC = "Largest size of one object in bytes (compressed): an"
            + " object is stored once it reaches this size.";
    public static final long ROTATE_SIZE_BYTES_DEFAULT = 32L * 1024 * 1024;

    public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
    private static final String BUFFER_MAX_BYTES_DOC = "Heap one task may use for objects in memory, over all its"
            + " partitions: open ones and completed ones being uploaded. When they hold more, the task waits for"
            + " uploads under way, or stores the largest open object early when none is under way. Objects are"
            + " compressed as they fill, so this holds several times as much raw data.";
    public static final long BUFFER_MAX_BYTES_DEFAULT = 64L * 1024 * 1024;

    public static final String AVRO_CODEC = "avro.codec";
    private static final String AVRO_CODEC_DOC = "Compression of the Avro blocks of each object: 'zstd', 'deflate'"
            + " or 'none'.";
    public static final String AVRO_CODEC_DEFAULT = Codec.ZSTD.configValue();

    public static final String UPLOAD_CONCURRENCY = "upload.concurrency";
    private static final String UPLOAD_CONCURRENCY_DOC = "Objects one task uploads at once, in the background while"
            + " it goes on consuming; their memory counts against buffer.max.bytes until they are stored, and their"
            + " offsets are committed only then. 0 stores each object on the task's own thread before it consumes on.";
    public static final int UPLOAD_CONCURRENCY_DEFAULT = 2;

    public static final String TRANSFORMS_ENABLED = "backup.transforms.enabled";
    private static final String TRANSFORMS_ENABLED_DOC = "Allow Connect transforms (the 'transforms' key) on this"
            + " backup. A transform changes or drops records before they are stored, so the backup is no longer byte"
            + " for byte what the topic holds; the connector refuses transforms unless this is true.";

    private static final String GROUPS_GROUP = "Consumer groups";

    public static final String CONSUMER_GROUP_EXCLUDE = "consumer.group.exclude";
    private static final String CONSUMER_GROUP_EXCLUDE_DOC = "Consumer groups whose offsets are not backed up: a"
            + " comma-separated list of group names and regular expressions (an entry with a regular-expression"
            + " character other than '.' is a pattern that must match the whole name). Always left out besides: this"
            + " connector's own group (connect-NAME), the groups of every Kafka Backup connector (they commit with the"
            + " metadata 'kafka-backup'), the groups of the kafka-backup command's connectors (connect-kafka-backup-*),"
            + " the membership records of Kafka Connect's worker groups (they commit no offsets), and offsets of"
            + " __consumer_offsets itself. The groups of other sink connectors (connect-NAME) are kept, like any"
            + " application's.";
    public static final String OFFSETS_SNAPSHOT_INTERVAL_MS = "consumer.offsets.snapshot.interval.ms";
    private static final String OFFSETS_SNAPSHOT_INTERVAL_MS_DOC = "How often to read the committed offsets of"
            + " consumer groups on the backed-up topics through the Admin API (with the source.cluster.* settings) and"
            + " store them as a snapshot in the backup location, for clusters whose __consumer_offsets a connector may"
            + " not read (managed services, strict ACLs). A snapshot is stored only when the offsets changed. -1 (the"
            + " default) takes none; ConsumerOffsetsBackupSinkConnector backs up __consumer_offsets itself, exactly.";

    /** Uncompressed bytes per Avro block: large enough for zstd to do well, small per open partition. */
    static final int AVRO_BLOCK_SIZE_BYTES = 64 * 1024;

    // Declared before CONFIG_DEF, which uses it while the class initialises.
    private static final ParsingValidator GROUP_EXCLUSIONS = ParsingValidator.of(
            "group names and regular expressions, comma-separated", GroupFilter::of);

    public static final ConfigDef CONFIG_DEF = configDef();

    private final StorageConfig storage;

    public BackupSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.storage = new StorageConfig(this);
    }

    public static ConfigDef configDef() {
        ConfigDef def = StorageConfig.define(new ConfigDef());
        int order = 0;
        def.define(FLUSH_SIZE, Type.INT, FLUSH_SIZE_DEFAULT, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        FLUSH_SIZE_DOC, ROTATION_GROUP, ++order, Width.SHORT, "Records per object")
                .define(ROTATE_INTERVAL_MS, Type.LONG, ROTATE_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(-1),
                        Importance.MEDIUM, ROTATE_INTERVAL_MS_DOC, ROTATION_GROUP, ++order, Width.SHORT,
                        "Record time span per object")
                .define(ROTATE_SCHEDULE_INTERVAL_MS, Type.LONG, ROTATE_SCHEDULE_INTERVAL_MS_DEFAULT,
                        ConfigDef.Range.atLeast(-1), Importance.MEDIUM, ROTATE_SCHEDULE_INTERVAL_MS_DOC,
                        ROTATION_GROUP, ++order, Width.SHORT, "Wall-clock rotation")
                .define(ROTATE_SIZE_BYTES, Type.LONG, ROTATE_SIZE_BYTES_DEFAULT, ConfigDef.Range.atLeast(1024),
                        Importance.MEDIUM, ROTATE_SIZE_BYTES_DOC, ROTATION_GROUP, ++order, Width.SHORT,
                        "Bytes per object");
        order = 0;
        def.define(BUFFER_MAX_BYTES, Type.LONG, BUFFER_MAX_BYTES_DEFAULT, ConfigDef.Range.atLeast(1024 * 1024),
                        Importance.MEDIUM, BUFFER_MAX_BYTES_DOC, FORMAT_GROUP, ++order, Width.SHORT,
                        "Buffer per task")
                .define(UPLOAD_CONCURRENCY, Type.INT, UPLOAD_CONCURRENCY_DEFAULT, ConfigDef.Range.between(0, 64),
                        Importance.LOW, UPLOAD_CONCURRENCY_DOC, FORMAT_GROUP, ++order, Width.SHORT,
                        "Uploads at once per task")
                .define(AVRO_CODEC, Type.STRING, AVRO_CODEC_DEFAULT, EnumValidator.of(Codec.values()),
                        Importance.LOW, AVRO_CODEC_DOC, FORMAT_GROUP, ++order, Width.SHORT, "Compression",
                        EnumValidator.of(Codec.values()))
                .define(TRANSFORMS_ENABLED, Type.BOOLEAN, false, Importance.LOW, TRANSFORMS_ENABLED_DOC,
                        FORMAT_GROUP, ++order, Width.SHORT, "Allow transforms");
        RetentionConfig.define(def);
        KafkaClusterConfig.define(def, KafkaClusterConfig.SOURCE, SOURCE_GROUP, SOURCE_BOOTSTRAP_SERVERS_DOC);
        def.define(DEFINITIONS_INTERVAL_MS, Type.LONG, DEFINITIONS_INTERVAL_MS_DEFAULT, ParsingValidator.of(
                        "-1, or at least 1000", BackupSinkConfig::parseDefinitionsInterval), Importance.LOW,
                DEFINITIONS_INTERVAL_MS_DOC, SOURCE_GROUP, 2, Width.SHORT, "Definitions interval");
        order = 0;
        def.define(CONSUMER_GROUP_EXCLUDE, Type.STRING, "", GROUP_EXCLUSIONS, Importance.MEDIUM,
                        CONSUMER_GROUP_EXCLUDE_DOC, GROUPS_GROUP, ++order, Width.LONG, "Excluded groups")
                .define(OFFSETS_SNAPSHOT_INTERVAL_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                        OFFSETS_SNAPSHOT_INTERVAL_MS_DOC, GROUPS_GROUP, ++order, Width.SHORT,
                        "Offsets snapshot interval");
        return def;
    }

    public StorageConfig storage() {
        return storage;
    }

    public RetentionConfig retention() {
        return new RetentionConfig(this);
    }

    /** The cluster backed up, reached with clients of the connector's own. */
    public KafkaClusterConfig sourceCluster() {
        return new KafkaClusterConfig(this, KafkaClusterConfig.SOURCE);
    }

    /** How often topic definitions are read; empty when never. */
    public java.util.OptionalLong definitionsIntervalMs() {
        long interval = getLong(DEFINITIONS_INTERVAL_MS);
        return interval < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(interval);
    }

    private static long parseDefinitionsInterval(String text) {
        long interval = Long.parseLong(text.strip());
        if (interval != -1 && interval < 1000) {
            throw new IllegalArgumentException(interval + " is neither -1 nor at least 1000");
        }
        return interval;
    }

    public RotationPolicy rotationPolicy() {
        return new RotationPolicy(getInt(FLUSH_SIZE), getLong(ROTATE_INTERVAL_MS), getLong(ROTATE_SCHEDULE_INTERVAL_MS),
                getLong(ROTATE_SIZE_BYTES));
    }

    public long bufferMaxBytes() {
        return getLong(BUFFER_MAX_BYTES);
    }

    public int uploadConcurrency() {
        return getInt(UPLOAD_CONCURRENCY);
    }

    /** Whether a configuration asks for transforms that this backup has not been allowed to apply. */
    static boolean hasForbiddenTransforms(Map<String, String> props) {
        String transforms = props.get("transforms");
        return transforms != null && !transforms.isBlank()
                && !Boolean.parseBoolean(props.getOrDefault(TRANSFORMS_ENABLED, "false").trim());
    }

    static final String OFFSETS_SNAPSHOTS_NEED_SOURCE = OFFSETS_SNAPSHOT_INTERVAL_MS + " needs "
            + SOURCE_BOOTSTRAP_SERVERS + ", to read the groups' offsets through the Admin API";

    /** Whether Admin snapshots of group offsets are asked for without a cluster to take them from. */
    static boolean snapshotsLackSource(Map<String, String> props) {
        String interval = props.getOrDefault(OFFSETS_SNAPSHOT_INTERVAL_MS, "-1").trim();
        String bootstrap = props.getOrDefault(SOURCE_BOOTSTRAP_SERVERS, "");
        try {
            return Long.parseLong(interval) > 0 && bootstrap.isBlank();
        } catch (NumberFormatException e) {
            // The key's own validator says what is wrong with it.
            return false;
        }
    }

    static final String FORBIDDEN_TRANSFORMS_MESSAGE = "Transforms change or drop records before they are stored, so"
            + " the backup would not be byte for byte what the topic holds: remove 'transforms', or set "
            + TRANSFORMS_ENABLED + "=true to accept that";

    /**
     * The groups whose offsets are left out: those configured, and always this connector's own, the kafka-backup
     * command's own connectors', and offsets of {@code __consumer_offsets} (see {@link #CONSUMER_GROUP_EXCLUDE}).
     */
    public GroupFilter groupFilter(String connectorName) {
        String configured = getString(CONSUMER_GROUP_EXCLUDE);
        return GroupFilter.of(configured + (configured.isBlank() ? "" : ",") + "connect-kafka-backup-.*")
                .with("connect-" + connectorName);
    }

    public long offsetsSnapshotIntervalMs() {
        return getLong(OFFSETS_SNAPSHOT_INTERVAL_MS);
    }

    public Codec codec() {
        return Codec.fromConfigValue(getString(AVRO_CODEC));
    }
}
