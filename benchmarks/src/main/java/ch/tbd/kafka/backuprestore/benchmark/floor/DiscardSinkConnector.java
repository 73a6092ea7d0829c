package ch.tbd.kafka.backuprestore.benchmark.floor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** A sink whose tasks only count the records Kafka Connect hands them: the floor of a backup. No settings. */
public final class DiscardSinkConnector extends SinkConnector {

    private Map<String, String> settings = Map.of();

    @Override
    public void start(Map<String, String> props) {
        settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // The worker spreads the topics' partitions over the tasks itself; every task gets the same settings.
        return Collections.nCopies(maxTasks, settings);
    }

    @Override
    public void stop() {
        // Nothing to release.
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return FloorVersion.VERSION;
    }
}
