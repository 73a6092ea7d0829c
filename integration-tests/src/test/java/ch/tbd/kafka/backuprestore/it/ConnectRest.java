package ch.tbd.kafka.backuprestore.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.test.TestUtils;

/**
 * A Connect worker's REST API as an operator uses it, over {@code java.net.http}: connector configurations, status,
 * offsets, and waits for states. For a worker in this JVM ({@link ConnectCluster}) or in a process of its own
 * ({@link WorkerProcesses}).
 */
public class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Supplier<URI> base;

    /** @param base the REST root of a running worker, asked before each request: workers come and go */
    public ConnectRest(Supplier<URI> base) {
        this.base = base;
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

    /** Deletes the connector and waits until the worker has forgotten it, so that its tasks no longer run. */
    public void deleteConnector(String connector) throws InterruptedException {
        HttpResponse<String> response = delete("connectors/" + connector);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw new IllegalStateException("DELETE connectors/" + connector + ": " + response.statusCode() + " "
                    + response.body());
        }
        TestUtils.waitForCondition(() -> connectorStatus(connector) == null, STARTUP_TIMEOUT.toMillis(),
                () -> "connector " + connector + " still exists");
    }

    static boolean isRunning(JsonNode status, int tasks) {
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

    private URI resolve(String path) {
        return base.get().resolve(path.startsWith("/") ? path.substring(1) : path);
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
