package ch.tbd.kafka.backuprestore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.test.TestUtils;

/**
 * A Kafka Connect cluster in distributed mode whose workers are JVMs of their own, so that a test can kill one with
 * SIGKILL as a machine dies: no shutdown hook runs, no task stops, no offset is flushed. The workers load the
 * connectors from the unpacked plugin archive, as {@link ConnectCluster}'s worker does, and reach the broker the test
 * runs in its own JVM.
 */
public final class WorkerProcesses implements AutoCloseable {

    /**
     * Worker settings under which the group notices a killed worker, and sink tasks' groups a killed consumer, in
     * seconds rather than the defaults' 10 and 45.
     */
    public static final Map<String, String> QUICK_FAILOVER = Map.of(
            "session.timeout.ms", "6000",
            "heartbeat.interval.ms", "2000",
            "rebalance.timeout.ms", "20000",
            "consumer.session.timeout.ms", "6000",
            "consumer.heartbeat.interval.ms", "2000");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final String bootstrapServers;
    private final Map<String, String> extraWorkerProps;
    private final Path directory;
    private final List<Worker> workers = new ArrayList<>();
    private final ConnectRest rest;
    private int started;

    private record Worker(int id, Process process, URI url, Path log) {}

    private WorkerProcesses(String name, String bootstrapServers, Map<String, String> extraWorkerProps,
            Path directory) {
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.extraWorkerProps = Map.copyOf(extraWorkerProps);
        this.directory = directory;
        this.rest = new ConnectRest(this::anyWorkerUrl);
    }

    /**
     * Starts {@code count} workers of one Connect cluster (one group, one set of internal topics) and waits until each
     * serves its REST API.
     */
    public static WorkerProcesses start(String name, String bootstrapServers, int count,
            Map<String, String> extraWorkerProps) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("connect-workers-" + name);
        WorkerProcesses cluster = new WorkerProcesses(name, bootstrapServers, extraWorkerProps, directory);
        for (int i = 0; i < count; i++) {
            cluster.addWorker();
        }
        return cluster;
    }

    /** The REST API of whichever worker is alive; a request may go to any of them. */
    public ConnectRest rest() {
        return rest;
    }

    public int size() {
        synchronized (workers) {
            return workers.size();
        }
    }

    /** Starts one more worker and waits until its REST API answers. */
    public void addWorker() throws IOException, InterruptedException {
        int id = ++started;
        int port = freePort();
        Path properties = directory.resolve("worker-" + id + ".properties");
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", name);
        props.put("config.storage.topic", name + "-configs");
        props.put("offset.storage.topic", name + "-offsets");
        props.put("status.storage.topic", name + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("plugin.path", ConnectCluster.pluginPath().toString());
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        // A worker that died is noticed by the group after its session times out; its tasks then move at once.
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.putAll(extraWorkerProps);
        StringBuilder text = new StringBuilder();
        props.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(properties, text);
        Path log = directory.resolve("worker-" + id + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Worker worker = new Worker(id, process, URI.create("http://127.0.0.1:" + port + "/"), log);
        ConnectRest own = new ConnectRest(worker::url);
        TestUtils.waitForCondition(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + id + " exited with " + process.exitValue() + "; see "
                        + log);
            }
            try {
                return own.get("connectors").statusCode() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, START_TIMEOUT.toMillis(), "worker " + id + " did not start; see " + log);
        synchronized (workers) {
            workers.add(worker);
        }
    }

    /**
     * Kills a worker chosen at random with SIGKILL, as a machine that dies, and returns which one it was. Its tasks
     * move to the others once the group notices (after the session timeout).
     */
    public int killOne(Random random) throws InterruptedException {
        Worker victim;
        synchronized (workers) {
            victim = workers.remove(random.nextInt(workers.size()));
        }
        victim.process().destroyForcibly();
        if (!victim.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker " + victim.id() + " did not die");
        }
        return victim.id();
    }

    /** The logs of every worker started, for a failure's message. */
    public Path directory() {
        return directory;
    }

    private URI anyWorkerUrl() {
        synchronized (workers) {
            for (Worker worker : workers) {
                if (worker.process().isAlive()) {
                    return worker.url();
                }
            }
        }
        throw new IllegalStateException("no Connect worker is running; logs in " + directory);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops every worker, in order (SIGTERM). */
    @Override
    public void close() {
        synchronized (workers) {
            for (Worker worker : workers) {
                worker.process().destroy();
            }
            for (Worker worker : workers) {
                try {
                    if (!worker.process().waitFor(30, TimeUnit.SECONDS)) {
                        worker.process().destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    worker.process().destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            workers.clear();
        }
    }
}
