package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy.Fault;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy.FaultPlan;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore against a store that fails, through a proxy in front of the S3 server: one that refuses every
 * connection for longer than the retry policy lasts, and one that fails a tenth of all requests (500, 503 SlowDown,
 * reset connections, slow answers, answers cut off). A store that stays down fails the task with a message naming
 * the bucket and the object, after retries that waited longer and longer; a restart once it is back completes the
 * work. Through a tenth of failures, everything is backed up and restored, nothing lost, nothing twice.
 */
class StorageFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFaultsIT.class);
    private static final int PARTITIONS = 2;
    /** Records of the run through a tenth of failing requests; the soak profile makes it 100,000. */
    private static final int FLAKY_RECORDS = Integer.getInteger("faults.records", 3_000);
    private static final Duration TIMEOUT = Duration.ofSeconds(90 + Integer.getInteger("faults.records", 3_000) / 100);

    private static S3Server s3;
    private static FaultInjectingProxy faults;
    private static ConnectCluster connect;

    @BeforeAll
    static void startInfrastructure() {
        s3 = S3Server.start();
        faults = FaultInjectingProxy.start(s3.endpoint());
        connect = ConnectCluster.start("storage-faults-it");
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (faults != null) {
            faults.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void healTheStore() {
        faults.plan(FaultPlan.none());
    }

    /** A backup through the faulty proxy, with a retry policy short enough for a test. */
    private static Map<String, String> backupThroughFaults(String bucket, String topic) {
        Map<String, String> config = BackupConnectorConfigs.s3(s3, bucket, topic, 50);
        config.put("s3.endpoint.url", faults.endpoint().toString());
        config.put("rotate.schedule.interval.ms", "1000");
        config.put("retry.backoff.ms", "500");
        config.put("retry.backoff.max.ms", "2000");
        config.put("retry.timeout.ms", "10000");
        return config;
    }

    @Test
    void shouldWaitLongerBeforeEachRetryFailTheBackupOnceTheStoreStaysDownAndCompleteAfterARestart() throws Exception {
        String bucket = "down-backup";
        String topic = "down-topic";
        s3.createBucket(bucket);
        connect.createTopic(topic, PARTITIONS, Map.of());
        connect.putConnectorConfig("down-backup", backupThroughFaults(bucket, topic));
        connect.awaitRunning("down-backup", 1);
        ProducedRecords produced;
        JsonNode failed;
        long outageStart;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers());
             LogCapture logs = LogCapture.start()) {
            produce(producer, topic, 0, 100);
            Await.backedUp(readback(bucket), producer.produced(), TIMEOUT);

            faults.plan(FaultPlan.always(Fault.RESET));
            outageStart = System.nanoTime();
            produce(producer, topic, 100, 30);
            failed = connect.awaitTaskState("down-backup", "FAILED");
            long outageSeconds = (System.nanoTime() - outageStart) / 1_000_000_000L;
            produced = producer.produced();

            String partition = topic + "-0";
            List<LogCapture.Event> retries = logs.events().stream()
                    .filter(e -> e.text().contains("Partition " + partition + " pauses for")).toList();
            LOG.info("The task failed {} s after the store went down, after {} retries of {} and {} PUT requests in"
                    + " all; trace: {}", outageSeconds, retries.size(), partition, puts(outageStart),
                    failed.path("trace").asText().lines().findFirst().orElse(""));
            // Waits of 0.25-0.5, 0.5-1, 1-2 s and then at most 2 s until 10 s: a handful of attempts, not a storm.
            assertThat(retries).as("a WARN per retry of %s, with its attempt", partition).hasSizeBetween(3, 14);
            for (int i = 1; i < retries.size(); i++) {
                long announced = pauseOf(retries.get(i - 1));
                long waited = retries.get(i).timeMillis() - retries.get(i - 1).timeMillis();
                assertThat(waited).as("the wait before attempt %d of %s, announced as %d ms", i + 1, partition,
                        announced).isGreaterThanOrEqualTo(announced - 50);
            }
            assertThat(pauseOf(retries.get(retries.size() - 1))).as("the last pause against the first")
                    .isGreaterThan(pauseOf(retries.get(0)));
            assertThat(puts(outageStart)).as("PUT requests while the store was down, the SDK's own tries included")
                    .isLessThan(100);
        }
        String trace = failed.path("trace").asText();
        assertThat(trace).contains("s3://" + bucket).contains(topic + "/").contains(".avro")
                .contains("Gave up after").contains("retry.timeout.ms=10000").contains("restart the task");

        faults.plan(FaultPlan.none());
        HttpResponse<String> restart = connect.post("connectors/down-backup/restart?includeTasks=true&onlyFailed=true",
                null);
        assertThat(restart.statusCode() / 100).as(restart.body()).isEqualTo(2);
        BackupSnapshot snapshot = Await.backedUp(readback(bucket), produced, TIMEOUT);
        BackupAssertions.assertCompleteAllowingOverlaps(snapshot, produced, new BackupLayout(""));
        connect.deleteConnector("down-backup");
    }

    @Test
    void shouldFailTheRestoreOnceTheStoreStaysDownAndContinueAfterARestart() throws Exception {
        String bucket = "down-restore";
        String topic = "down-restore-topic";
        s3.createBucket(bucket);
        connect.createTopic(topic, PARTITIONS, Map.of());
        ProducedRecords produced;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            produce(producer, topic, 0, 4_000);
            produced = producer.produced();
        }
        Backups.backUp(connect, s3, "down-restore-backup", BackupConnectorConfigs.s3(s3, bucket, topic, 200), produced);

        Map<String, String> config = RestoreConnectorConfigs.withProvenanceHeaders(RestoreConnectorConfigs.s3(s3,
                bucket, topic + ":down-restored", connect.bootstrapServers()));
        config.put("s3.endpoint.url", faults.endpoint().toString());
        config.put("restore.batch.max.records", "20");
        config.put("retry.backoff.ms", "500");
        config.put("retry.backoff.max.ms", "2000");
        config.put("retry.timeout.ms", "8000");
        // Slow reads, so that the store goes down while the restore is under way.
        faults.plan(request -> request.method().equals("GET") && !request.path().contains("list-type")
                ? Fault.SLOW : Fault.NONE);
        connect.putConnectorConfig("down-restore", config);
        connect.awaitRunning("down-restore", 1);
        Thread.sleep(3_000);
        faults.plan(FaultPlan.always(Fault.RESET));

        JsonNode failed = connect.awaitTaskState("down-restore", "FAILED");
        // Whatever it was reading when the store went down (object headers for the progress totals, or records),
        // the message names the object, the attempts and what to do.
        assertThat(failed.path("trace").asText()).contains("s3://" + bucket).contains(topic + "/").contains(".avro")
                .contains("failed").contains("retry.timeout.ms=8000").contains("Restart the task");

        faults.plan(FaultPlan.none());
        connect.post("connectors/down-restore/restart?includeTasks=true&onlyFailed=true", null);
        connect.awaitRunning("down-restore", 1);
        List<TopicPartition> partitions = new ArrayList<>(produced.partitions());
        RestoreProgress.awaitComplete(connect, "down-restore", partitions, TIMEOUT);
        TopicContents target = TopicContents.read(connect.bootstrapServers(), "down-restored");
        // At least once without exactly-once support: every original offset, in order, none skipped.
        for (TopicPartition source : partitions) {
            Set<Long> restored = new TreeSet<>();
            target.of("down-restored", source.partition())
                    .forEach(r -> restored.add(RestoreAssertions.originalOffset(r)));
            assertThat(restored).as("original offsets restored of %s", source)
                    .containsExactlyElementsOf(produced.committed(source).keySet());
        }
    }

    @Test
    void shouldBackUpAndRestoreEverythingExactlyThroughATenthOfRequestsFailing() throws Exception {
        String bucket = "flaky";
        String topic = "flaky-topic";
        s3.createBucket(bucket);
        connect.createTopic(topic, PARTITIONS, Map.of());
        ProducedRecords produced;
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            produce(producer, topic, 0, FLAKY_RECORDS);
            produced = producer.produced();
        }
        faults.plan(FaultPlan.randomly(0.1, 42, Fault.INTERNAL_ERROR, Fault.SLOW_DOWN, Fault.RESET, Fault.SLOW,
                Fault.TRUNCATE));
        long backupRetries;
        Map<String, Long> retriesByKind = new java.util.TreeMap<>();
        try (LogCapture logs = LogCapture.start()) {
            Map<String, String> backup = backupThroughFaults(bucket, topic);
            backup.put("retry.timeout.ms", "120000");
            connect.putConnectorConfig("flaky-backup", backup);
            connect.awaitRunning("flaky-backup", 1);
            BackupSnapshot snapshot = Await.backedUp(readback(bucket), produced, TIMEOUT);
            BackupAssertions.assertExactBackup(snapshot, produced, new BackupLayout(""));
            backupRetries = metric("backup-task", "flaky-backup", "StorageRequestRetries")
                    + metric("backup-task", "flaky-backup", "StoreRetries");
            assertThat(retriesByKind("flaky-backup").values().stream().mapToLong(Long::longValue).sum())
                    .as("retries by kind add up to the backup's retries").isEqualTo(backupRetries);
            retriesByKind("flaky-backup").forEach((kind, count) -> retriesByKind.merge(kind, count, Long::sum));
            connect.deleteConnector("flaky-backup");
            assertThat(logs.containing("tried again by the AWS SDK")).as("WARNs of retried requests").isNotEmpty();
        }

        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, bucket, topic + ":flaky-restored",
                connect.bootstrapServers());
        restore.put("s3.endpoint.url", faults.endpoint().toString());
        restore.put("retry.backoff.ms", "200");
        restore.put("retry.timeout.ms", "120000");
        connect.putConnectorConfig("flaky-restore", restore);
        RestoreProgress.awaitComplete(connect, "flaky-restore", new ArrayList<>(produced.partitions()), TIMEOUT);
        long restoreRetries = metric("restore-task", "flaky-restore", "StorageRequestRetries")
                + metric("restore-task", "flaky-restore", "ReadRetries");
        assertThat(retriesByKind("flaky-restore").values().stream().mapToLong(Long::longValue).sum())
                .as("retries by kind add up to the restore's retries").isEqualTo(restoreRetries);
        retriesByKind("flaky-restore").forEach((kind, count) -> retriesByKind.merge(kind, count, Long::sum));
        TopicContents source = TopicContents.read(connect.bootstrapServers(), topic);
        TopicContents target = TopicContents.read(connect.bootstrapServers(), "flaky-restored");
        RestoreAssertions.assertTopicRestored(source, topic, target, "flaky-restored", false);
        LOG.info("Through {} injected faults in {} requests: {} retries by the backup, {} by the restore, by kind {}",
                faults.faultsInjected(), faults.handled().size(), backupRetries, restoreRetries, retriesByKind);
        assertThat(backupRetries).as("retries counted by the backup task").isPositive();
        assertThat(restoreRetries).as("retries counted by the restore task").isPositive();
        // The proxy answers 503 SlowDown, 500 InternalError, and resets or cuts short connections; which of them
        // a task meets depends on the order of its requests.
        assertThat(retriesByKind).as("retries by kind").isNotEmpty()
                .allSatisfy((kind, count) -> assertThat(kind).isIn("throttled", "server-error", "io"));
    }

    private static void produce(EdgeCaseProducer producer, String topic, int from, int count) {
        for (int i = from; i < from + count; i++) {
            producer.sendAsync(new ProducerRecord<>(topic, i % PARTITIONS, EdgeCaseProducer.bytes("k" + i),
                    EdgeCaseProducer.bytes("record " + i)));
        }
        producer.flush();
    }

    private static BackupReadback readback(String bucket) {
        return new BackupReadback(BackupReadback.s3(s3.client(), bucket), new BackupLayout(""));
    }

    /** The PUT requests of objects since {@code sinceNanos}, as the proxy saw them. */
    private static long puts(long sinceNanos) {
        return faults.handled().stream()
                .filter(h -> h.atNanos() >= sinceNanos && h.method().equals("PUT") && h.path().contains(".avro"))
                .count();
    }

    /** The pause a retry WARN announces: "... pauses for 742 ms, then ...". */
    private static long pauseOf(LogCapture.Event retry) {
        String text = retry.text();
        int start = text.indexOf("pauses for ") + "pauses for ".length();
        return Long.parseLong(text.substring(start, text.indexOf(" ms", start)));
    }

    /** The retries of a connector's tasks, by kind: the storage client's and the tasks' own, where not 0. */
    private static Map<String, Long> retriesByKind(String connector) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> retries = new java.util.TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("kafka.backup:type=storage-failures,connector="
                + ObjectName.quote(connector) + ",task=*,kind=*"), null)) {
            long count = ((Number) server.getAttribute(name, "RequestRetries")).longValue()
                    + ((Number) server.getAttribute(name, "TaskRetries")).longValue();
            if (count > 0) {
                retries.merge(name.getKeyProperty("kind"), count, Long::sum);
            }
        }
        return retries;
    }

    private static long metric(String type, String connector, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName name : server.queryNames(new ObjectName("kafka.backup:type=" + type + ",connector="
                + ObjectName.quote(connector) + ",task=*"), null)) {
            total += ((Number) server.getAttribute(name, attribute)).longValue();
        }
        return total;
    }
}
