package ch.tbd.kafka.backuprestore.cli.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.quickstart.TopicContents;
import ch.tbd.kafka.backuprestore.storage.s3.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore by a principal that holds exactly the Kafka ACLs the README's Permissions section lists, on
 * a broker whose only client listener is SASL_SSL, with SCRAM-SHA-512 for that principal, and the standard authorizer:
 * every client the command and its connectors create (Connect's consumer and producer, the backup's and the restore's
 * admin clients) connects over TLS and authenticates with the settings of --command-config, and needs nothing more
 * than those ACLs; and the command's output holds none of its secrets.
 */
class LeastPrivilegeTest {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret-7c1d";
    private static final String USER_NAME = "backup-operator";
    private static final String USER_PASSWORD = "scram-secret-4b9e";
    private static final String USER = "User:" + USER_NAME;
    private static final String TOPIC = "lp-orders";
    private static final String COPY = "lp-copy";

    @TempDir
    static Path work;

    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static Path clientConfig;
    private static Map<String, Object> asAdmin;

    @BeforeAll
    static void startKafka() throws Exception {
        Path brokerKeys = TestCertificates.keyPair(work, "broker", "dns:localhost,ip:127.0.0.1");
        Path trustStore = TestCertificates.trustStore(work, "clients-truststore.p12", "PKCS12",
                TestCertificates.exportCertificate(brokerKeys, "broker"));
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(work.resolve("kafka")).build();
        String external = "listener.name." + nodes.brokerListenerName().value().toLowerCase(Locale.ROOT) + ".";
        cluster = new KafkaClusterTestKit.Builder(nodes)
                // The test kit's client listener, made SASL_SSL: PLAIN for the admin that sets up the test, SCRAM
                // for the principal under test.
                .setConfigProp("listener.security.protocol.map", nodes.brokerListenerName().value() + ":SASL_SSL,"
                        + nodes.controllerListenerName().value() + ":PLAINTEXT")
                .setConfigProp(external + "ssl.keystore.location", brokerKeys.toString())
                .setConfigProp(external + "ssl.keystore.password", TestCertificates.PASSWORD)
                .setConfigProp(external + "ssl.keystore.type", "PKCS12")
                .setConfigProp(external + "ssl.key.password", TestCertificates.PASSWORD)
                // The broker checks at start that a client trusting this store can connect to it.
                .setConfigProp(external + "ssl.truststore.location", trustStore.toString())
                .setConfigProp(external + "ssl.truststore.password", TestCertificates.PASSWORD)
                .setConfigProp(external + "ssl.truststore.type", "PKCS12")
                .setConfigProp(external + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(external + "plain.sasl.jaas.config", plain(ADMIN, ADMIN_PASSWORD).replace(";",
                        " user_" + ADMIN + "=\"" + ADMIN_PASSWORD + "\";"))
                .setConfigProp(external + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
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
        Map<String, Object> tls = Map.of("security.protocol", "SASL_SSL", "ssl.truststore.location",
                trustStore.toString(), "ssl.truststore.password", TestCertificates.PASSWORD, "ssl.truststore.type",
                "PKCS12");
        asAdmin = new HashMap<>(tls);
        asAdmin.putAll(Map.of("sasl.mechanism", "PLAIN", "sasl.jaas.config", plain(ADMIN, ADMIN_PASSWORD)));
        Map<String, Object> adminConfig = new HashMap<>(asAdmin);
        adminConfig.put("bootstrap.servers", cluster.bootstrapServers());
        admin = Admin.create(adminConfig);
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER_NAME,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), USER_PASSWORD)))
                .all().get(30, TimeUnit.SECONDS);
        awaitScramCredentialOnBroker();
        clientConfig = work.resolve("backup-operator.properties");
        Files.writeString(clientConfig, "security.protocol=SASL_SSL\n"
                + "ssl.truststore.location=" + trustStore + "\n"
                + "ssl.truststore.password=" + TestCertificates.PASSWORD + "\n"
                + "ssl.truststore.type=PKCS12\n"
                + "sasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=" + scram(USER_NAME, USER_PASSWORD) + "\n");
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

    private static String plain(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String scram(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The broker learns of a new credential from the metadata log, a moment after the controller took it. */
    private static void awaitScramCredentialOnBroker() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin asUser = Admin.create(asUser(cluster.bootstrapServers()))) {
                asUser.listTopics().names().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The principal under test's client settings, as in its --command-config file. */
    private static Map<String, Object> asUser(String bootstrap) {
        Map<String, Object> config = new HashMap<>(asAdmin);
        config.putAll(Map.of("bootstrap.servers", bootstrap, "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                scram(USER_NAME, USER_PASSWORD)));
        return config;
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
        assertThat(backedUp.out() + backedUp.err() + restored.out() + restored.err()).as("the passwords of the"
                + " --command-config file").doesNotContain(USER_PASSWORD).doesNotContain(TestCertificates.PASSWORD);

        String bootstrap = cluster.bootstrapServers();
        assertThat(TopicContents.read(bootstrap, TOPIC, asAdmin).difference(TopicContents.read(bootstrap, COPY,
                asAdmin))).isEmpty();
        // The authorizer does enforce the ACLs: the principal sees only the topics it was granted.
        admin.createTopics(List.of(new NewTopic("lp-other", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (Admin asUser = Admin.create(asUser(bootstrap))) {
            assertThat(asUser.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC, COPY)
                    .doesNotContain("lp-other");
        }
        // And the listener does require SCRAM's proof: the same principal with another password is refused.
        Map<String, Object> wrongPassword = asUser(bootstrap);
        wrongPassword.put("sasl.jaas.config", scram(USER_NAME, "not-" + USER_PASSWORD));
        try (Admin refused = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> refused.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static void produce() throws Exception {
        Properties props = new Properties();
        props.putAll(asAdmin);
        props.put("bootstrap.servers", cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }
}
