package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backup connector's own sweep by record time (s3.retention.sweep.interval.ms) on a store without lifecycle rules,
 * then a restore of what remains: the expired offsets reported as such, the rest restored byte for byte.
 */
class RetentionSweepIT {

    private static final String BUCKET = "sweep";
    private static final String TOPIC = "aging";
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static S3Server s3;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        connect = ConnectCluster.start("retention-sweep-it");
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
    void shouldSweepRecordsOlderThanTheRetentionAndRestoreTheRestReportingWhatExpired() throws Exception {
        s3.createBucket(BUCKET);
        // Kept by the broker whatever their age: the test is about the backup's retention, not the topic's.
        connect.createTopic(TOPIC, 1, Map.of("retention.ms", "-1"));
        long now = System.currentTimeMillis();
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < 30; i++) {
                // Ten records 30 days old, ten 20 days old, ten an hour old: one object each.
                long timestamp = i < 10 ? now - 30 * DAY + i : i < 20 ? now - 20 * DAY + i : now - DAY / 24 + i;
                producer.sendAsync(new ProducerRecord<>(TOPIC, 0, timestamp, EdgeCaseProducer.bytes("key-" + i),
                        EdgeCaseProducer.bytes("value-" + i)));
            }
            producer.flush();
        }
        TopicContents source = TopicContents.read(connect.bootstrapServers(), TOPIC);
        Map<String, String> backup = BackupConnectorConfigs.s3(s3, BUCKET, TOPIC, 10);
        backup.put("s3.retention.policy.days", "10");
        backup.put("s3.retention.sweep.interval.ms", "1000");
        BackupLayout layout = new BackupLayout("");

        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            connect.putConnectorConfig("sweeping-backup", backup);
            connect.awaitRunning("sweeping-backup", 1);
            Set<String> kept = Set.of(layout.objectKey(TOPIC, 0, 20));
            Await.until(() -> objectKeys().equals(kept), () -> "the bucket holds only " + kept + ", not "
                    + objectKeys(), TIMEOUT);
            connect.deleteConnector("sweeping-backup");
            // One sweep, or two when the first ran before the third object was stored.
            assertThat(logs.containing("Retention removed")).isNotEmpty();
        }
        assertThat(objectKeys()).as("the newest object, with records inside the retention").containsExactly(
                layout.objectKey(TOPIC, 0, 20));

        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, BUCKET, TOPIC + ":aging-restored",
                connect.bootstrapServers());
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            connect.putConnectorConfig("restore-after-sweep", restore);
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            RestoreProgress.awaitComplete(connect, "restore-after-sweep", List.of(partition), TIMEOUT);
            assertThat(logs.containing("Restore of " + TOPIC + "-0: offsets before 20 expired")).singleElement()
                    .satisfies(event -> assertThat(event.text()).contains("retention of 10 days",
                            "not restored"));
        }
        List<BackupRecord> kept = source.of(new TopicPartition(TOPIC, 0)).stream()
                .filter(record -> record.offset() >= 20).toList();
        TopicContents target = TopicContents.read(connect.bootstrapServers(), "aging-restored");
        RestoreAssertions.assertPartitionRestored(kept, new TopicPartition(TOPIC, 0),
                target.of("aging-restored", 0), new TopicPartition("aging-restored", 0), false);
        connect.deleteConnectorAndOffsets("restore-after-sweep");
    }

    private static Set<String> objectKeys() {
        return s3.client().listObjectsV2(request -> request.bucket(BUCKET).prefix(TOPIC + "/")).contents().stream()
                .map(S3Object::key).collect(Collectors.toSet());
    }
}
