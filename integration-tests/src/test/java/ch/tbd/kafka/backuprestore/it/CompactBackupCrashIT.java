package ch.tbd.kafka.backuprestore.it;

import static ch.tbd.kafka.backuprestore.it.CompactedPair.ACTIVATE;
import static ch.tbd.kafka.backuprestore.it.CompactedPair.PASSIVATE;
import static ch.tbd.kafka.backuprestore.it.CompactedPair.latestValues;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.compact.SnapshotMarker;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted backup pair on two Connect workers that are JVMs of their own, one killed with SIGKILL in the middle of
 * a handover and replaced, again and again, under updates and deletes: whichever phase a kill hits (a snapshot being
 * built, completed, or an old one being deleted), a complete snapshot stays stored from the first one on, the pair
 * hands over again, and the newest snapshot restores the latest value of every key. {@code -Dcrash.kills=N} (or
 * {@code -Psoak}) for more kills.
 */
class CompactBackupCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(CompactBackupCrashIT.class);
    private static final String BUCKET = "compact-crash";
    private static final String TOPIC = "crash-prices";
    private static final int KILLS = Integer.getInteger("crash.kills", 1);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static EmbeddedKafkaCluster kafka;
    private static S3Server s3;
    private static WorkerProcesses workers;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        Properties broker = ConnectCluster.brokerProperties();
        broker.putAll(CompactedTopic.BROKER_PROPS);
        kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        s3 = S3Server.start();
        workers = WorkerProcesses.start("compact-crash", kafka.bootstrapServers(), 2, WorkerProcesses.QUICK_FAILOVER);
    }

    @AfterAll
    static void stopInfrastructure() {
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
    void shouldKeepACompleteSnapshotThroughKillsAtAnyPhaseAndRestoreTheLatestValues() throws Exception {
        s3.createBucket(BUCKET);
        try (var admin = kafka.createAdminClient()) {
            ConnectCluster.createTopic(admin, TOPIC, 2, CompactedPair.FAST_COMPACTION);
        }
        CompactedPair pair = new CompactedPair(s3, BUCKET, kafka.bootstrapServers());
        workers.rest().putConnectorConfig(ACTIVATE, pair.config("ACTIVATE", TOPIC, 2));
        workers.rest().putConnectorConfig(PASSIVATE, pair.config("PASSIVATE", TOPIC, 2));
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> pair.produceUpdates(TOPIC, producing, produced), "updates");
        producer.start();
        Random random = new Random();
        List<String> events = new ArrayList<>();
        try (S3Storage storage = pair.storage()) {
            CompactSnapshots snapshots = new CompactSnapshots(storage, CompactedPair.layout());
            Runnable status = () -> LOG.info("Connectors: {} {}", workers.rest().connectorStatus(ACTIVATE),
                    workers.rest().connectorStatus(PASSIVATE));
            CompactedPair.awaitSnapshots(snapshots, Map.of(TOPIC, 2), current -> true, TIMEOUT, status);
            for (int kill = 0; kill < KILLS; kill++) {
                // Each kill in the middle of a handover: a snapshot being built, or an old one being deleted.
                long until = System.currentTimeMillis() + 30_000;
                String phase = phase(snapshots);
                while (!phase.contains("building or retiring") && System.currentTimeMillis() < until) {
                    assertACompleteSnapshotIsStored(snapshots);
                    Thread.sleep(100 + random.nextInt(200));
                    phase = phase(snapshots);
                }
                int killed = workers.killOne(random);
                events.add("worker " + killed + " killed while " + phase);
                LOG.info("SIGKILL to worker {} while {}", killed, phase);
                workers.addWorker();
            }
            long generationAfterKills = snapshots.current(TOPIC).values().stream()
                    .mapToLong(SnapshotMarker::generation).min().orElseThrow();
            // The pair recovers and hands over again after the last kill.
            CompactedPair.awaitSnapshots(snapshots, Map.of(TOPIC, 2),
                    current -> current.generation() > generationAfterKills, TIMEOUT, status);
            producing.set(false);
            producer.join();
            long stoppedAt = System.currentTimeMillis();
            CompactedPair.awaitSnapshots(snapshots, Map.of(TOPIC, 2), current -> current.completedAt() > stoppedAt,
                    TIMEOUT, status);
            pair.awaitOnlyCurrentSnapshotsStored(snapshots, List.of(TOPIC), TIMEOUT);
        }
        LOG.info("What happened: {}", events);

        workers.rest().putConnectorConfig("crash-restore", RestoreConnectorConfigs.s3(s3, BUCKET,
                TOPIC + ":crash-prices-restored", kafka.bootstrapServers()));
        RestoreProgress.awaitComplete(workers.rest(), "crash-restore", List.of(new TopicPartition(TOPIC, 0),
                new TopicPartition(TOPIC, 1)), TIMEOUT);
        TopicContents source = TopicContents.read(kafka.bootstrapServers(), TOPIC);
        TopicContents restored = TopicContents.read(kafka.bootstrapServers(), "crash-prices-restored");
        for (int partition = 0; partition < 2; partition++) {
            assertThat(latestValues(restored.of("crash-prices-restored", partition)))
                    .as("latest value of every key of %s-%d after %s", TOPIC, partition, events)
                    .isEqualTo(latestValues(source.of(TOPIC, partition)));
        }
    }

    /** From the first complete snapshot on, the current one's objects are stored, whatever happens. */
    private static void assertACompleteSnapshotIsStored(CompactSnapshots snapshots) {
        snapshots.current(TOPIC).forEach((partition, marker) -> assertThat(
                s3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(TOPIC + "/" + marker.instance() + "/"
                        + partition + "/")).keyCount())
                .as("objects of the current %s of %s-%d", marker.describe(), TOPIC, partition).isPositive());
    }

    /** Which handover phase the pair is in, as the storage shows it: for the record of what a kill hit. */
    private static String phase(CompactSnapshots snapshots) {
        List<String> phases = new ArrayList<>();
        snapshots.current(TOPIC).forEach((partition, marker) -> {
            String other = marker.instance().equals(ACTIVATE) ? PASSIVATE : ACTIVATE;
            boolean otherHasObjects = s3.client().listObjectsV2(r -> r.bucket(BUCKET)
                    .prefix(TOPIC + "/" + other + "/" + partition + "/")).keyCount() > 0;
            phases.add(partition + ": " + (otherHasObjects ? other + " building or retiring" : marker.instance()
                    + " current, " + other + " passive"));
        });
        return phases.toString();
    }
}
