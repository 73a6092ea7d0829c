package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin archive as an operator installs it: the connectors come from {@code plugin.path} only, and a worker that
 * scans for plugins the classic way (without service manifests) finds all of them too.
 *
 * <p>Every other test class uses {@code plugin.discovery=service_load}, which finds the connectors through their
 * {@code META-INF/services} entries.
 */
class PluginDiscoveryIT {

    private static final String OFFSETS_CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets.ConsumerOffsetsBackupSinkConnector";
    private static final String COMPACT_CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact.CompactBackupSinkConnector";

    @Test
    void shouldKeepTheConnectorsOffTheTestClasspath() {
        for (String connector : List.of(BackupConnectorConfigs.CONNECTOR_CLASS,
                RestoreConnectorConfigs.CONNECTOR_CLASS, OFFSETS_CONNECTOR_CLASS, COMPACT_CONNECTOR_CLASS)) {
            assertThatThrownBy(() -> Class.forName(connector))
                    .as("%s must load from the plugin archive, not from the test classpath", connector)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void shouldUnpackTheArchiveInTheComponentLayout() throws Exception {
        try (Stream<Path> components = Files.list(ConnectCluster.pluginPath())) {
            List<Path> dirs = components.filter(Files::isDirectory).toList();
            assertThat(dirs).singleElement()
                    .satisfies(dir -> assertThat(dir.getFileName().toString()).startsWith("ch-tbd-kafka-backup-"));
            Path component = dirs.get(0);
            assertThat(component.resolve("manifest.json")).isRegularFile();
            try (Stream<Path> jars = Files.list(component.resolve("lib"))) {
                assertThat(jars.map(jar -> jar.getFileName().toString()).toList())
                        .anyMatch(name -> name.startsWith("kafka-backup-connect-"))
                        .anyMatch(name -> name.startsWith("kafka-backup-core-"))
                        // The worker provides these, parent-first: copies would be dead weight or a second binding.
                        .noneMatch(name -> name.startsWith("connect-") || name.startsWith("kafka-clients-")
                                || name.startsWith("slf4j-") || name.startsWith("log4j-")
                                || name.startsWith("logback-") || name.startsWith("netty-"));
            }
        }
    }

    @Test
    void shouldFindEveryConnectorByScanningThePluginPath() {
        Map<String, String> worker = new HashMap<>();
        // Scans plugin.path (and the classpath) for connector classes, as workers before Kafka 3.6 always did, and
        // warns about every plugin that lacks a service manifest.
        worker.put("plugin.discovery", "hybrid_warn");
        try (LogCapture logs = LogCapture.start();
                ConnectCluster connect = ConnectCluster.start("plugin-discovery-it", worker)) {
            HttpResponse<String> response = connect.get("connector-plugins?connectorsOnly=true");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, String> types = new HashMap<>();
            for (JsonNode plugin : ConnectCluster.parse(response)) {
                types.put(plugin.path("class").asText(), plugin.path("type").asText());
            }
            assertThat(types)
                    .containsEntry(BackupConnectorConfigs.CONNECTOR_CLASS, "sink")
                    .containsEntry(RestoreConnectorConfigs.CONNECTOR_CLASS, "source")
                    .containsEntry(OFFSETS_CONNECTOR_CLASS, "sink")
                    .containsEntry(COMPACT_CONNECTOR_CLASS, "sink");
            // hybrid_warn names every scanned plugin that service_load would miss: ours have their manifests.
            assertThat(logs.containing("ch.tbd.kafka.backuprestore")).isEmpty();
        }
    }
}
