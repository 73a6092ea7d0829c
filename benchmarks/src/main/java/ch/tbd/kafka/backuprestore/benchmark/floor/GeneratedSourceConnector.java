package ch.tbd.kafka.backuprestore.benchmark.floor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source whose tasks emit a given number of records of a given shape from memory into a topic, and then idle: the
 * floor of a restore. Record {@code i} goes to partition {@code i % partitions}; task {@code t} of {@code n} emits the
 * records {@code t, t + n, t + 2n, ...}.
 */
public final class GeneratedSourceConnector extends SourceConnector {

    // Constants only, for the benchmark's driver: its jar leaves this package out, and the compiler copies constants
    // into the classes that use them, so the driver never loads this class.
    public static final String TOPIC = "generated.topic";
    public static final String RECORDS = "generated.records";
    public static final String PARTITIONS = "generated.partitions";
    public static final String KEY_BYTES = "generated.key.bytes";
    public static final String VALUE_BYTES = "generated.value.bytes";
    /** {@code name:bytes} of every header, in order, comma-separated. */
    public static final String HEADERS = "generated.headers";
    public static final String FIRST_TIMESTAMP = "generated.first.timestamp";
    /** Timestamps rise evenly from the first over this span, as the data set's do. */
    public static final String TIME_SPAN_MS = "generated.time.span.ms";

    static final String TASK_INDEX = "generated.task.index";
    static final String TASK_COUNT = "generated.task.count";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC, Type.STRING, Importance.HIGH, "The topic to write to.")
            .define(RECORDS, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "Records to write, over all tasks.")
            .define(PARTITIONS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "Partitions of the topic, written round-robin.")
            .define(KEY_BYTES, Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(0), Importance.HIGH,
                    "Bytes of every key.")
            .define(VALUE_BYTES, Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(0), Importance.HIGH,
                    "Bytes of every value.")
            .define(HEADERS, Type.LIST, "", Importance.HIGH, "name:bytes of every header.")
            .define(FIRST_TIMESTAMP, Type.LONG, Importance.HIGH, "Timestamp of the first record.")
            .define(TIME_SPAN_MS, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "Span of the timestamps.");

    private Map<String, String> settings = Map.of();

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GeneratedSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> tasks = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> config = new HashMap<>(settings);
            config.put(TASK_INDEX, Integer.toString(task));
            config.put(TASK_COUNT, Integer.toString(maxTasks));
            tasks.add(config);
        }
        return tasks;
    }

    @Override
    public void stop() {
        // Nothing to release.
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return FloorVersion.VERSION;
    }
}
