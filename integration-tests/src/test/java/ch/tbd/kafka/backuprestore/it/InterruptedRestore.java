package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore large enough to be interrupted: many small records backed up in many objects, restored in small batches
 * from a deliberately slow S3 server, with the Connect worker replaced while records are being written.
 */
public final class InterruptedRestore {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRestore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final ConnectCluster connect;
    private final S3Server s3;
    private final String bucket;
    private final String topic;
    private final int partitions;
    private final int records;

    public InterruptedRestore(ConnectCluster connect, S3Server s3, String bucket, String topic, int partitions,
            int records) {
        this.connect = connect;
        this.s3 = s3;
        this.bucket = bucket;
        this.topic = topic;
        this.partitions = partitions;
        this.records = records;
    }

    /**
     * Produces the records, round robin over the partitions, and backs them up in objects of {@code flushSize}, which
     * must divide the records of each partition.
     */
    public TopicContents produceAndBackUp(int flushSize) throws InterruptedException {
        assertThat(records % (partitions * flushSize)).as("records left in an open object").isZero();
        s3.createBucket(bucket);
        connect.createTopic(topic, partitions, Map.of());
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < records; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % partitions,
                        EdgeCaseProducer.bytes("key-" + i), EdgeCaseProducer.bytes(topic + " record " + i));
                if (i < partitions) {
                    // The first record of each partition alone: right after the topic is created, a partition's
                    // leader may not be known yet, and an idempotent producer with batches in flight then retries
                    // them out of order for good (OUT_OF_ORDER_SEQUENCE_NUMBER).
                    producer.send(record);
                } else {
                    producer.sendAsync(record);
                }
            }
            producer.flush();
        }
        TopicContents source = TopicContents.read(connect.bootstrapServers(), topic);
        assertThat(source.count(topic)).isEqualTo(records);
        Backups.backUp(connect, s3, "backup-" + topic,
                BackupConnectorConfigs.s3(s3, bucket, topic, flushSize), source.asProduced());
        return source;
    }

    /**
     * Starts the restore, replaces the worker once the target holds {@code replaceAfter} records (committed or not),
     * and waits until the restore is complete.
     *
     * @param getDelay how long each GET of the S3 server waits, so that the restore lasts long enough
     * @return the number of records in the target (committed or not) when the worker was replaced
     */
    public long restoreReplacingTheWorker(String connector, Map<String, String> config, int tasks, long replaceAfter,
            Duration getDelay) throws InterruptedException {
        String target = config.get("topics").split(":")[1];
        s3.delayGets(getDelay);
        try {
            connect.putConnectorConfig(connector, config);
            connect.awaitRunning(connector, tasks);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long written;
            while ((written = endOffsetSum(target)) < replaceAfter) {
                if (System.nanoTime() > deadline) {
                    fail("the restore wrote only %d records into %s in %s; status %s", written, target, TIMEOUT,
                            connect.connectorStatus(connector));
                }
                Thread.sleep(50);
            }
            LOG.info("Replacing the worker with {} records in {}", written, target);
            connect.replaceWorker();
            long afterReplacement = endOffsetSum(target);
            LOG.info("Replaced the worker; {} records in {}", afterReplacement, target);
            assertThat(written).as("records written when the worker was replaced").isLessThan(records);
            connect.awaitRunning(connector, tasks);
            awaitEveryOriginal(connector, target);
            return written;
        } finally {
            s3.delayGets(Duration.ZERO);
        }
    }

    /**
     * Waits until a read_committed consumer sees every original offset in the target, by the records' x-old-offset
     * headers: the restore is done whatever its offsets endpoint says, which the tests check on their own.
     */
    private void awaitEveryOriginal(String connector, String target) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            TopicContents contents = TopicContents.read(connect.bootstrapServers(), target);
            long distinct = contents.all().stream()
                    .map(r -> r.partition() + "@" + RestoreAssertions.originalOffset(r))
                    .distinct()
                    .count();
            if (distinct == records) {
                return;
            }
            for (var task : connect.connectorStatus(connector).path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    fail("task %s of %s failed: %s", task.path("id").asText(), connector,
                            task.path("trace").asText());
                }
            }
            if (System.nanoTime() > deadline) {
                fail("after %s the target %s holds %d of %d original offsets", TIMEOUT, target, distinct, records);
            }
            Thread.sleep(1000);
        }
    }

    public List<TopicPartition> partitionsOf(String backedUpTopic) {
        return java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(backedUpTopic, p))
                .toList();
    }

    /** The last offsets of the target's partitions, transaction markers and uncommitted records included. */
    private long endOffsetSum(String target) throws InterruptedException {
        try (Admin admin = connect.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(target, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException e) {
            // The target topic is created by the connector when it starts.
            return 0;
        }
    }

    /** Original offsets of the target's records per partition, in target order, from their x-old-offset headers. */
    public static Map<Integer, List<Long>> originalOffsets(TopicContents target, String targetTopic) {
        Map<Integer, List<Long>> offsets = new HashMap<>();
        for (TopicPartition tp : target.partitionsOf(targetTopic)) {
            offsets.put(tp.partition(), target.of(tp).stream().map(RestoreAssertions::originalOffset).toList());
        }
        return offsets;
    }

    /** A restored record equals the source record at its original offset. */
    public static void assertSameAsOriginal(TopicContents source, TopicContents target, String targetTopic) {
        for (TopicPartition tp : target.partitionsOf(targetTopic)) {
            Map<Long, BackupRecord> originals = new HashMap<>();
            source.partitions().entrySet().stream()
                    .filter(e -> e.getKey().partition() == tp.partition())
                    .forEach(e -> e.getValue().forEach(r -> originals.put(r.offset(), r)));
            for (BackupRecord restored : target.of(tp)) {
                BackupRecord original = originals.get(RestoreAssertions.originalOffset(restored));
                assertThat(original).as("original of %s-%d@%d", restored.topic(), restored.partition(),
                        restored.offset()).isNotNull();
                RestoreAssertions.assertSameContent(original, restored, true);
            }
        }
    }
}
