package ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.compact.InitialStatus;
import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.config.ParsingValidator;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of {@link CompactBackupSinkConnector}: every key of the backup sink, and the pair's own, named as the
 * original design named them.
 */
public final class CompactBackupConfig extends AbstractConfig {

    private static final String GROUP = "Compacted topic snapshots";

    public static final String INITIAL_STATUS = "compacted.log.backup.initial.status";
    private static final String INITIAL_STATUS_DOC = "ACTIVATE or PASSIVATE: the role this connector takes the first"
            + " time it meets a partition. A pair is two connectors on the same topics and storage, one of each: the"
            + " ACTIVATE one builds the first snapshot at once, the PASSIVATE one waits and builds the next. After"
            + " that the roles alternate, and each connector resumes the role it last published, whatever this says.";

    public static final String LENGTH_HOURS = "compacted.log.backup.length.hours";
    private static final String LENGTH_HOURS_DOC = "How long a snapshot stays current before the other connector of"
            + " the pair builds a fresh one from the (compacted) beginning of the topic and takes over; the old"
            + " snapshot is deleted once the new one is complete. Fractions are allowed: 0.01 is 36 seconds.";

    public static final String INTERVAL_OFFSETS = "compacted.log.backup.interval.offsets";
    private static final String INTERVAL_OFFSETS_DOC = "Accepted for compatibility with the original design, where"
            + " it set how often the active connector told its peer its position. It has no effect: the two"
            + " connectors publish their state to the coordination topic whenever it changes.";

    public static final String PATH_CONFIGURATION = "compacted.log.backup.path.configuration";
    private static final String PATH_CONFIGURATION_DOC = "A properties file on every worker, such as the worker's own"
            + " configuration, from which the connector takes bootstrap.servers, security.protocol, sasl.* and ssl.*"
            + " to reach the cluster for the coordination topic, as the original design did. Settings under"
            + " source.cluster.* take precedence; one of the two is needed.";

    public static final String LOGIN_NAME = "compacted.log.backup.login.name.jaas.configuration";
    private static final String LOGIN_NAME_DOC = "Accepted for compatibility with the original design. Kafka clients"
            + " read the KafkaClient entry of the JVM's JAAS file, or sasl.jaas.config: set"
            + " source.cluster.sasl.jaas.config (or sasl.jaas.config in the file of " + PATH_CONFIGURATION
            + ") instead.";

    public static final String COORDINATION_TOPIC = "compacted.log.backup.coordination.topic";
    private static final String COORDINATION_TOPIC_DOC = "The compacted topic through which the two connectors of a"
            + " pair see each other's state, one record per connector and partition. Created (compacted, one"
            + " partition) when missing. Both connectors of a pair must name the same topic.";
    public static final String COORDINATION_TOPIC_DEFAULT = "kafka-backup-compact-states";

    private static final ParsingValidator STATUS = ParsingValidator.of("ACTIVATE or PASSIVATE", InitialStatus::parse);

    public static final ConfigDef CONFIG_DEF = configDef();

    public CompactBackupConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    static ConfigDef configDef() {
        ConfigDef def = BackupSinkConfig.configDef();
        int order = 0;
        return def.define(INITIAL_STATUS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, STATUS, Importance.HIGH,
                        INITIAL_STATUS_DOC, GROUP, ++order, Width.SHORT, "Initial status")
                .define(LENGTH_HOURS, Type.DOUBLE, 24.0, ConfigDef.Range.atLeast(0.0001), Importance.HIGH,
                        LENGTH_HOURS_DOC, GROUP, ++order, Width.SHORT, "Snapshot length (hours)")
                .define(COORDINATION_TOPIC, Type.STRING, COORDINATION_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, COORDINATION_TOPIC_DOC, GROUP, ++order, Width.MEDIUM,
                        "Coordination topic")
                .define(PATH_CONFIGURATION, Type.STRING, "", Importance.MEDIUM, PATH_CONFIGURATION_DOC, GROUP,
                        ++order, Width.LONG, "Client properties file")
                .define(INTERVAL_OFFSETS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        INTERVAL_OFFSETS_DOC, GROUP, ++order, Width.SHORT, "Interval in offsets")
                .define(LOGIN_NAME, Type.STRING, "", Importance.LOW, LOGIN_NAME_DOC, GROUP, ++order, Width.MEDIUM,
                        "JAAS login name");
    }

    public InitialStatus initialStatus() {
        return InitialStatus.parse(getString(INITIAL_STATUS));
    }

    public long lengthMs() {
        return Math.max(1, Math.round(getDouble(LENGTH_HOURS) * 3_600_000));
    }

    public String coordinationTopic() {
        return getString(COORDINATION_TOPIC).strip();
    }

    /**
     * How the connector reaches the cluster for coordination: {@code source.cluster.*}, else the client settings of
     * the {@link #PATH_CONFIGURATION} file.
     *
     * @throws ConfigException naming the keys when neither is set or the file cannot be read
     */
    public Map<String, Object> clusterClientConfig() {
        KafkaClusterConfig source = new KafkaClusterConfig(this, KafkaClusterConfig.SOURCE);
        if (source.configured()) {
            return source.clientConfig();
        }
        String file = getString(PATH_CONFIGURATION).strip();
        if (file.isEmpty()) {
            throw new ConfigException(clusterProblem());
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException(PATH_CONFIGURATION, file, "cannot be read on this worker (" + e + "): put the"
                    + " file on every worker, or set source.cluster.bootstrap.servers instead");
        }
        Map<String, Object> client = new HashMap<>();
        properties.stringPropertyNames().stream()
                .filter(key -> key.equals("bootstrap.servers") || key.equals("security.protocol")
                        || key.startsWith("sasl.") || key.startsWith("ssl."))
                .forEach(key -> client.put(key, properties.getProperty(key)));
        if (!client.containsKey("bootstrap.servers")) {
            throw new ConfigException(PATH_CONFIGURATION, file, "has no bootstrap.servers: point it at a file that"
                    + " has, or set source.cluster.bootstrap.servers instead");
        }
        return client;
    }

    static String clusterProblem() {
        return "A compacted backup needs to reach the cluster for its coordination topic: set "
                + BackupSinkConfig.SOURCE_BOOTSTRAP_SERVERS + " (and any client settings under source.cluster.), or "
                + PATH_CONFIGURATION + " to a properties file on every worker that has bootstrap.servers";
    }

    /** Why the connector's name cannot name its directory in the backup, or {@code null}. */
    static String instanceProblem(String connectorName) {
        String problem = BackupLayout.instanceNameProblem(connectorName);
        return problem == null ? null : "The connector's name is the directory of its snapshots: " + problem;
    }
}
