package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) in its own JVM, so that it competes with the
 * worker for the machine as a real cluster would, but neither shares a heap nor a garbage collector with it.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;
    private final String bootstrapServers;

    long pid() {
        return process.pid();
    }

    private BrokerProcess(ChildProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static BrokerProcess start(RunDirectory run, ChildProcess.Classpath classpath) throws IOException,
            InterruptedException {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        Path dataDirectory = run.directory("kafka-data");
        Path properties = run.root().resolve("server.properties");
        Files.writeString(properties, String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDirectory,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumer groups (ConsumerPerformance, the sink's consumer) would otherwise wait 3 s before their
                // first assignment, which would count against whichever is measured.
                "group.initial.rebalance.delay.ms=0",
                // The data set's record timestamps reach back up to its time span; keep them all.
                "log.retention.hours=-1",
                "")));
        List<String> jvm = List.of("-Xms1g", "-Xmx1g", run.childLoggingOption());
        ChildProcess.run("kafka-storage-format", classpath, List.of("-Xmx256m", run.childLoggingOption()),
                "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone"),
                run.log("kafka-storage-format"), 120);
        ChildProcess process = ChildProcess.start("Kafka broker", classpath, jvm, "kafka.Kafka",
                List.of(properties.toString()), run.log("broker"));
        BrokerProcess broker = new BrokerProcess(process, "127.0.0.1:" + port);
        broker.awaitReady();
        return broker;
    }

    private void awaitReady() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000))) {
            Await.until(() -> {
                process.checkAlive();
                try {
                    return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
                } catch (Exception notYet) {
                    return false;
                }
            }, Duration.ofMillis(200), START_TIMEOUT, () -> "The broker did not start; see " + process.log());
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        process.close();
    }
}
