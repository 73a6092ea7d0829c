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

    private final PhaseContext on;

    RestorePhase(PhaseContext on) {
        this.on = on;
    }

    /** Timed from the creation of the connector until the target topic's end offsets add up to the data set. */
    Result restore(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data)
            throws Exception {
        on.s3().resetBytesServed();
        Throughput throughput = untilWritten(connector,
                on.configs().restore(sourceTopic, targetTopic, bucket, on.bootstrapServers()), targetTopic, data);
        long bytesRead = on.s3().bytesServed();
        return new Result(throughput, on.offsets().recordCount(targetTopic), bytesRead);
    }

    /** As {@link #restore}, with the recommended producer settings. */
    Result restoreWithRecommendedProducer(String connector, String sourceTopic, String targetTopic, String bucket,
            DataSet data) throws Exception {
        on.s3().resetBytesServed();
        Throughput throughput = untilWritten(connector, ConnectorConfigs.withRecommendedProducer(
                on.configs().restore(sourceTopic, targetTopic, bucket, on.bootstrapServers())), targetTopic, data);
        return new Result(throughput, on.offsets().recordCount(targetTopic), on.s3().bytesServed());
    }

    /** As {@link #restore}, from a backup encrypted under the key in {@code keyFile}. */
    Result restoreEncrypted(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data,
            java.nio.file.Path keyFile) throws Exception {
        on.s3().resetBytesServed();
        Throughput throughput = untilWritten(connector, ConnectorConfigs.encrypted(
                on.configs().restore(sourceTopic, targetTopic, bucket, on.bootstrapServers()), keyFile), targetTopic,
                data);
        return new Result(throughput, on.offsets().recordCount(targetTopic), on.s3().bytesServed());
    }

    /**
     * As {@link #restore}, from a directory that {@link BackupPhase#runToDirectory} wrote. No S3 server sees its
     * reads, so the bytes read are unknown (-1).
     */
    Result restoreFromDirectory(String connector, String sourceTopic, String targetTopic, java.nio.file.Path directory,
            DataSet data) throws Exception {
        Throughput throughput = untilWritten(connector,
                on.configs().restoreFromDirectory(sourceTopic, targetTopic, directory, on.bootstrapServers()),
                targetTopic, data);
        return new Result(throughput, on.offsets().recordCount(targetTopic), -1);
    }

    /**
     * Times any source connector that writes the data set's record count into a topic the same way, so that the
     * Connect floor's generating source and the restore are measured alike: from the connector's creation until the
     * topic's end offsets add up to the data set. Deletes the connector then.
     */
    Throughput untilWritten(String connector, Map<String, String> config, String targetTopic, DataSet data)
            throws Exception {
        long started = System.nanoTime();
        on.worker().rest().putConnector(connector, config);
        on.awaitConnector(connector, POLL, () -> on.offsets().recordCount(targetTopic) >= data.records(),
                () -> "The source connector " + connector + " did not write " + data.records()
                + " records to " + targetTopic + "; see " + on.worker().log());
        long elapsed = System.nanoTime() - started;
        on.worker().rest().deleteConnector(connector);
        return Throughput.of(data, elapsed);
    }

    /** Waits until the connector's source offsets say that every partition is complete. */
    Result restoreWindow(String connector, String sourceTopic, String targetTopic, String bucket, DataSet data,
            long from, long to) throws Exception {
        on.s3().resetBytesServed();
        long started = System.nanoTime();
        on.worker().rest().putConnector(connector,
                on.configs().pointInTimeRestore(sourceTopic, targetTopic, bucket, on.bootstrapServers(), from, to));
        on.awaitConnector(connector, POLL, () -> completePartitions(connector, sourceTopic).size() >= data.partitions(),
                () -> "The point-in-time restore " + connector + " did not complete every partition; see "
                + on.worker().log());
        long elapsed = System.nanoTime() - started;
        long bytesRead = on.s3().bytesServed();
        on.worker().rest().deleteConnector(connector);
        long expected = data.recordsBetween(from, to);
        long written = on.offsets().recordCount(targetTopic);
        return new Result(new Throughput(expected, expected * data.recordBytes(), elapsed), written, bytesRead);
    }

    private Set<Integer> completePartitions(String connector, String sourceTopic) throws Exception {
        Set<Integer> complete = new HashSet<>();
        try {
            for (JsonNode offset : on.worker().rest().offsets(connector)) {
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
