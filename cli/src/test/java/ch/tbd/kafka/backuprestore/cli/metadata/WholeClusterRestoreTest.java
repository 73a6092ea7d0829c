package ch.tbd.kafka.backuprestore.cli.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-cluster restore with the commands, on a real broker with the standard authorizer: topics with their own
 * configs and ACLs (literal, prefixed, on groups) are backed up, a config is changed between two backups, everything
 * is deleted, and the restore brings back the topics as they were (configs, partitions, ACLs) under their names and
 * under new ones; {@code topics diff} says so.
 */
class WholeClusterRestoreTest {

    private static final Map<String, Map<String, String>> TOPICS = Map.of(
            "compacted", Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "1000",
                    // equal to the broker's default, and captured all the same: it was set on the topic
                    "segment.bytes", "1073741824"),
            "longkeep", Map.of("retention.ms", "31536000000"),
            "large", Map.of("max.message.bytes", "5242880"),
            "stamped", Map.of("message.timestamp.type", "LogAppendTime"));
    private static final List<AclBinding> ACLS = List.of(
            acl(ResourceType.TOPIC, "compacted", PatternType.LITERAL, "User:app", AclOperation.READ),
            acl(ResourceType.TOPIC, "long", PatternType.PREFIXED, "User:app", AclOperation.WRITE),
            acl(ResourceType.TOPIC, "large", PatternType.LITERAL, "User:ops", AclOperation.DESCRIBE),
            acl(ResourceType.GROUP, "billing", PatternType.LITERAL, "User:app", AclOperation.READ),
            acl(ResourceType.GROUP, "bill", PatternType.PREFIXED, "User:app", AclOperation.DESCRIBE));

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS"));
        admin = kafka.admin();
    }

    @AfterAll
    static void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void shouldRestoreTopicsWithTheirConfigsAndAclsUnderTheirNamesAndNewOnes() throws Exception {
        for (Map.Entry<String, Map<String, String>> topic : TOPICS.entrySet()) {
            admin.createTopics(List.of(new NewTopic(topic.getKey(), 2, (short) 1).configs(topic.getValue())))
                    .all().get(30, TimeUnit.SECONDS);
            produce(topic.getKey());
        }
        admin.createAcls(ACLS).all().get(30, TimeUnit.SECONDS);
        commitGroupOffset("billing", "compacted");
        Path backup = work.resolve("backup");
        String topics = String.join(",", new java.util.TreeSet<>(TOPICS.keySet()));

        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", topics, "--to",
                backup.toString(), "--snapshot", "--progress", "none").exitCode()).isEqualTo(ExitCodes.OK);
        alterRetention("longkeep", "63072000000");
        produce("longkeep");
        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", topics, "--to",
                backup.toString(), "--snapshot", "--progress", "none").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics",
                "__consumer_offsets", "--to", backup.toString(), "--snapshot", "--progress", "none").exitCode())
                .isEqualTo(ExitCodes.OK);

        Map<String, Map<String, String>> configs = ownConfigs(TOPICS.keySet());
        Set<AclBinding> acls = allAcls();
        Map<String, TopicContents> contents = new HashMap<>();
        for (String topic : TOPICS.keySet()) {
            contents.put(topic, TopicContents.read(kafka.bootstrapServers(), topic));
        }
        assertThat(configs.get("longkeep")).containsEntry("retention.ms", "63072000000");

        Cli.Result described = Cli.run("describe", "longkeep", "--from", backup.toString());
        assertThat(described.out()).contains("Definition (captured", "2 versions since", "Partitions:         2",
                "retention.ms=63072000000", "ALLOW User:app WRITE on TOPIC long (PREFIXED) from *");
        Cli.Result same = Cli.run("topics", "diff", "--from", backup.toString(), "--bootstrap-server",
                kafka.bootstrapServers());
        assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
        assertThat(same.out()).contains("0 of 4 topic(s) differ");

        admin.deleteTopics(TOPICS.keySet()).all().get(30, TimeUnit.SECONDS);
        admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(30, TimeUnit.SECONDS);
        awaitGone(TOPICS.keySet());
        Cli.Result missing = Cli.run("topics", "diff", "--from", backup.toString(), "--bootstrap-server",
                kafka.bootstrapServers());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(missing.out()).contains("Topic compacted: MISSING on the cluster", "4 of 4 topic(s) differ");

        Cli.Result dryRun = Cli.run("restore", "--from", backup.toString(), "--topics", topics, "--dry-run");
        assertThat(dryRun.out()).contains("Target topics, created when missing with:",
                "not set: message.timestamp.type=LogAppendTime (the target would stamp every restored record",
                "compacted: 2 partition(s), replication factor 1, configs {cleanup.policy=compact,"
                        + " min.compaction.lag.ms=1000, segment.bytes=1073741824}");
        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", topics, "--acls",
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none");
        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isEqualTo(ExitCodes.OK);
        Cli.Result plan = Cli.run("acls", "plan", "--from", backup.toString(), "--topics", "compacted",
                "--groups", "billing");
        assertThat(plan.out()).contains("ALLOW User:app READ on GROUP billing (LITERAL) from *   <- group billing",
                "ALLOW User:app DESCRIBE on GROUP bill (PREFIXED) from *");
        Cli.Result applied = Cli.run("acls", "apply", "--from", backup.toString(), "--topics", "compacted",
                "--groups", "billing", "--bootstrap-server", kafka.bootstrapServers());
        assertThat(applied.exitCode()).as(applied.out()).isEqualTo(ExitCodes.OK);

        Map<String, Map<String, String>> expected = new TreeMap<>(configs);
        // Documented as never copied: the restored records keep their own timestamps, set it after the restore.
        expected.put("stamped", Map.of());
        assertThat(ownConfigs(TOPICS.keySet())).isEqualTo(expected);
        assertThat(allAcls()).isEqualTo(acls);
        for (String topic : TOPICS.keySet()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions()).hasSize(2);
            TopicContents back = TopicContents.read(kafka.bootstrapServers(), topic);
            assertThat(back.recordCount()).isEqualTo(contents.get(topic).recordCount());
            if (topic.equals("stamped")) { // the original's append times, kept as CreateTime
                assertThat(timestamps(back)).isEqualTo(timestamps(contents.get(topic)));
            } else {
                assertThat(contents.get(topic).difference(back)).as(topic).isEmpty();
            }
        }
        assertThat(Cli.run("topics", "diff", "--from", backup.toString(), "--bootstrap-server",
                kafka.bootstrapServers()).exitCode()).isEqualTo(ExitCodes.OK);

        Cli.Result renamed = Cli.run("restore", "--from", backup.toString(), "--topics",
                "compacted:compacted-copy,longkeep:longkeep-copy", "--acls", "--config-exclude",
                "min.compaction.lag.ms", "--config-override", "retention.ms=-1", "--bootstrap-server",
                kafka.bootstrapServers(), "--progress", "none");
        assertThat(renamed.exitCode()).as(renamed.out() + renamed.err()).isEqualTo(ExitCodes.OK);
        Map<String, Map<String, String>> copies = ownConfigs(Set.of("compacted-copy", "longkeep-copy"));
        assertThat(copies.get("compacted-copy")).isEqualTo(Map.of("cleanup.policy", "compact",
                "segment.bytes", "1073741824", "retention.ms", "-1"));
        assertThat(copies.get("longkeep-copy")).isEqualTo(Map.of("retention.ms", "-1"));
        Set<AclBinding> withCopies = new HashSet<>(acls);
        withCopies.add(acl(ResourceType.TOPIC, "compacted-copy", PatternType.LITERAL, "User:app", AclOperation.READ));
        // The prefix 'long' covers 'longkeep-copy' too: the binding is the same, and no literal one is added.
        assertThat(allAcls()).isEqualTo(withCopies);
        Cli.Result renamedDiff = Cli.run("topics", "diff", "--from", backup.toString(), "--topics",
                "compacted:compacted-copy", "--bootstrap-server", kafka.bootstrapServers());
        assertThat(renamedDiff.out()).contains("Topic compacted (as compacted-copy): DIFFERS",
                "config min.compaction.lag.ms: 1000 in the backup, 0 live",
                "config retention.ms: not set in the backup, -1 live");
    }

    private static List<Long> timestamps(TopicContents contents) {
        return contents.partitions().values().stream().flatMap(List::stream)
                .map(TopicContents.StoredRecord::timestamp).toList();
    }

    private static void produce(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("value " + i + " of " + topic).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static void commitGroupOffset(String group, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(5)));
        }
    }

    private static void alterRetention(String topic, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new org.apache.kafka.clients.admin.AlterConfigOp(new ConfigEntry("retention.ms", value),
                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, Map<String, String>> ownConfigs(Set<String> topics) throws Exception {
        Map<String, Map<String, String>> own = new TreeMap<>();
        Map<ConfigResource, Config> described = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all()
                .get(30, TimeUnit.SECONDS);
        described.forEach((resource, config) -> {
            Map<String, String> set = new TreeMap<>();
            config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .forEach(e -> set.put(e.name(), e.value()));
            own.put(resource.name(), set);
        });
        return own;
    }

    private static Set<AclBinding> allAcls() throws Exception {
        return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
    }

    private static void awaitGone(Set<String> topics) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Set<String> left = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            left.retainAll(topics);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("topics " + topics + " are still there");
    }
}
