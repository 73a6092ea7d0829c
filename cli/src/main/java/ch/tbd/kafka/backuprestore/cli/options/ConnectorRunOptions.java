package ch.tbd.kafka.backuprestore.cli.options;

import ch.tbd.kafka.backuprestore.cli.watch.ProgressDisplay;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How the commands that run a connector run it: its tasks, and how progress is shown. */
public final class ConnectorRunOptions {

    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "1", paramLabel = "N",
            description = "Tasks (threads) to spread the partitions over (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--progress", defaultValue = "AUTO", paramLabel = "MODE",
            description = "Progress display: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: a line updated in"
                    + " place on a terminal, a log line every 10 s otherwise).")
    ProgressDisplay.Mode progressMode;

    public ProgressDisplay.Mode progressMode() {
        return progressMode;
    }

    /** Sets the connector class, the task count and the byte-for-byte converters every connector of ours needs. */
    public void apply(Map<String, String> config, String connectorClass) {
        if (tasks < 1) {
            throw new ParameterException(spec.commandLine(), "--tasks must be at least 1");
        }
        config.put("connector.class", connectorClass);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("key.converter", BYTE_ARRAY_CONVERTER);
        config.put("value.converter", BYTE_ARRAY_CONVERTER);
        config.put("header.converter", BYTE_ARRAY_CONVERTER);
    }
}
