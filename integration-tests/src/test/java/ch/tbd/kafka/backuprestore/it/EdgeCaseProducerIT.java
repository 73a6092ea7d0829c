package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixture's own check, without any connector: what {@link EdgeCaseProducer} remembers is exactly what a
 * read-committed consumer gets from the broker. The backup tests rely on that expectation.
 */
class EdgeCaseProducerIT {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaCluster(1, ConnectCluster.brokerProperties());
        kafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void shouldRememberExactlyWhatAReadCommittedConsumerSees() throws Exception {
        EdgeCaseScenario scenario = new EdgeCaseScenario("fixture-topic");
        try (Admin admin = kafka.createAdminClient()) {
            scenario.createTopics(admin);
        }
        ProducedRecords produced = scenario.produce(kafka.bootstrapServers(), 3);

        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ConnectCluster.MAX_MESSAGE_BYTES);
        List<BackupRecord> consumed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(30_000, consumerProps, null,
                scenario.topic(), scenario.appendTimeTopic())) {
            consumed.add(toBackupRecord(record));
        }

        assertThat(consumed).hasSize(produced.committedCount());
        for (BackupRecord record : consumed) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            BackupAssertions.assertSameRecord(produced.committed(partition).get(record.offset()), record);
        }
        assertThat(produced.abortedCount()).isEqualTo(
                2 * EdgeCaseScenario.PARTITIONS + EdgeCaseScenario.APPEND_TIME_PARTITIONS + EdgeCaseScenario.PARTITIONS);
        assertThat(produced.allCommitted())
                .filteredOn(r -> r.topic().equals(scenario.appendTimeTopic()))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME))
                .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThan(1_000_000_000_000L + 1_000));
        for (TopicPartition partition : produced.partitions()) {
            assertThat(produced.committed(partition).size() % 3).as("records in %s", partition).isZero();
        }
    }

    private static BackupRecord toBackupRecord(ConsumerRecord<byte[], byte[]> record) {
        List<BackupHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new BackupHeader(header.key(), header.value()));
        }
        TimestampType type = switch (record.timestampType()) {
            case CREATE_TIME -> TimestampType.CREATE_TIME;
            case LOG_APPEND_TIME -> TimestampType.LOG_APPEND_TIME;
            case NO_TIMESTAMP_TYPE -> TimestampType.NO_TIMESTAMP_TYPE;
        };
        return new BackupRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), type,
                record.key(), record.value(), headers);
    }
}
