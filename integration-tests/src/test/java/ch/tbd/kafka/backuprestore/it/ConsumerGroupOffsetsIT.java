package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer groups put back where they stood after a disaster recovery, through Kafka Connect alone. Groups commit on a
 * plain topic, a compacted topic with holes and a transactional topic with aborted transactions, at record offsets,
 * inside holes and at the end, and commit again while the backup runs; one group is excluded, one deleted, and one
 * topic deleted. Data and {@code __consumer_offsets} are backed up ({@code ConsumerOffsetsBackupSinkConnector},
 * configured as in the original README), and in a second location group offsets are captured through the Admin API
 * instead. Each is restored into renamed topics by a restore connector with {@code restore.consumer.groups}; then real
 * consumers in those groups read the restored topics, and each reads exactly the records it had not consumed: none
 * missing, none twice, checked by content.
 */
class ConsumerGroupOffsetsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupOffsetsIT.class);

    private static final String BUCKET = "groups";
    private static final String PLAIN = "plain";
    private static final String TRANSACTIONAL = "transactional";
    private static final String DOOMED = "doomed";
    private static final List<String> GROUPS = List.of("g-plain", "g-mixed", "g-excluded", "g-deleted");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static S3Server s3;
    private static FaultInjectingProxy proxy;
    private static ConnectCluster connect;
    private static CompactedTopic compacted;
    private static TopicContents source;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        s3 = S3Server.start();
        proxy = FaultInjectingProxy.forward();
        connect = ConnectCluster.start("consumer-group-offsets-it", Map.of(), CompactedTopic.BROKER_PROPS);
        s3.createBucket(BUCKET);
        compacted = new CompactedTopic("compacted", 2, 200);
        try (Admin admin = connect.admin()) {
            ConnectCluster.createTopic(admin, PLAIN, 3, Map.of());
            ConnectCluster.createTopic(admin, TRANSACTIONAL, 2, Map.of());
            ConnectCluster.createTopic(admin, DOOMED, 1, Map.of());
            compacted.create(admin);
        }
        try (EdgeCaseProducer producer = new EdgeCaseProducer(connect.bootstrapServers())) {
            for (int i = 0; i < 300; i++) {
                producer.sendAsync(new ProducerRecord<>(PLAIN, i % 3, EdgeCaseProducer.bytes("k" + i),
                        EdgeCaseProducer.bytes("plain " + i)));
                producer.sendAsync(new ProducerRecord<>(DOOMED, 0, null, EdgeCaseProducer.bytes("doomed " + i)));
                if (i % 50 == 25) {
                    producer.flush();
                    producer.committedTransaction(TRANSACTIONAL, 2, 5);
                    producer.abortedTransaction(TRANSACTIONAL, 2, 3);
                }
            }
            producer.flush();
        }
        compacted.produceAndCompact(connect.bootstrapServers());
        source = TopicContents.read(connect.bootstrapServers(), PLAIN, TRANSACTIONAL, compacted.topic());
    }

    @AfterAll
    static void stopInfrastructure() {
        if (connect != null) {
            connect.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void shouldPutEveryGroupBackExactlyWhereItStoodThroughConnectAlone() throws Exception {
        // First commits: at a record, in a hole, at the end, at the start.
        commitAtRecordIndex("g-plain", PLAIN, 0, 10);
        commitAtRecordIndex("g-plain", PLAIN, 1, 99);
        commitAtEnd("g-plain", PLAIN, 2);
        commitInHole("g-mixed", compacted.topic(), 0);
        commitAtRecordIndex("g-mixed", compacted.topic(), 1, 3);
        commitInHole("g-mixed", TRANSACTIONAL, 0);
        commitAtRecordIndex("g-mixed", TRANSACTIONAL, 1, 0);
        commitAtRecordIndex("g-excluded", PLAIN, 0, 50);
        commitAtRecordIndex("g-deleted", PLAIN, 0, 50);
        setOffset("g-doomed", new TopicPartition(DOOMED, 0), 120);

        Map<String, String> data = BackupConnectorConfigs.s3(s3, BUCKET,
                String.join(",", PLAIN, TRANSACTIONAL, compacted.topic()), 50);
        data.put("rotate.schedule.interval.ms", "1000");
        data.put("storage.prefix", "exact");
        Backups.backUp(connect, s3, "data-backup", data, source.asProduced());
        // The README's curl body of the offsets backup, key for key; only the values that point at this test's servers
        // and the excluded groups differ, and the keys after "consumer.group.exclude" are the only additions.
        String readmeJson = """
                {
                     "connector.class":"ch.tbd.kafka.backuprestore.backup.kafkaconnect.consumer_offsets.ConsumerOffsetsBackupSinkConnector",
                     "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                     "key.converter":"org.apache.kafka.connect.converters.ByteArrayConverter",
                     "topics":"__consumer_offsets",
                     "flush.size":"3",
                     "s3.bucket.name":"%s",
                     "s3.region":"eu-central-1",
                     "s3.proxy.url": "%s",
                     "tasks.max":"1",
                     "consumer.group.exclude": "connect-backup-consumer,g-excluded",
                     "header.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
                     "s3.endpoint.url": "%s",
                     "s3.path.style.access.enabled": "true",
                     "s3.access.key.id": "%s",
                     "s3.secret.access.key": "%s",
                     "storage.prefix": "exact",
                     "rotate.schedule.interval.ms": "1000"
                }
                """.formatted(BUCKET, proxy.endpoint(), s3.endpoint(), s3.accessKey(), s3.secretKey());
        HttpResponse<String> created = connect.put("/connectors/offsets-backup/config", readmeJson);
        assertThat(created.statusCode()).as("PUT /connectors/offsets-backup/config: %s", created.body())
                .isEqualTo(201);
        Map<String, String> snapshots = BackupConnectorConfigs.s3(s3, BUCKET,
                String.join(",", PLAIN, TRANSACTIONAL, compacted.topic()), 50);
        snapshots.put("storage.prefix", "snapshots");
        snapshots.put("source.cluster.bootstrap.servers", connect.bootstrapServers());
        snapshots.put("consumer.offsets.snapshot.interval.ms", "1000");
        snapshots.put("consumer.group.exclude", "g-excluded");
        snapshots.put("rotate.schedule.interval.ms", "1000");
        connect.putConnectorConfig("snapshot-backup", snapshots);

        // The groups go on while the backups run: later commits, a deleted group, a deleted topic.
        commitAtRecordIndex("g-plain", PLAIN, 0, 42);
        commitAtRecordIndex("g-mixed", compacted.topic(), 1, 5);
        try (Admin admin = connect.admin()) {
            admin.deleteConsumerGroups(List.of("g-deleted")).all().get();
            admin.deleteTopics(List.of(DOOMED)).all().get();
        }
        Map<String, Map<TopicPartition, Long>> expected = committedOffsets(List.of("g-plain", "g-mixed"));
        awaitBackedUp("exact", expected);
        assertThat(proxy.handled()).as("requests through s3.proxy.url").isNotEmpty();
        awaitBackedUp("snapshots", expected);
        Await.backedUp(new BackupReadback(BackupReadback.s3(s3.client(), BUCKET), new BackupLayout("snapshots")),
                source.asProduced(), TIMEOUT);
        connect.deleteConnector("offsets-backup");
        connect.deleteConnector("snapshot-backup");

        restoreAndCheck("exact", "-r", expected);
        restoreAndCheck("snapshots", "-s", expected);
    }

    /** Restores into renamed topics with restore.consumer.groups, then reads as each group. */
    private void restoreAndCheck(String prefix, String suffix, Map<String, Map<TopicPartition, Long>> committed)
            throws Exception {
        String topics = String.join(",", PLAIN + ":" + PLAIN + suffix, TRANSACTIONAL + ":" + TRANSACTIONAL + suffix,
                compacted.topic() + ":" + compacted.topic() + suffix);
        Map<String, String> restore = RestoreConnectorConfigs.s3(s3, BUCKET, topics, connect.bootstrapServers());
        restore.put("storage.prefix", prefix);
        restore.put("restore.consumer.groups", String.join(",", GROUPS));
        restore.put("tasks.max", "2");
        String connector = "restore" + suffix;
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            connect.putConnectorConfig(connector, restore);
            List<TopicPartition> partitions = source.partitionsOf(PLAIN);
            partitions = new ArrayList<>(partitions);
            partitions.addAll(source.partitionsOf(TRANSACTIONAL));
            partitions.addAll(source.partitionsOf(compacted.topic()));
            RestoreProgress.awaitComplete(connect, connector, partitions, TIMEOUT);
            awaitGroupsApplied(logs);
            assertThat(logs.containing("was NOT set")).as("groups the restore could not set").isEmpty();
        }
        try (Admin admin = connect.admin()) {
            assertThat(admin.listConsumerGroupOffsets("g-excluded").partitionsToOffsetAndMetadata().get().keySet())
                    .as("the excluded group's offsets on the restored topics")
                    .noneMatch(tp -> tp.topic().endsWith(suffix));
        }
        long reread = 0;
        long skipped = 0;
        long readAfter = 0;
        int partitionsChecked = 0;
        for (String group : List.of("g-plain", "g-mixed")) {
            Map<TopicPartition, List<BackupRecord>> read = consumeAsGroup(group, suffix);
            for (Map.Entry<TopicPartition, Long> entry : committed.get(group).entrySet()) {
                TopicPartition original = entry.getKey();
                List<BackupRecord> pending = source.of(original).stream()
                        .filter(r -> r.offset() >= entry.getValue()).toList();
                List<BackupRecord> got = read.getOrDefault(new TopicPartition(original.topic() + suffix,
                        original.partition()), List.of());
                readAfter += got.size();
                partitionsChecked++;
                reread += Math.max(0, got.size() - pending.size());
                skipped += Math.max(0, pending.size() - got.size());
                assertThat(got).as("what %s read of %s%s after the restore, committed %d", group, original,
                        suffix, entry.getValue()).hasSize(pending.size());
                for (int i = 0; i < pending.size(); i++) {
                    RestoreAssertions.assertSameContent(pending.get(i), got.get(i), false);
                }
            }
        }
        LOG.info("Groups restored via {}: 2 groups, {} partitions, {} records read after the restore, {} read again,"
                + " {} skipped", prefix.equals("exact") ? "__consumer_offsets" : "Admin snapshots", partitionsChecked,
                readAfter, reread, skipped);
    }

    private static void commitAtRecordIndex(String group, String topic, int partition, int index) throws Exception {
        List<BackupRecord> records = source.of(topic, partition);
        setOffset(group, new TopicPartition(topic, partition), records.get(index).offset());
    }

    private static void commitAtEnd(String group, String topic, int partition) throws Exception {
        List<BackupRecord> records = source.of(topic, partition);
        setOffset(group, new TopicPartition(topic, partition), records.get(records.size() - 1).offset() + 1);
    }

    /** An offset without a record: compacted away, a transaction marker, or an aborted record. */
    private static void commitInHole(String group, String topic, int partition) throws Exception {
        List<BackupRecord> records = source.of(topic, partition);
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).offset() > records.get(i - 1).offset() + 1) {
                setOffset(group, new TopicPartition(topic, partition), records.get(i - 1).offset() + 1);
                return;
            }
        }
        throw new AssertionError(topic + "-" + partition + " has no hole");
    }

    private static void setOffset(String group, TopicPartition tp, long offset) throws Exception {
        try (Admin admin = connect.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
        }
    }

    /** The groups' committed offsets now, by group. */
    private static Map<String, Map<TopicPartition, Long>> committedOffsets(List<String> groups) throws Exception {
        Map<String, Map<TopicPartition, Long>> offsets = new TreeMap<>();
        try (Admin admin = connect.admin()) {
            for (String group : groups) {
                Map<TopicPartition, Long> ofGroup = new TreeMap<>(TopicContents.BY_TOPIC_PARTITION);
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, committed) -> ofGroup.put(tp, committed.offset()));
                offsets.put(group, ofGroup);
            }
        }
        return offsets;
    }

    /** Waits until the backup location holds the groups' latest offsets, and none of the excluded or deleted. */
    private static void awaitBackedUp(String prefix, Map<String, Map<TopicPartition, Long>> expected)
            throws Exception {
        S3Settings settings = S3Settings.of(BUCKET, s3.region()).withEndpoint(s3.endpoint(), true)
                .withStaticCredentials(s3.accessKey(), s3.secretKey());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (S3Storage storage = new S3Storage(settings)) {
            GroupOffsetsBackup backup = new GroupOffsetsBackup(storage, new BackupLayout(prefix));
            while (true) {
                Map<String, Map<TopicPartition, Long>> found = new TreeMap<>();
                for (CommittedOffset offset : backup.committedOffsets(GroupFilter.of(".*"), Long.MAX_VALUE)
                        .offsets()) {
                    found.computeIfAbsent(offset.group(), g -> new TreeMap<>(TopicContents.BY_TOPIC_PARTITION))
                            .put(new TopicPartition(offset.topic(), offset.partition()), offset.offset());
                }
                List<String> groups = new ArrayList<>(found.keySet());
                if (found.equals(expected)) {
                    return;
                }
                assertThat(System.nanoTime()).as("offsets backed up under '%s': %s of groups %s, expected %s",
                        prefix, found, groups, expected).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    /** Waits until the restore connector has said what it did with every group: all set at once, in its own time. */
    private static void awaitGroupsApplied(LogCapture logs) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (logs.containing("partition offsets set on the target cluster").isEmpty()) {
            assertThat(System.nanoTime()).as("the restore connector setting the groups").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Reads the restored topics to their end as the group, from where the group stands. */
    private static Map<TopicPartition, List<BackupRecord>> consumeAsGroup(String group, String suffix) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A partition without a translated offset would start here: at the end, so that it reads nothing.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Map<TopicPartition, List<BackupRecord>> read = new TreeMap<>(TopicContents.BY_TOPIC_PARTITION);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(PLAIN, TRANSACTIONAL, compacted.topic())) {
                source.partitionsOf(topic).forEach(tp -> partitions.add(new TopicPartition(topic + suffix,
                        tp.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            tp -> new ArrayList<>()).add(TopicContents.toBackupRecord(record));
                }
                assertThat(System.nanoTime()).as("reading the restored topics as %s", group).isLessThan(deadline);
            }
        }
        return read;
    }
}
