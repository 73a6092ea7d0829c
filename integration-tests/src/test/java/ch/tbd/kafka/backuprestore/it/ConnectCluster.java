package ch.tbd.kafka.backuprestore.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.apache.kafka.test.TestUtils;

/**
 * One KRaft broker and one distributed Connect worker in this JVM, reached through the worker's real REST API.
 *
 * <p>Start one per test class: the broker and worker take a few seconds, a connector only a fraction of that.
 *
 * <p>The worker loads the connectors from the plugin archive that the build unpacked (its {@code plugin.path}), in
 * their own plugin class loader as an operator's worker would: the test classpath holds kafka-backup-core, to read
 * backups, but not the connectors.
 */
public final class ConnectCluster implements AutoCloseable {

    /** Large enough for the 5 MiB edge-case record plus its batch overhead. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Set by failsafe to the directory the plugin archive was unpacked into. */
    static final String PLUGIN_PATH_PROPERTY = "kafka-backup.plugin.path";

    private final EmbeddedConnectCluster connect;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConnectCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    public static ConnectCluster start(String name) {
        return start(name, Map.of());
    }

    /** @param extraWorkerProps worker settings on top of fast test defaults */
    public static ConnectCluster start(String name, Map<String, String> extraWorkerProps) {
        return start(name, extraWorkerProps, Map.of());
    }

    /**
     * @param extraWorkerProps worker settings on top of fast test defaults
     * @param extraBrokerProps broker settings on top of {@link #brokerProperties()}
     */
    public static ConnectCluster start(String name, Map<String, String> extraWorkerProps,
            Map<String, String> extraBrokerProps) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginPath().toString());
        // Only the plugins that declare themselves in META-INF/services: halves the worker start time.
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.put("scheduled.rebalance.max.delay.ms", "0");
        workerProps.putAll(extraWorkerProps);

        Properties brokerProps = brokerProperties();
        brokerProps.putAll(extraBrokerProps);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(1)
                .numBrokers(1)
                .brokerProps(brokerProps)
                .workerProps(workerProps)
                .build();
        connect.start();
        return new ConnectCluster(connect);
    }

    /** The unpacked plugin archive: a directory holding {@code ch-tbd-kafka-backup-<version>/lib/*.jar}. */
    public static Path pluginPath() {
        String path = System.getProperty(PLUGIN_PATH_PROPERTY);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property " + PLUGIN_PATH_PROPERTY + " is not set: run the "
                    + "integration tests through Maven (mvn verify), which unpacks the plugin archive and sets it");
        }
        Path dir = Path.of(path);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no plugin directory " + dir + ": the plugin archive was not unpacked; "
                    + "run mvn verify (or mvn install in the plugin module first with -pl integration-tests)");
        }
        return dir;
    }

    /** A single broker that takes the 5 MiB record and transactions. */
    public static Properties brokerProperties() {
        Properties brokerProps = new Properties();
        brokerProps.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        brokerProps.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        brokerProps.put("auto.create.topics.enable", "false");
        brokerProps.put("offsets.topic.replication.factor", "1");
        brokerProps.put("offsets.topic.num.partitions", "3");
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        brokerProps.put("transaction.state.log.num.partitions", "3");
        brokerProps.put("group.initial.rebalance.delay.ms", "0");
        // On purpose: the edge cases carry timestamps from 1970 and 2009, and restores keep them. With the default
        // 7-day time retention the broker would delete those records at its first retention check, 30 s after start,
        // from the source topics and from the target topics a restore creates. A test of retention sets it per topic.
        brokerProps.put("log.retention.ms", "-1");
        return brokerProps;
    }

    /** The underlying cluster, for what this class does not wrap (assertions, worker handles). */
    public EmbeddedConnectCluster embedded() {
        return connect;
    }

    public String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    public Admin admin() {
        return connect.kafka().createAdminClient();
    }

    public void createTopic(String topic, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            createTopic(admin, topic, partitions, topicConfig);
        }
    }

    /**
     * Creates the topic and waits until the broker serves a leader for every partition: producing at once can otherwise
     * meet NOT_LEADER_OR_FOLLOWER, which an idempotent producer with several batches in flight may never recover from.
     */
    public static void createTopic(Admin admin, String topic, int partitions, Map<String, String> topicConfig) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(topicConfig))).all().get();
            TestUtils.waitForCondition(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()),
                    STARTUP_TIMEOUT.toMillis(), "no leader for every partition of " + topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The REST root of a running worker, such as {@code http://127.0.0.1:41234/}. */
    public URI restUrl() {
        WorkerHandle worker = connect.workers().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Connect worker is running"));
        return worker.url();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    public HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).DELETE());
    }

    /** PUTs a connector configuration given as a map and fails unless the worker accepted it. */
    public void putConnectorConfig(String connector, Map<String, String> config) {
        HttpResponse<String> response = put("connectors/" + connector + "/config", toJson(config));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "PUT connectors/" + connector + "/config: " + response.statusCode() + " " + response.body());
        }
    }

    /** The parsed {@code GET /connectors/{name}/status}, or {@code null} while the worker does not know it yet. */
    public JsonNode connectorStatus(String connector) {
        HttpResponse<String> response = get("connectors/" + connector + "/status");
        if (response.statusCode() == 404) {
            return null;
        }
        return parse(response);
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING. Unlike Connect's own assertions it does
     * not log an error while the worker does not know the connector yet.
     */
    public void awaitRunning(String connector, int tasks) throws InterruptedException {
        TestUtils.waitForCondition(() -> isRunning(connectorStatus(connector), tasks), STARTUP_TIMEOUT.toMillis(),
                () -> "connector " + connector + " is not running with " + tasks + " tasks: "
                        + connectorStatus(connector));
    }

    /** Waits until the connector is in {@code state} (such as FAILED) and returns its status. */
    public JsonNode awaitConnectorState(String connector, String state) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            JsonNode status = connectorStatus(connector);
            return status != null && state.equals(status.path("connector").path("state").asText());
        }, STARTUP_TIMEOUT.toMillis(), () -> "connector " + connector + " is not " + state + ": "
                + connectorStatus(connector));
        return connectorStatus(connector);
    }

    /** Waits until some task of the connector is in {@code state} (such as FAILED) and returns that task's status. */
    public JsonNode awaitTaskState(String connector, String state) throws InterruptedException {
        TestUtils.waitForCondition(() -> taskIn(connectorStatus(connector), state) != null,
                STARTUP_TIMEOUT.toMillis(), () -> "no task of " + connector + " is " + state + ": "
                        + connectorStatus(connector));
        return taskIn(connectorStatus(connector), state);
    }

    private static JsonNode taskIn(JsonNode status, String state) {
        if (status == null) {
            return null;
        }
        for (JsonNode task : status.path("tasks")) {
            if (state.equals(task.path("state").asText())) {
                return task;
            }
        }
        return null;
    }

    /** The parsed {@code GET /connectors/{name}/offsets}: {@code {"offsets": [{"partition": ..., "offset": ...}]}}. */
    public JsonNode connectorOffsets(String connector) {
        HttpResponse<String> response = get("connectors/" + connector + "/offsets");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET connectors/" + connector + "/offsets: " + response.statusCode() + " " + response.body());
        }
        return parse(response);
    }

    /** The parsed {@code GET /connectors/{name}/tasks}: each task's id and configuration. */
    public JsonNode connectorTasks(String connector) {
        return parse(get("connectors/" + connector + "/tasks"));
    }

    /**
     * Stops the connector, deletes the offsets Connect keeps for it, then deletes it: a later connector of the same
     * name starts afresh instead of resuming (or finding nothing left to do). Does nothing for an unknown connector.
     */
    public void deleteConnectorAndOffsets(String connector) throws InterruptedException {
        if (connectorStatus(connector) == null) {
            return;
        }
        HttpResponse<String> stop = put("connectors/" + connector + "/stop", "");
        if (stop.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT connectors/" + connector + "/stop: " + stop.statusCode() + " "
                    + stop.body());
        }
        awaitConnectorState(connector, "STOPPED");
        // Tasks of a stopped connector are gone once the status lists none.
        TestUtils.waitForCondition(() -> connectorStatus(connector).path("tasks").isEmpty(),
                STARTUP_TIMEOUT.toMillis(), () -> "tasks of stopped " + connector + ": " + connectorStatus(connector));
        HttpResponse<String> reset = delete("connectors/" + connector + "/offsets");
        if (reset.statusCode() / 100 != 2) {
            throw new IllegalStateException("DELETE connectors/" + connector + "/offsets: " + reset.statusCode() + " "
                    + reset.body());
        }
        deleteConnector(connector);
    }

    private static boolean isRunning(JsonNode status, int tasks) {
        if (status == null || !"RUNNING".equals(status.path("connector").path("state").asText())) {
            return false;
        }
        int running = 0;
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
            running++;
        }
        return running == tasks;
    }

    /** Deletes the connector and waits until the worker has forgotten it, so that its tasks no longer run. */
    public void deleteConnector(String connector) throws InterruptedException {
        connect.deleteConnector(connector);
        connect.assertions().assertConnectorDoesNotExist(connector, "connector " + connector + " still exists");
    }

    /** Stops the only worker and starts a new one, as an operator restarting the Connect process would. */
    public void replaceWorker() throws InterruptedException {
        connect.removeWorker();
        connect.addWorker();
        connect.assertions().assertExactlyNumWorkersAreUp(1, "the new Connect worker did not come up");
    }

    public static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connect.stop();
    }

    private URI resolve(String path) {
        return restUrl().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
