package ch.tbd.kafka.backuprestore.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
public final class ConnectCluster extends ConnectRest implements AutoCloseable {

    /** Large enough for the 5 MiB edge-case record plus its batch overhead. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;


    /** Set by failsafe to the directory the plugin archive was unpacked into. */
    static final String PLUGIN_PATH_PROPERTY = "kafka-backup.plugin.path";

    private final EmbeddedConnectCluster connect;

    private ConnectCluster(EmbeddedConnectCluster connect) {
        super(() -> connect.workers().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no Connect worker is running")).url());
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

    @Override
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

    @Override
    public void close() {
        connect.stop();
    }

}
