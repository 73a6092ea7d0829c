package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kafka Connect distributed worker in its own JVM with {@code -Xmx512m}, loading our connectors only from the
 * unpacked plugin archive on its {@code plugin.path}, as an operator installs them, and the Connect floor's from a
 * second directory there. Remote JMX is open on the loopback interface so that the benchmark can read the worker's
 * heap pools.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    static final String HEAP = "512m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** A connector of each plugin directory: the worker is ready once it offers them. */
    private static final List<String> EXPECTED_CONNECTORS =
            List.of("BackupSinkConnector", "DiscardSinkConnector", "GeneratedSourceConnector");

    private final ChildProcess process;
    private final ConnectRest rest;
    private final int jmxPort;

    private ConnectWorkerProcess(ChildProcess process, ConnectRest rest, int jmxPort) {
        this.process = process;
        this.rest = rest;
        this.jmxPort = jmxPort;
    }

    /**
     * @param name       distinguishes the workers of one run: each has its own group and internal topics, so that a
     *                   fresh worker starts with no connectors and no offsets of an earlier one
     * @param pluginPath the directories of the worker's plugin.path
     * @param recording  a JFR recording file, or null for none
     */
    static ConnectWorkerProcess start(String name, RunDirectory run, ChildProcess.Classpath classpath,
            String bootstrapServers, List<Path> pluginPath, Path recording) throws IOException, InterruptedException {
        int restPort = FreePort.find();
        int jmxPort = FreePort.find();
        Path properties = run.root().resolve(name + ".properties");
        Files.writeString(properties, String.join("\n", List.of(
                "bootstrap.servers=" + bootstrapServers,
                "group.id=" + name,
                "config.storage.topic=" + name + "-configs",
                "offset.storage.topic=" + name + "-offsets",
                "status.storage.topic=" + name + "-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "key.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                "listeners=http://127.0.0.1:" + restPort,
                "rest.advertised.host.name=127.0.0.1",
                "plugin.path=" + String.join(",", pluginPath.stream().map(Path::toString).toList()),
                // The plugins declare their connectors as services, which spares the worker a scan of every jar.
                "plugin.discovery=service_load",
                // The backup task asks for a commit after each stored object; the worker acts on it at once, and
                // this interval only bounds the wait for the restore's source offsets.
                "offset.flush.interval.ms=500",
                "")));
        List<String> jvm = new ArrayList<>(List.of(
                "-Xmx" + HEAP,
                run.childLoggingOption(),
                "-Dcom.sun.management.jmxremote",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Djava.rmi.server.hostname=127.0.0.1"));
        if (recording != null) {
            // Written when the worker exits, which close() lets it do: SIGTERM runs the JVM's shutdown hooks.
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
        }
        ChildProcess process = ChildProcess.start("Connect worker " + name, classpath, jvm,
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(properties.toString()), run.log(name));
        ConnectWorkerProcess worker =
                new ConnectWorkerProcess(process, new ConnectRest("http://127.0.0.1:" + restPort), jmxPort);
        worker.awaitReady();
        return worker;
    }

    private void awaitReady() throws InterruptedException {
        Await.until(() -> {
            process.checkAlive();
            try {
                String plugins = rest.connectorPlugins();
                return EXPECTED_CONNECTORS.stream().allMatch(plugins::contains);
            } catch (IOException notYet) {
                return false;
            }
        }, Duration.ofMillis(250), START_TIMEOUT, () -> "The Connect worker did not start or does not offer "
                + String.join(", ", EXPECTED_CONNECTORS) + " from its plugin.path; see " + process.log());
    }

    ConnectRest rest() {
        return rest;
    }

    long pid() {
        return process.pid();
    }

    int jmxPort() {
        return jmxPort;
    }

    Path log() {
        return process.log();
    }

    void checkAlive() {
        process.checkAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
