package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restores of part of a backup: a time window, offset windows. Only the records inside are written, and objects that
 * lie wholly outside are not downloaded: at most a ranged read of their header.
 */
class RestorePointInTimeIT {

    private static final String BUCKET = "pit-backup";
    private static final String TOPIC = "pit";
    private static final int RECORDS_PER_PARTITION = 100;
    private static final int FLUSH_SIZE = 10;
    /** Random bytes do not compress: ten of them make objects of about 120 KiB, more than a header read takes. */
    private static final int VALUE_BYTES = 12 * 1024;
    /** The most a header read may fetch: {@code PartitionReader.HEADER_RANGE_BYTES}. */
    private static final long HEADER_RANGE_BYTES = 64 * 1024;
    /** A day ago, on a whole second: within any time retention, whatever the day the test runs. */
    private static final long T0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)
            .toEpochMilli();
    /** Partition 1's records are this much later than partition 0's, so that a window can leave it out whole. */
    private static final long PARTITION_1_LATER_MS = 1_000_000;
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server s3;
    private static ConnectCluster connect;
    private static TopicContents source;
    private static BackupSnapshot backup;

    private final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void backUpRecordsWithKnownTimes() throws Exception {
        s3 = S3Server.start();
        connect = ConnectCluster.start("restore-point-in-time-it");
        s3.createBucket(BUCKET);
        connect.createTopic(TOPIC, 2, Map.of());
        Random random = new Random(7);
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    producer.sendAsync(new ProducerRecord<>(TOPIC, partition, timestamp(partition, i),
                            EdgeCaseProducer.bytes("key-" + i), value));
                }
            }
            producer.flush();
        }
        source = TopicContents.read(connect.bootstrapServers(), TOPIC);
        backup = Backups.backUp(connect, s3, "backup", BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, FLUSH_SIZE),
                source.asProduced());
        assertThat(backup.objects()).as("objects").hasSize(2 * RECORDS_PER_PARTITION / FLUSH_SIZE);
        assertThat(backup.objects()).as("object sizes, larger than a header read").allSatisfy(o -> assertThat(
                s3.client().headObject(b -> b.bucket(BUCKET).key(o.key())).contentLength())
                .isGreaterThan(HEADER_RANGE_BYTES));
    }

    /** Record {@code i} of a partition: one second after the one before. */
    private static long timestamp(int partition, int i) {
        return T0 + (partition == 1 ? PARTITION_1_LATER_MS : 0) + i * 1000L;
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

    @AfterEach
    void deleteConnectors() throws InterruptedException {
        for (String connector : connectors) {
            connect.deleteConnectorAndOffsets(connector);
        }
    }

    @Test
    void shouldRestoreOnlyTheRecordsOfATimeWindowAndDownloadOnlyTheObjectsThatOverlapIt() throws Exception {
        long from = T0 + 25_000;
        long to = T0 + 55_000;
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":pit-time", connect.bootstrapServers()));
        // Both notations: an ISO-8601 instant and epoch milliseconds.
        config.put("restore.time.from", Instant.ofEpochMilli(from).toString());
        config.put("restore.time.to", Long.toString(to));
        s3.clearRequests();
        start("time-window", config);

        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "time-window", List.of(p0),
                RESTORE_TIMEOUT);

        Predicate<BackupRecord> inWindow = r -> r.timestamp() >= from && r.timestamp() < to;
        TopicContents target = TopicContents.read(connect.bootstrapServers(), "pit-time");
        List<BackupRecord> expected = source.of(p0).stream().filter(inWindow).toList();
        assertThat(expected).hasSize(30);
        RestoreAssertions.assertPartitionRestored(expected, p0, target.of("pit-time", 0),
                new TopicPartition("pit-time", 0), true);
        assertThat(target.of("pit-time", 1)).as("records of partition 1, all outside the window").isEmpty();
        progress.assertCompleted(p0, 54, 30);

        assertDownloadedOnly(objectsWhere(o -> o.summary().maxTimestamp() >= from
                && o.summary().minTimestamp() < to));

        // Nothing of partition 1 is in the window, so no record ever carries its offset: it must still end complete.
        RestoreProgress withP1 = awaitReported(progress, "time-window", p1);
        assertThat(withP1.offset(p1).path("complete").asBoolean(false)).as("partition 1 in %s", withP1.offsets())
                .isTrue();
        assertThat(withP1.records(p1)).isZero();
    }

    @Test
    void shouldRestoreAnOffsetWindowWithABoundForEveryPartitionAndOnePerPartition() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":pit-offsets", connect.bootstrapServers()));
        config.put("restore.offset.from", "15");
        config.put("restore.offset.to", TOPIC + "-0:42," + TOPIC + "-1:77");
        s3.clearRequests();
        start("offset-window", config);

        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "offset-window", List.of(p0, p1),
                RESTORE_TIMEOUT);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "pit-offsets");
        assertRestoredRange(target, "pit-offsets", p0, 15, 42);
        assertRestoredRange(target, "pit-offsets", p1, 15, 77);
        progress.assertCompleted(p0, 41, 27);
        progress.assertCompleted(p1, 76, 62);

        assertDownloadedOnly(objectsWhere(o -> {
            long to = o.name().partition() == 0 ? 42 : 77;
            return o.summary().lastOffset() >= 15 && o.summary().firstOffset() < to;
        }));
    }

    @Test
    void shouldRestoreFromPerPartitionOffsetsToTheEnd() throws Exception {
        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(
                RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":pit-tail", connect.bootstrapServers()));
        config.put("restore.offset.from", TOPIC + "-0:90," + TOPIC + "-1:95");
        s3.clearRequests();
        start("tail", config);

        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        RestoreProgress progress = RestoreProgress.awaitComplete(connect, "tail", List.of(p0, p1), RESTORE_TIMEOUT);

        TopicContents target = TopicContents.read(connect.bootstrapServers(), "pit-tail");
        assertRestoredRange(target, "pit-tail", p0, 90, RECORDS_PER_PARTITION);
        assertRestoredRange(target, "pit-tail", p1, 95, RECORDS_PER_PARTITION);
        progress.assertCompleted(p0, 99, 10);
        progress.assertCompleted(p1, 99, 5);
        assertDownloadedOnly(objectsWhere(o -> o.summary().lastOffset() >= (o.name().partition() == 0 ? 90 : 95)));
    }

    private static void assertRestoredRange(TopicContents target, String targetTopic, TopicPartition sourcePartition,
            long from, long to) {
        List<BackupRecord> expected = source.of(sourcePartition).stream()
                .filter(r -> r.offset() >= from && r.offset() < to)
                .toList();
        assertThat(expected).hasSize((int) (to - from));
        RestoreAssertions.assertPartitionRestored(expected, sourcePartition,
                target.of(targetTopic, sourcePartition.partition()),
                new TopicPartition(targetTopic, sourcePartition.partition()), true);
    }

    private static Set<String> objectsWhere(Predicate<BackupObject> overlaps) {
        return backup.objects().stream().filter(overlaps).map(BackupObject::key).collect(Collectors.toSet());
    }

    /**
     * Reads of data only from the objects that overlap the window, each at most once (whole, or the blocks the window
     * needs with one ranged read); every other GET is a header read, a ranged read from the object's start no longer
     * than {@link #HEADER_RANGE_BYTES}.
     */
    private static void assertDownloadedOnly(Set<String> overlapping) {
        List<S3Server.ObjectRequest> gets = s3.gets(BUCKET);
        List<S3Server.ObjectRequest> data = gets.stream().filter(g -> !isHeaderRead(g)).toList();
        assertThat(data).as("reads of data; objects overlapping the window: %s", overlapping)
                .allSatisfy(g -> assertThat(overlapping).contains(g.key()));
        assertThat(data.stream().map(S3Server.ObjectRequest::key).distinct().count()).as("objects read %s", data)
                .isEqualTo(data.size());
        assertThat(gets.stream().filter(RestorePointInTimeIT::isHeaderRead).toList()).as("header reads")
                .allSatisfy(g -> assertThat(g.bytesServed()).as("bytes of %s", g)
                        .isLessThanOrEqualTo(HEADER_RANGE_BYTES));
        long outsideBytes = gets.stream().filter(g -> !overlapping.contains(g.key()))
                .mapToLong(S3Server.ObjectRequest::bytesServed).sum();
        long outsideObjects = backup.objects().size() - overlapping.size();
        assertThat(outsideBytes).as("bytes served of the %d objects outside the window", outsideObjects)
                .isLessThanOrEqualTo(2 * outsideObjects * HEADER_RANGE_BYTES);
    }

    /** A ranged read from the object's first byte: the restore reading a header. */
    private static boolean isHeaderRead(S3Server.ObjectRequest get) {
        return get.ranged() && get.range().startsWith("bytes=0-");
    }

    /** Waits a little for a partition to appear in the offsets, for one whose records were all left out. */
    private static RestoreProgress awaitReported(RestoreProgress last, String connector, TopicPartition partition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RestoreProgress progress = last;
        while (!progress.offsets().containsKey(partition)) {
            if (System.nanoTime() > deadline) {
                fail("%s never appeared in the offsets of %s, which show %s", partition, connector,
                        progress.offsets());
            }
            Thread.sleep(500);
            progress = RestoreProgress.read(connect, connector);
        }
        return progress;
    }

    private void start(String connector, Map<String, String> config) {
        connectors.add(connector);
        connect.putConnectorConfig(connector, config);
    }
}
