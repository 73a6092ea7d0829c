package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a worker with exactly-once source support, a restore whose worker dies half-way still writes every original
 * record exactly once, as a read_committed consumer sees the target; the offset map agrees.
 */
class RestoreExactlyOnceIT {

    private static final String BUCKET = "eos-backup";
    private static final String TOPIC = "eos-source";
    private static final String TARGET = "eos-target";
    private static final String CONNECTOR = "eos-restore";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 48_000;
    private static final int FLUSH_SIZE = 1_000;

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("restore-exactly-once-it", Map.of(
                "exactly.once.source.support", "enabled",
                // A worker that stops does not wait for its tasks: an open transaction is left as a crash leaves it.
                "task.shutdown.graceful.timeout.ms", "0",
                // A worker that left without a word is waited for this long before the group rebalances (60 s by
                // default), and its open transactions must be aborted before the new tasks start.
                "rebalance.timeout.ms", "10000",
                "producer.transaction.timeout.ms", "10000"));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void shouldWriteEveryRecordExactlyOnceWhenTheWorkerIsReplacedMidRestore() throws Exception {
        InterruptedRestore restore = new InterruptedRestore(connect, s3, BUCKET, TOPIC, PARTITIONS, RECORDS);
        TopicContents source = restore.produceAndBackUp(FLUSH_SIZE);
        Map<TopicPartition, Long> mapStart;
        try (Admin admin = connect.admin()) {
            mapStart = OffsetMap.endOffsets(admin, RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC);
        }

        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":" + TARGET, connect.bootstrapServers()));
        config.put("tasks.max", "2");
        // The worker refuses the connector unless it declares exactly-once support.
        config.put("exactly.once.support", "required");
        config.put("restore.batch.max.records", "100");
        restore.restoreReplacingTheWorker(CONNECTOR, config, 2, RECORDS / 3, Duration.ofMillis(100));

        TopicContents target = TopicContents.read(connect.bootstrapServers(), TARGET);
        Map<Integer, List<Long>> originals = InterruptedRestore.originalOffsets(target, TARGET);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<Long> expected = source.of(TOPIC, partition).stream().map(r -> r.offset()).toList();
            List<Long> restored = originals.get(partition);
            if (!restored.equals(expected)) {
                fail("partition %d: %d records committed for %d originals, %d distinct; first difference at index %d"
                                + " (restored %s, expected %s)", partition, restored.size(), expected.size(),
                        Set.copyOf(restored).size(), firstDifference(expected, restored),
                        around(restored, firstDifference(expected, restored)),
                        around(expected, firstDifference(expected, restored)));
            }
        }
        InterruptedRestore.assertSameAsOriginal(source, target, TARGET);

        List<OffsetMap.Mapping> moves = new ArrayList<>();
        for (TopicPartition tp : target.partitionsOf(TARGET)) {
            target.of(tp).forEach(r -> moves.add(new OffsetMap.Mapping(TOPIC, tp.partition(),
                    RestoreAssertions.originalOffset(r), TARGET, tp.partition(), r.offset())));
        }
        // Target offsets are known only once written, so the stopped task could not record its last batch's runs.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<OffsetMap.Run> runs = OffsetMap.into(OffsetMap.read(connect.bootstrapServers(),
                    RestoreConnectorConfigs.DEFAULT_OFFSET_MAP_TOPIC, mapStart), Set.of(TARGET));
            try {
                OffsetMap.assertCoversAllButTheLastBatchBeforeAStop(runs, moves, 100);
                break;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }

        RestoreProgress progress = RestoreProgress.awaitComplete(connect, CONNECTOR, restore.partitionsOf(TOPIC),
                Duration.ofSeconds(15));
        restore.partitionsOf(TOPIC).forEach(tp -> progress.assertCompletedWhole(tp,
                source.of(tp).get(source.of(tp).size() - 1).offset(), source.of(tp).size()));
    }

    private static int firstDifference(List<Long> expected, List<Long> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return i;
            }
        }
        return Math.min(expected.size(), actual.size());
    }

    private static List<Long> around(List<Long> offsets, int index) {
        return offsets.subList(Math.max(0, index - 3), Math.min(offsets.size(), index + 4));
    }
}
