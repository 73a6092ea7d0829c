package ch.tbd.kafka.backuprestore.cli.embedded;

import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreProducerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A standalone Kafka Connect worker in this JVM, started the way {@code connect-standalone.sh} starts one (Connect's
 * own {@link ConnectStandalone#startConnect}), with its REST API on a free port of 127.0.0.1. Connectors are managed
 * through the herder directly: the same calls the REST API makes, without HTTP and JSON in between.
 *
 * <p>Plugins are found with {@code plugin.discovery=service_load} on the class path, where the backup connectors
 * declare themselves; that halves the start time against scanning.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Where in its work directory the worker keeps source offsets. */
    public static final String OFFSETS_FILE = "connect.offsets";

    private final Connect<StandaloneHerder> connect;

    private EmbeddedConnect(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /** @param workDirectory where the worker keeps its source offsets */
    public static EmbeddedConnect start(String bootstrapServers, Path workDirectory) {
        return start(Map.of("bootstrap.servers", bootstrapServers), workDirectory);
    }

    /**
     * @param clusterClientProps how to reach the cluster ({@code bootstrap.servers} and any security settings): given
     *     to the worker and to every consumer, producer and admin client it creates for connectors
     * @param workDirectory where the worker keeps its source offsets
     */
    public static EmbeddedConnect start(Map<String, String> clusterClientProps, Path workDirectory) {
        Map<String, String> workerProps = new HashMap<>(clusterClientProps);
        clusterClientProps.forEach((key, value) -> {
            workerProps.put("consumer." + key, value);
            workerProps.put("producer." + key, value);
            workerProps.put("admin." + key, value);
        });
        // The restore's producer: idempotent, fuller batches, a bounded buffer (see RestoreProducerSettings).
        RestoreProducerSettings.addRecommended(workerProps, "producer.");
        workerProps.put("listeners", "http://127.0.0.1:0");
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.storage.file.filename", workDirectory.resolve(OFFSETS_FILE).toString());
        // Source progress reaches the offset store, where completion is read, within half a second.
        workerProps.put("offset.flush.interval.ms", "500");
        // A stopping backup task stores its open objects; give it time to upload them rather than abandoning it.
        workerProps.put("task.shutdown.graceful.timeout.ms", "120000");
        workerProps.put("key.converter", ByteArrayConverter.class.getName());
        workerProps.put("value.converter", ByteArrayConverter.class.getName());
        workerProps.put("header.converter", ByteArrayConverter.class.getName());
        // Connect swaps the thread's context class loader for its plugin loader; the caller keeps its own.
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        try {
            return new EmbeddedConnect(new ConnectStandalone().startConnect(workerProps));
        } finally {
            Thread.currentThread().setContextClassLoader(callerLoader);
        }
    }

    public URI restUrl() {
        return connect.rest().serverUrl();
    }

    /** Creates or replaces the connector, as {@code PUT /connectors/{name}/config} does. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", name);
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, named, true, done);
        await(done, "create connector " + name);
    }

    public void deleteConnector(String name) {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, done);
        await(done, "delete connector " + name);
    }

    /** As {@code GET /connectors/{name}/status}. */
    public ConnectorStateInfo status(String name) {
        return connect.herder().connectorStatus(name);
    }

    /** As {@code GET /connectors/{name}/offsets}. */
    public ConnectorOffsets offsets(String name) {
        FutureCallback<ConnectorOffsets> done = new FutureCallback<>();
        connect.herder().connectorOffsets(name, done);
        return await(done, "read the offsets of connector " + name);
    }

    /** Fails with the connector's or a task's stack trace when either has FAILED. */
    public void checkNotFailed(String name) {
        ConnectorStateInfo status = status(name);
        if ("FAILED".equals(status.connector().state())) {
            throw new IllegalStateException("Connector " + name + " failed: " + status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if ("FAILED".equals(task.state())) {
                throw new IllegalStateException("Task " + task.id() + " of connector " + name + " failed: "
                        + task.trace());
            }
        }
    }

    private static <T> T await(FutureCallback<T> callback, String action) {
        try {
            return callback.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + action + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot " + action + " within " + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + action, e);
        }
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
