package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without exactly-once support on the worker, a restore whose worker dies half-way writes every original record at
 * least once and in order: it may repeat what it wrote since the last offset commit, but never skip.
 */
class RestoreAtLeastOnceIT {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreAtLeastOnceIT.class);

    private static final String BUCKET = "alo-backup";
    private static final String TOPIC = "alo-source";
    private static final String TARGET = "alo-target";
    private static final String CONNECTOR = "alo-restore";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 48_000;
    private static final int FLUSH_SIZE = 1_000;

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("restore-at-least-once-it", Map.of("task.shutdown.graceful.timeout.ms", "0"));
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
    void shouldWriteEveryRecordAtLeastOnceAndInOrderWhenTheWorkerIsReplacedMidRestore() throws Exception {
        InterruptedRestore restore = new InterruptedRestore(connect, s3, BUCKET, TOPIC, PARTITIONS, RECORDS);
        TopicContents source = restore.produceAndBackUp(FLUSH_SIZE);

        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":" + TARGET, connect.bootstrapServers()));
        config.put("tasks.max", "2");
        config.put("restore.batch.max.records", "100");
        restore.restoreReplacingTheWorker(CONNECTOR, config, 2, RECORDS / 3, Duration.ofMillis(100));

        TopicContents target = TopicContents.read(connect.bootstrapServers(), TARGET);
        Map<Integer, List<Long>> originals = InterruptedRestore.originalOffsets(target, TARGET);
        long repeated = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<Long> expected = source.of(TOPIC, partition).stream().map(r -> r.offset()).toList();
            List<Long> restored = originals.get(partition);
            assertThat(new TreeSet<>(restored)).as("original offsets restored into partition %d", partition)
                    .containsExactlyElementsOf(expected);
            // Each record is the next original or a step back to replay: never a step over one.
            long next = 0;
            for (int i = 0; i < restored.size(); i++) {
                long offset = restored.get(i);
                if (offset > next) {
                    fail("partition %d skips from original offset %d to %d at target offset %d", partition,
                            next - 1, offset, target.of(TARGET, partition).get(i).offset());
                }
                next = offset + 1;
            }
            repeated += restored.size() - expected.size();
        }
        InterruptedRestore.assertSameAsOriginal(source, target, TARGET);
        LOG.info("{} records restored more than once after the worker was replaced", repeated);

        RestoreProgress progress = RestoreProgress.awaitComplete(connect, CONNECTOR, restore.partitionsOf(TOPIC),
                Duration.ofSeconds(15));
        for (TopicPartition tp : restore.partitionsOf(TOPIC)) {
            assertThat(progress.offset(tp).path("complete").asBoolean(false)).as("%s", progress.offset(tp)).isTrue();
            assertThat(progress.offset(tp).path("offset").asLong())
                    .isEqualTo(source.of(tp).get(source.of(tp).size() - 1).offset());
        }
    }
}
