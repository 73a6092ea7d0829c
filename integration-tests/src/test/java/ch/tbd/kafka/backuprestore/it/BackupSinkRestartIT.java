package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup that is restarted while records keep arriving: first the connector and its tasks through the REST API, then
 * the whole worker. Nothing may be lost; data written twice is only tolerated as a rewrite.
 */
class BackupSinkRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BackupSinkRestartIT.class);

    private static final String TOPIC = "restart-topic";
    private static final String BUCKET = "restart-backup";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 20_000;
    private static final int FLUSH_SIZE = 100;

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("backup-sink-restart-it");
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
    void shouldStoreEveryOffsetWhenTheConnectorAndTheWorkerRestartDuringTheBackup() throws Exception {
        s3.createBucket(BUCKET);
        connect.createTopic(TOPIC, PARTITIONS, Map.of());
        Map<String, String> config = BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, FLUSH_SIZE);
        // A task stopping stores its open objects; the next one keeps them and starts its objects after their end,
        // so the last object of a partition may be short: stored by the clock, soon.
        config.put("rotate.schedule.interval.ms", "2000");
        connect.putConnectorConfig("backup", config);
        connect.awaitRunning("backup", 1);

        CountDownLatch thirdProduced = new CountDownLatch(1);
        CountDownLatch twoThirdsProduced = new CountDownLatch(1);
        ProducedRecords produced;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            CompletableFuture<Void> production = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < RECORDS; i++) {
                    producer.sendAsync(new ProducerRecord<>(TOPIC, i % PARTITIONS, EdgeCaseProducer.bytes("k" + i),
                            EdgeCaseProducer.bytes("record " + i)));
                    if (i % 500 == 499) {
                        producer.flush();
                        pause(100);
                    }
                    if (i == RECORDS / 3) {
                        thirdProduced.countDown();
                    } else if (i == 2 * RECORDS / 3) {
                        twoThirdsProduced.countDown();
                    }
                }
                producer.flush();
            });

            awaitProgress(thirdProduced, production);
            HttpResponse<String> restart = connect.post("/connectors/backup/restart?includeTasks=true", null);
            assertThat(restart.statusCode() / 100).as("restart: %s %s", restart.statusCode(), restart.body())
                    .isEqualTo(2);
            LOG.info("restart of connector and tasks requested after {} records: {} {}",
                    producer.produced().committedCount(), restart.statusCode(), restart.body());
            connect.awaitRunning("backup", 1);

            awaitProgress(twoThirdsProduced, production);
            LOG.info("replacing the worker after {} records", producer.produced().committedCount());
            connect.replaceWorker();
            LOG.info("replaced the worker after {} records", producer.produced().committedCount());
            connect.awaitRunning("backup", 1);

            production.get(60, TimeUnit.SECONDS);
            produced = producer.produced();
        }
        assertThat(produced.committedCount()).isEqualTo(RECORDS);

        BackupLayout layout = new BackupLayout("");
        BackupSnapshot snapshot = Await.backedUp(
                new BackupReadback(BackupReadback.s3(s3.client(), BUCKET), layout), produced, Duration.ofSeconds(60));
        BackupAssertions.Overlaps overlaps = BackupAssertions.assertCompleteAllowingOverlaps(snapshot, produced, layout);
        // Without transactions a partition's offsets are dense: an object holds every offset of its range.
        assertThat(snapshot.objects()).allSatisfy(o -> assertThat(o.summary().recordCount())
                .as("records in %s", o)
                .isEqualTo(o.summary().lastOffset() - o.summary().firstOffset() + 1));
        long rewrites = s3.objectWrites() - snapshot.objects().size();
        LOG.info("{} records in {} objects; {} object writes found their name taken and kept the earlier object; "
                        + "{} offsets stored by more than one object, in {} overlapping pairs of objects",
                RECORDS, snapshot.objects().size(), rewrites, overlaps.extraCopies(),
                overlaps.overlappingObjectPairs());
    }

    /** Waits for the producer to reach a point, and fails with the producer's own error if it failed instead. */
    private static void awaitProgress(CountDownLatch point, CompletableFuture<Void> production)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!point.await(100, TimeUnit.MILLISECONDS)) {
            if (production.isCompletedExceptionally()) {
                production.join();
            }
            assertThat(System.nanoTime()).as("time to produce the records").isLessThan(deadline);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
