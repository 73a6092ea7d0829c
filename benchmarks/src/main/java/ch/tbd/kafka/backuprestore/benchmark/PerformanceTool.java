package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own ConsumerPerformance and ProducerPerformance (artifact {@code kafka-tools}), each in its own JVM like the
 * worker: what one consumer and one producer get out of this broker on this machine, the ceilings of a backup and a
 * restore.
 */
final class PerformanceTool {

    /** The producer settings Kafka Connect gives a source task's producer (Worker.baseProducerConfigs, 4.3.1). */
    static final List<String> CONNECT_SOURCE_PRODUCER = List.of("acks=all", "max.in.flight.requests.per.connection=1",
            "enable.idempotence=false", "linger.ms=5");

    /**
     * The producer settings the README recommends for a restore (as {@code producer.override.*}) and the command
     * line's worker uses (connect's RestoreProducerSettings.RECOMMENDED, which this separate driver cannot load):
     * larger, fuller batches make fewer requests, and a smaller buffer keeps fewer records in flight.
     */
    static final List<String> RECOMMENDED_RESTORE_PRODUCER = List.of("acks=all", "enable.idempotence=true",
            "max.in.flight.requests.per.connection=1", "linger.ms=20", "batch.size=262144", "buffer.memory=8388608");

    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec");
    private static final int PAYLOADS = 1000;
    private static final long TIMEOUT_SECONDS = 3600;

    private final RunDirectory run;
    private final ChildProcess.Classpath classpath;
    private final String bootstrapServers;

    PerformanceTool(RunDirectory run, ChildProcess.Classpath classpath, String bootstrapServers) {
        this.run = run;
        this.classpath = classpath;
        this.bootstrapServers = bootstrapServers;
    }

    /** One consumer reading the whole topic from the start, group join included, as the backup's consumer does. */
    Throughput consume(String topic, DataSet data) throws IOException, InterruptedException {
        Path log = run.log("consumer-performance");
        ChildProcess.run("ConsumerPerformance", classpath, jvmOptions(), "org.apache.kafka.tools.ConsumerPerformance",
                List.of("--bootstrap-server", bootstrapServers, "--topic", topic, "--num-records",
                        Long.toString(data.records()), "--group", "consumer-performance-" + System.nanoTime(),
                        "--timeout", "60000"),
                log, TIMEOUT_SECONDS);
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("start.time")) {
                List<String> header = Arrays.stream(lines.get(i).split(",")).map(String::trim).toList();
                String[] values = lines.get(i + 1).split(",");
                long records = Long.parseLong(values[header.indexOf("data.consumed.in.nMsg")].trim());
                double perSecond = Double.parseDouble(values[header.indexOf("nMsg.sec")].trim());
                if (records != data.records()) {
                    throw new IllegalStateException("ConsumerPerformance read " + records + " records, not "
                            + data.records() + "; see " + log);
                }
                return Throughput.of(data, Math.round(records / perSecond * 1e9));
            }
        }
        throw new IllegalStateException("no result from ConsumerPerformance in " + log);
    }

    /**
     * One producer with the settings of a restore task's producer, sending records of the data set's record size
     * (JSON-like values only: the tool sends neither keys nor headers) to a new topic with as many partitions.
     */
    Throughput produce(String topic, DataSet data, DataSetLoader loader) throws Exception {
        return produce(topic, data, loader, CONNECT_SOURCE_PRODUCER, "producer-performance");
    }

    /** As {@link #produce(String, DataSet, DataSetLoader)}, with other producer settings. */
    Throughput produce(String topic, DataSet data, DataSetLoader loader, List<String> producerSettings,
            String logName) throws Exception {
        loader.createTopic(topic, data.partitions());
        Path payloads = run.root().resolve("producer-payloads.txt");
        List<String> lines = new ArrayList<>(PAYLOADS);
        for (int i = 0; i < PAYLOADS; i++) {
            lines.add(new String(JsonLikeValues.value(i, data.recordBytes()), StandardCharsets.US_ASCII));
        }
        Files.writeString(payloads, String.join("\n", lines), StandardCharsets.US_ASCII);
        List<String> arguments = new ArrayList<>(List.of("--topic", topic, "--num-records",
                Long.toString(data.records()), "--throughput", "-1", "--payload-file", payloads.toString(),
                "--command-property", "bootstrap.servers=" + bootstrapServers));
        arguments.addAll(producerSettings);
        Path log = run.log(logName);
        ChildProcess.run("ProducerPerformance", classpath, jvmOptions(), "org.apache.kafka.tools.ProducerPerformance",
                arguments, log, TIMEOUT_SECONDS);
        Matcher last = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher matcher = PRODUCER_SUMMARY.matcher(line);
            if (matcher.find()) {
                last = matcher;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no result from ProducerPerformance in " + log);
        }
        long records = Long.parseLong(last.group(1));
        if (records != data.records()) {
            throw new IllegalStateException("ProducerPerformance sent " + records + " records, not " + data.records()
                    + "; see " + log);
        }
        return Throughput.of(data, Math.round(records / Double.parseDouble(last.group(2)) * 1e9));
    }

    private List<String> jvmOptions() {
        // The tools print their results with String.format: a fixed locale keeps the decimal point a point.
        return List.of("-Xmx512m", run.childLoggingOption(), "-Dbenchmark.log.level=WARN", "-Duser.language=en",
                "-Duser.country=US");
    }
}
