package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worst days of a Connect cluster: workers killed with SIGKILL at random moments, and a broker restart, during a
 * backup of a topic under continuous production (plain records, committed and aborted transactions), and again
 * during an exactly-once restore. Two workers in one distributed cluster, in processes of their own; a killed worker
 * is replaced by a new one, and its tasks move meanwhile. The restored topic must equal the source record for record:
 * no gap, no duplicate, no aborted record.
 *
 * <p>In the test suite it kills {@value #DEFAULT_KILLS} workers and restarts the broker once per phase; {@code -Dcrash.kills=N} and
 * {@code -Dcrash.production.seconds=S} (the {@code soak} profile sets both) make it longer.
 */
class WorkerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCrashIT.class);

    private static final int DEFAULT_KILLS = 1;
    private static final int KILLS = Integer.getInteger("crash.kills", DEFAULT_KILLS);
    private static final int PRODUCTION_SECONDS = Integer.getInteger("crash.production.seconds", 20);
    private static final String TOPIC = "crash-source";
    private static final String TARGET = "crash-target";
    private static final String BUCKET = "crash-backup";
    private static final int PARTITIONS = 4;
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private static EmbeddedKafkaCluster kafka;
    private static S3Server s3;
    private static WorkerProcesses workers;
    private static final List<String> events = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() throws Exception {
        kafka = new EmbeddedKafkaCluster(1, ConnectCluster.brokerProperties());
        kafka.start();
        s3 = S3Server.start();
        Map<String, String> worker = new HashMap<>(WorkerProcesses.QUICK_FAILOVER);
        worker.put("exactly.once.source.support", "enabled");
        worker.put("producer.transaction.timeout.ms", "10000");
        workers = WorkerProcesses.start("crash", kafka.bootstrapServers(), 2, worker);
    }

    @AfterAll
    static void stopInfrastructure() {
        LOG.info("What happened: {}", events);
        if (workers != null) {
            workers.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void shouldBackUpAndRestoreEveryCommittedRecordExactlyOnceThroughKillsAndABrokerRestart() throws Exception {
        Random random = new Random();
        s3.createBucket(BUCKET);
        try (var admin = kafka.createAdminClient()) {
            ConnectCluster.createTopic(admin, TOPIC, PARTITIONS, Map.of());
        }
        Map<String, String> backup = BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 300);
        backup.put("tasks.max", "2");
        backup.put("rotate.schedule.interval.ms", "2000");
        backup.put("source.cluster.bootstrap.servers", kafka.bootstrapServers());
        workers.rest().putConnectorConfig("crash-backup", backup);
        workers.rest().awaitRunning("crash-backup", 2);

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger transactions = new AtomicInteger();
        CompletableFuture<Void> production = CompletableFuture.runAsync(() -> produce(producing, transactions));
        long end = System.nanoTime() + Duration.ofSeconds(PRODUCTION_SECONDS).toNanos();
        int kills = 0;
        boolean brokerRestarted = false;
        while (System.nanoTime() < end || kills < KILLS || !brokerRestarted) {
            Thread.sleep(2_000 + random.nextInt(4_000));
            if (!brokerRestarted && kills == KILLS / 2) {
                restartBroker("backup");
                brokerRestarted = true;
            } else if (kills < KILLS) {
                killAndReplaceAWorker(random, "backup");
                kills++;
            }
            if (production.isCompletedExceptionally()) {
                production.join();
            }
        }
        producing.set(false);
        production.get();

        TopicContents source = TopicContents.read(kafka.bootstrapServers(), TOPIC);
        ProducedRecords committed = source.asProduced();
        LOG.info("{} committed records produced in {} s, {} transactions", committed.committedCount(),
                PRODUCTION_SECONDS, transactions.get());
        BackupSnapshot snapshot = Await.backedUp(new BackupReadback(BackupReadback.s3(s3.client(), BUCKET),
                new BackupLayout("")), committed, SETTLE);
        BackupAssertions.assertCompleteAllowingOverlaps(snapshot, committed, new BackupLayout(""));
        assertThat(snapshot.objects()).allSatisfy(object -> assertThat(object.records())
                .noneMatch(r -> r.headers().stream().anyMatch(h -> h.key().equals("tx")
                        && new String(h.value()).equals("aborted"))));
        workers.rest().deleteConnector("crash-backup");

        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":" + TARGET,
                kafka.bootstrapServers());
        restore.put("tasks.max", "2");
        restore.put("exactly.once.support", "required");
        restore.put("restore.batch.max.records", "200");
        workers.rest().putConnectorConfig("crash-restore", restore);
        List<TopicPartition> partitions = source.partitionsOf(TOPIC);
        for (int fault = 0; fault <= KILLS; fault++) {
            Thread.sleep(1_000 + random.nextInt(3_000));
            if (RestoreProgress.read(workers.rest(), "crash-restore").completeFor(partitions)) {
                break;
            }
            if (fault == KILLS / 2) {
                restartBroker("restore");
            } else {
                killAndReplaceAWorker(random, "restore");
            }
        }
        RestoreProgress.awaitComplete(workers.rest(), "crash-restore", partitions, SETTLE);

        TopicContents target = TopicContents.read(kafka.bootstrapServers(), TARGET);
        RestoreAssertions.assertTopicRestored(source, TOPIC, target, TARGET, false);
        LOG.info("Restored {} records exactly once through {}", target.count(TARGET), events);
    }

    /** Plain records, with a committed transaction now and then and an aborted one now and then. */
    private static void produce(AtomicBoolean producing, AtomicInteger transactions) {
        try (EdgeCaseProducer producer = new EdgeCaseProducer(kafka.bootstrapServers())) {
            for (int i = 0; producing.get(); i++) {
                producer.sendAsync(new ProducerRecord<>(TOPIC, i % PARTITIONS, EdgeCaseProducer.bytes("k" + i),
                        EdgeCaseProducer.bytes("record " + i)));
                if (i % 200 == 199) {
                    producer.flush();
                    try {
                        if (i % 400 == 199) {
                            producer.committedTransaction(TOPIC, PARTITIONS, 3);
                        } else {
                            producer.abortedTransaction(TOPIC, PARTITIONS, 3);
                        }
                        transactions.incrementAndGet();
                    } catch (RuntimeException e) {
                        // A broker restart may fail a transaction; whatever it left is what the topic holds.
                        LOG.info("A transaction failed during a fault: {}", e.toString());
                        producer.resetTransactions();
                    }
                    sleep(50);
                }
            }
            producer.flush();
        }
    }

    private static void killAndReplaceAWorker(Random random, String phase) throws Exception {
        int killed = workers.killOne(random);
        events.add("killed worker " + killed + " during the " + phase);
        LOG.info("SIGKILL to worker {} during the {}", killed, phase);
        workers.addWorker();
    }

    private static void restartBroker(String phase) {
        events.add("restarted the broker during the " + phase);
        LOG.info("Restarting the broker");
        kafka.stopOnlyBrokers();
        sleep(2_000);
        kafka.restartOnlyBrokers();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
