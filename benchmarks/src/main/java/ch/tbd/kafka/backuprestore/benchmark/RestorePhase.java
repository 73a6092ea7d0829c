package ch.tbd.kafka.backuprestore.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Restores of a backed-up topic into new topics: a whole one, timed until the target holds every record, and one of a
 * time window, for which what counts is how much of the backup it had to read.
 */
final class RestorePhase {

    private static final Duration POLL = Duration.ofMillis(100);

    private final ConnectWorkerProcess worker;
    private final S3ServerOnDisk s3;
    private final TopicOffsets offsets;
    private final ConnectorConfigs configs;
    private final String bootstrapServers;
    private final Duration timeout;

    RestorePhase(ConnectWorkerProcess worker, S3ServerOnDisk s3, TopicOffsets offsets, ConnectorConfigs configs,
            String bootstrapServers, Duration timeout) {
        this.worker = worker;
        this.s3 = s3;
        this.offsets = offsets;
        this.configs = configs;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** Timed from the creation of the connector until the target topic's end offsets add up to the data set. */
    Result restore(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data)
            throws Exception {
        s3.resetBytesServed();
        Throughput throughput = untilWritten(connector,
                configs.restore(sourceTopic, targetTopic, bucket, bootstrapServers), targetTopic, data);
        long bytesRead = s3.bytesServed();
        return new Result(throughput, offsets.recordCount(targetTopic), bytesRead);
    }

    /** As {@link #restore}, with the recommended producer settings. */
    Result restoreWithRecommendedProducer(String connector, String sourceTopic, String targetTopic, String bucket,
            DataSet data) throws Exception {
        s3.resetBytesServed();
        Throughput throughput = untilWritten(connector, ConnectorConfigs.withRecommendedProducer(
                configs.restore(sourceTopic, targetTopic, bucket, bootstrapServers)), targetTopic, data);
        return new Result(throughput, offsets.recordCount(targetTopic), s3.bytesServed());
    }

    /** As {@link #restore}, from a backup encrypted under the key in {@code keyFile}. */
    Result restoreEncrypted(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data,
            java.nio.file.Path keyFile) throws Exception {
        s3.resetBytesServed();
        Throughput throughput = untilWritten(connector, ConnectorConfigs.encrypted(
                configs.restore(sourceTopic, targetTopic, bucket, bootstrapServers), keyFile), targetTopic, data);
        return new Result(throughput, offsets.recordCount(targetTopic), s3.bytesServed());
    }

    /**
     * As {@link #restore}, from a directory that {@link BackupPhase#runToDirectory} wrote. No S3 server sees its
     * reads, so the bytes read are unknown (-1).
     */
    Result restoreFromDirectory(String connector, String sourceTopic, String targetTopic, java.nio.file.Path directory,
            DataSet data) throws Exception {
        Throughput throughput = untilWritten(connector,
                configs.restoreFromDirectory(sourceTopic, targetTopic, directory, bootstrapServers), targetTopic, data);
        return new Result(throughput, offsets.recordCount(targetTopic), -1);
    }

    /**
     * Times any source connector that writes the data set's record count into a topic the same way, so that the
     * Connect floor's generating source and the restore are measured alike: from the connector's creation until the
     * topic's end offsets add up to the data set. Deletes the connector then.
     */
    Throughput untilWritten(String connector, Map<String, String> config, String targetTopic, DataSet data)
            throws Exception {
        long started = System.nanoTime();
        worker.rest().putConnector(connector, config);
        Await.until(() -> {
            worker.checkAlive();
            worker.rest().checkNotFailed(connector);
            return offsets.recordCount(targetTopic) >= data.records();
        }, POLL, timeout, () -> "The source connector " + connector + " did not write " + data.records()
                + " records to " + targetTopic + "; see " + worker.log());
        long elapsed = System.nanoTime() - started;
        worker.rest().deleteConnector(connector);
        return Throughput.of(data, elapsed);
    }

    /** Waits until the connector's source offsets say that every partition is complete. */
    Result restoreWindow(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data,
            long from, long to) throws Exception {
        s3.resetBytesServed();
        long started = System.nanoTime();
        worker.rest().putConnector(connector,
                configs.pointInTimeRestore(sourceTopic, targetTopic, bucket, bootstrapServers, from, to));
        Await.until(() -> {
            worker.checkAlive();
            worker.rest().checkNotFailed(connector);
            return completePartitions(connector, sourceTopic).size() >= data.partitions();
        }, POLL, timeout, () -> "The point-in-time restore " + connector + " did not complete every partition; see "
                + worker.log());
        long elapsed = System.nanoTime() - started;
        long bytesRead = s3.bytesServed();
        worker.rest().deleteConnector(connector);
        long expected = data.recordsBetween(from, to);
        long written = offsets.recordCount(targetTopic);
        return new Result(new Throughput(expected, expected * data.recordBytes(), elapsed), written, bytesRead);
    }

    private Set<Integer> completePartitions(String connector, String sourceTopic) throws Exception {
        Set<Integer> complete = new HashSet<>();
        try {
            for (JsonNode offset : worker.rest().offsets(connector)) {
                JsonNode partition = offset.path("partition");
                if (sourceTopic.equals(partition.path("topic").asText())
                        && offset.path("offset").path("complete").asBoolean(false)) {
                    complete.add(partition.path("partition").asInt());
                }
            }
        } catch (IOException notYet) {
            // The worker answers 404 or 409 until the connector is running.
        }
        return complete;
    }

    /**
     * @param throughput    the records the window should hold, and the time until they were written
     * @param recordsInTarget what the target topic holds at the end
     * @param bytesRead     body bytes the S3 server sent during the restore, or -1 for a restore from a directory
     */
    record Result(Throughput throughput, long recordsInTarget, long bytesRead) {}
}
