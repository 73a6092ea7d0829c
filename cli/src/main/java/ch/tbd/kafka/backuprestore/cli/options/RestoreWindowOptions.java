package ch.tbd.kafka.backuprestore.cli.options;

import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A restore's window of time and offsets: what {@code restore} restores, and what {@code offsets} must know of the
 * restore it follows. Passed on as the connector's own keys, so that both parse and refuse them alike.
 */
public final class RestoreWindowOptions {

    @Option(names = "--time-from", paramLabel = "TIME",
            description = "The restore's window: records with a timestamp at or after TIME (ISO-8601 or epoch ms).")
    String timeFrom;

    @Option(names = "--time-to", paramLabel = "TIME",
            description = "The restore's window: records with a timestamp before TIME (ISO-8601 or epoch ms).")
    String timeTo;

    @Option(names = "--offset-from", paramLabel = "OFFSET|TOPIC-PARTITION:OFFSET,...",
            description = "The restore's window: records at or after these original offsets.")
    String offsetFrom;

    @Option(names = "--offset-to", paramLabel = "OFFSET|TOPIC-PARTITION:OFFSET,...",
            description = "The restore's window: records before these original offsets.")
    String offsetTo;

    /** Adds the given bounds to a restore connector's configuration. */
    public void addTo(Map<String, String> config) {
        putIfGiven(config, RestoreSourceConfig.TIME_FROM, timeFrom);
        putIfGiven(config, RestoreSourceConfig.TIME_TO, timeTo);
        putIfGiven(config, RestoreSourceConfig.OFFSET_FROM, offsetFrom);
        putIfGiven(config, RestoreSourceConfig.OFFSET_TO, offsetTo);
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null) {
            config.put(key, value);
        }
    }
}
