package ch.tbd.kafka.backuprestore.it;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The round trip that the S3 and the local-directory tests share: two topics, one with creation times over several
 * partitions, one whose broker assigns the times, and every edge case of {@link EdgeCaseProducer} in them.
 */
public final class EdgeCaseScenario {

    public static final int PARTITIONS = 3;
    public static final int APPEND_TIME_PARTITIONS = 2;

    private final String topic;
    private final String appendTimeTopic;

    public EdgeCaseScenario(String topic) {
        this(topic, topic + "-append-time");
    }

    /** With a chosen name for the LogAppendTime topic, such as the original README's {@code test-topic1}. */
    public EdgeCaseScenario(String topic, String appendTimeTopic) {
        this.topic = topic;
        this.appendTimeTopic = appendTimeTopic;
    }

    public String topic() {
        return topic;
    }

    public String appendTimeTopic() {
        return appendTimeTopic;
    }

    /** For the connector's {@code topics}. */
    public String topics() {
        return topic + "," + appendTimeTopic;
    }

    public void createTopics(Admin admin) {
        String maxMessageBytes = Integer.toString(ConnectCluster.MAX_MESSAGE_BYTES);
        // Kept forever on purpose, whatever the broker's default: the edge cases include timestamps from 1970.
        ConnectCluster.createTopic(admin, topic, PARTITIONS, Map.of("max.message.bytes", maxMessageBytes,
                "retention.ms", "-1"));
        ConnectCluster.createTopic(admin, appendTimeTopic, APPEND_TIME_PARTITIONS,
                Map.of("message.timestamp.type", "LogAppendTime", "max.message.bytes", maxMessageBytes));
    }

    /**
     * Produces every edge case, aborted and committed transactions, then pads each partition to a multiple of
     * {@code flushSize} committed records and ends one partition with an aborted transaction.
     */
    public ProducedRecords produce(String bootstrapServers, int flushSize) {
        try (EdgeCaseProducer producer = new EdgeCaseProducer(bootstrapServers)) {
            producer.logAppendTimeTopic(appendTimeTopic);
            producer.produceEdgeCases(topic, PARTITIONS);
            producer.produceWithExplicitTimestamps(appendTimeTopic, APPEND_TIME_PARTITIONS, 2);
            producer.abortedTransaction(appendTimeTopic, APPEND_TIME_PARTITIONS, 1);
            producer.padToMultipleOf(flushSize);
            // The log of every partition of the first topic now ends with records that must not be backed up.
            producer.abortedTransaction(topic, PARTITIONS, 1);
            return producer.produced();
        }
    }
}
