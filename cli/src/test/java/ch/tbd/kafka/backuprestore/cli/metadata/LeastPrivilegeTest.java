package ch.tbd.kafka.backuprestore.cli.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore by a principal that holds exactly the Kafka ACLs the README's Permissions section lists, on
 * a broker with SASL (PLAIN) listeners and the standard authorizer: every client the command and its connectors create
 * (Connect's consumer and producer, the backup's and the restore's admin clients) authenticates with the settings of
 * --command-config, and needs nothing more than those ACLs; and the command's output holds none of its secrets.
 */
class LeastPrivilegeTest {

    private static final String USER = "User:" + JaasUtils.KAFKA_PLAIN_USER1;
    private static final String TOPIC = "lp-orders";
    private static final String COPY = "lp-copy";

    @TempDir
    static Path work;

    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static Path clientConfig;

    @BeforeAll
    static void startKafka() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(work.resolve("kafka"))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("super.users", "User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:ANONYMOUS")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                jaas(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD)));
        clientConfig = work.resolve("user1.properties");
        Files.writeString(clientConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + jaas(JaasUtils.KAFKA_PLAIN_USER1, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD) + "\n");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(USER, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void shouldBackUpAndRestoreWithTheDocumentedAclsAlone() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        produce();
        List<AclBinding> acls = new ArrayList<>(List.of(
                // Backup: Connect's consumer
                allow(ResourceType.TOPIC, TOPIC, AclOperation.READ),
                allow(ResourceType.TOPIC, TOPIC, AclOperation.DESCRIBE),
                allow(ResourceType.GROUP, "connect-lp-backup", AclOperation.READ),
                // Backup: source.cluster.*
                allow(ResourceType.TOPIC, TOPIC, AclOperation.DESCRIBE_CONFIGS),
                allow(ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE),
                // Restore: Connect's producer
                allow(ResourceType.TOPIC, COPY, AclOperation.WRITE),
                allow(ResourceType.TOPIC, COPY, AclOperation.DESCRIBE),
                // Restore: target.cluster.*
                allow(ResourceType.TOPIC, COPY, AclOperation.CREATE),
                allow(ResourceType.TOPIC, COPY, AclOperation.DESCRIBE_CONFIGS),
                allow(ResourceType.TOPIC, "kafka-backup.offset-map", AclOperation.CREATE),
                allow(ResourceType.TOPIC, "kafka-backup.offset-map", AclOperation.READ),
                allow(ResourceType.TOPIC, "kafka-backup.offset-map", AclOperation.WRITE),
                allow(ResourceType.TOPIC, "kafka-backup.offset-map", AclOperation.DESCRIBE)));
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        Path backup = work.resolve("backup");

        Cli.Result backedUp = Cli.run("backup", "--bootstrap-server", cluster.bootstrapServers(), "--command-config",
                clientConfig.toString(), "--topics", TOPIC, "--to", backup.toString(), "--snapshot", "--name",
                "lp-backup", "--progress", "none");
        assertThat(backedUp.exitCode()).as(backedUp.out() + backedUp.err()).isEqualTo(ExitCodes.OK);
        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", TOPIC + ":" + COPY,
                "--bootstrap-server", cluster.bootstrapServers(), "--command-config", clientConfig.toString(),
                "--progress", "none");
        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isEqualTo(ExitCodes.OK);
        assertThat(backedUp.out() + backedUp.err() + restored.out() + restored.err()).as("the password of the"
                + " --command-config file").doesNotContain(JaasUtils.KAFKA_PLAIN_USER1_PASSWORD);

        String bootstrap = cluster.bootstrapServers();
        Map<String, Object> asAdmin = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD));
        assertThat(TopicContents.read(bootstrap, TOPIC, asAdmin).difference(TopicContents.read(bootstrap, COPY,
                asAdmin))).isEmpty();
        // The authorizer does enforce the ACLs: the principal sees only the topics it was granted.
        admin.createTopics(List.of(new NewTopic("lp-other", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (Admin asUser = Admin.create(Map.of("bootstrap.servers", bootstrap, "security.protocol",
                "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                jaas(JaasUtils.KAFKA_PLAIN_USER1, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD)))) {
            assertThat(asUser.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC, COPY)
                    .doesNotContain("lp-other");
        }
    }

    private static void produce() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", jaas(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }
}
