package ch.tbd.kafka.backuprestore.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few calls of the Connect REST API that the benchmark makes. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ConnectRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String connectorPlugins() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/connector-plugins")).GET());
    }

    void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
    }

    void deleteConnector(String name) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/connectors/" + name)).DELETE());
    }

    /**
     * Fails with the worker's stack trace when the connector or one of its tasks has failed, so that a phase does not
     * wait for its timeout after an out-of-memory error or a bad configuration.
     */
    void checkNotFailed(String name) throws IOException, InterruptedException {
        String body;
        try {
            body = send(HttpRequest.newBuilder(uri("/connectors/" + name + "/status")).GET());
        } catch (IOException notThereYet) {
            return;
        }
        JsonNode status = JSON.readTree(body);
        checkState(name, status.path("connector"));
        for (JsonNode task : status.path("tasks")) {
            checkState(name + " task " + task.path("id").asText(), task);
        }
    }

    private static void checkState(String what, JsonNode state) {
        if ("FAILED".equals(state.path("state").asText())) {
            throw new IllegalStateException("connector " + what + " failed: " + state.path("trace").asText());
        }
    }

    /** {@code GET /connectors/NAME/offsets}: the {@code offsets} array, one element per source partition. */
    JsonNode offsets(String name) throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(uri("/connectors/" + name + "/offsets")).GET()))
                .path("offsets");
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new IOException(request.build().method() + " " + request.build().uri() + " answered " + status
                    + ": " + response.body());
        }
        return response.body();
    }
}
