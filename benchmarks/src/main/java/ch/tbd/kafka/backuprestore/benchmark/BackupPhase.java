package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * One backup of a topic, timed from the creation of the connector until the sink's consumer group has committed the
 * end offset of every partition: the connector commits an offset only once the object holding its record is stored,
 * so that is the moment every record is in storage.
 */
final class BackupPhase {

    private static final Duration POLL = Duration.ofMillis(100);

    private final PhaseContext on;

    BackupPhase(PhaseContext on) {
        this.on = on;
    }

    Result run(String connector, String topic, DataSet data, String bucket, String codec) throws Exception {
        on.s3().createBucket(bucket);
        Throughput throughput = untilCommitted(connector, on.configs().backup(topic, bucket, codec), topic, data);
        return new Result(throughput, on.s3().contents(bucket));
    }

    /** As {@link #run}, with every object encrypted under the key in {@code keyFile}. */
    Result runEncrypted(String connector, String topic, DataSet data, String bucket, String codec,
            java.nio.file.Path keyFile) throws Exception {
        on.s3().createBucket(bucket);
        Throughput throughput = untilCommitted(connector,
                ConnectorConfigs.encrypted(on.configs().backup(topic, bucket, codec), keyFile), topic, data);
        return new Result(throughput, on.s3().contents(bucket));
    }

    /**
     * As {@link #run}, into a directory of the worker's file system ({@code storage.type=local}): the same backup
     * without the S3 server, whose CPU in this driver competes with the worker's for the cores.
     */
    Result runToDirectory(String connector, String topic, DataSet data, Path directory, String codec)
            throws Exception {
        Files.createDirectories(directory);
        Throughput throughput = untilCommitted(connector, on.configs().backupToDirectory(topic, directory, codec),
                topic, data);
        return new Result(throughput, filesUnder(directory));
    }

    /** A directory's objects: every file under it, at any depth, and their total size. */
    static S3ServerOnDisk.Contents filesUnder(Path directory) throws IOException {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    files++;
                    bytes += Files.size(path);
                }
            }
        }
        return new S3ServerOnDisk.Contents(files, bytes);
    }

    /**
     * Times any sink connector over the topic the same way, so that the Connect floor's discarding sink and the backup
     * are measured alike: from the connector's creation until its group {@code connect-NAME} has committed the end
     * offset of every partition. Deletes the connector then.
     */
    Throughput untilCommitted(String connector, Map<String, String> config, String topic, DataSet data)
            throws Exception {
        Map<TopicPartition, Long> end = on.offsets().endOffsets(topic);
        long started = System.nanoTime();
        on.worker().rest().putConnector(connector, config);
        on.awaitConnector(connector, POLL, () -> on.offsets().committedReach("connect-" + connector, end),
                () -> "The sink connector " + connector + " on topic " + topic + " did not commit offsets "
                + end + "; see " + on.worker().log());
        long elapsed = System.nanoTime() - started;
        on.worker().rest().deleteConnector(connector);
        return Throughput.of(data, elapsed);
    }

    record Result(Throughput throughput, S3ServerOnDisk.Contents stored) {}
}
