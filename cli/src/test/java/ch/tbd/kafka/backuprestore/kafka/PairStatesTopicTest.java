package ch.tbd.kafka.backuprestore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.compact.InitialStatus;
import ch.tbd.kafka.backuprestore.compact.InstanceState;
import ch.tbd.kafka.backuprestore.compact.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordination topic of a compacted backup pair on a real broker (the command's embedded one): created, shared,
 * read again, and refused.
 */
class PairStatesTopicTest {

    private static final String LOCATION = "s3://bucket";

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, Object> client() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    private static void createTopic(String topic, String cleanupPolicy) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy",
                    cleanupPolicy)))).all().get();
        }
    }

    private static InstanceState state(String name, InitialStatus declared, Role role, long generation) {
        return new InstanceState(name, declared, LOCATION, role, generation, 1_000);
    }

    @Test
    void shouldCreateACompactedTopicAndShowEachInstanceTheOthersLatestState() throws Exception {
        String topic = "pair-states";
        try (PairStatesTopic activate = PairStatesTopic.open(client(), topic, "activate");
                PairStatesTopic passivate = PairStatesTopic.open(client(), topic, "passivate")) {
            activate.publish("prices", 0, state("backup-activate", InitialStatus.ACTIVATE, Role.BUILDING, 1));
            activate.publish("prices", 0, state("backup-activate", InitialStatus.ACTIVATE, Role.COMPLETE, 1));
            passivate.publish("prices", 0, state("backup-passivate", InitialStatus.PASSIVATE, Role.PASSIVE, 0));
            passivate.publish("prices", 1, state("backup-passivate", InitialStatus.PASSIVATE, Role.PASSIVE, 0));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (passivate.states("prices", 0).size() < 2 && System.nanoTime() < deadline) {
                passivate.refresh(Duration.ofMillis(200));
            }

            assertThat(passivate.states("prices", 0)).containsExactlyInAnyOrder(
                    state("backup-activate", InitialStatus.ACTIVATE, Role.COMPLETE, 1),
                    state("backup-passivate", InitialStatus.PASSIVATE, Role.PASSIVE, 0));
        }
        try (PairStatesTopic restarted = PairStatesTopic.open(client(), topic, "restarted")) {
            assertThat(restarted.states("prices", 0)).as("read whole when opened").hasSize(2)
                    .contains(state("backup-activate", InitialStatus.ACTIVATE, Role.COMPLETE, 1));
            assertThat(restarted.states("prices", 1)).hasSize(1);
            assertThat(restarted.states("orders", 0)).isEmpty();
        }
        try (Admin admin = kafka.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseATopicThatIsNotCompacted() throws Exception {
        createTopic("deleting-states", "delete");

        assertThatThrownBy(() -> PairStatesTopic.open(client(), "deleting-states", "refused"))
                .hasMessageContaining("'deleting-states'").hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("compact");
    }

    @Test
    void shouldNameTheRecordThatIsNotAState() throws Exception {
        createTopic("foreign-states", "compact");
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("foreign-states", "k", "hello"));
        }

        assertThatThrownBy(() -> PairStatesTopic.open(client(), "foreign-states", "reader"))
                .hasMessageContaining("foreign-states-0@0").hasMessageContaining("not a compacted backup's");
    }
}
