package ch.tbd.kafka.backuprestore.cli.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How to reach a Kafka cluster, taken as Kafka's own tools take it. */
public final class KafkaClusterOptions {

    private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The Kafka cluster (default: bootstrap.servers from --command-config).")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client properties for the cluster, such as security.protocol, ssl.* and sasl.*; used by"
                    + " every client the command starts.")
    Path commandConfig;

    /** The client settings: the {@code --command-config} file with {@code bootstrap.servers} from the option. */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>(PropertiesFile.read(commandConfig, "--command-config"));
        if (bootstrapServer != null) {
            properties.put(BOOTSTRAP_SERVERS, bootstrapServer);
        }
        if (properties.getOrDefault(BOOTSTRAP_SERVERS, "").isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "Which Kafka cluster? Give --bootstrap-server, or bootstrap.servers in --command-config");
        }
        return properties;
    }

    /** Whether a cluster was named at all. */
    public boolean given() {
        return bootstrapServer != null || commandConfig != null;
    }
}
