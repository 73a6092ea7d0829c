package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.compact.InstanceState;
import ch.tbd.kafka.backuprestore.compact.PublishedState;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted topic through which the two instances of a compacted backup pair see each other's state: one record
 * per instance and partition ({@link PublishedState}), which only that instance writes. Created when missing; read
 * whole when opened, then followed.
 */
public final class PairStatesTopic implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final RetryPolicy METADATA_RETRIES = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(TIMEOUT_SECONDS));

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, PublishedState> states = new HashMap<>();

    private PairStatesTopic(String topic, KafkaProducer<String, byte[]> producer,
            KafkaConsumer<String, byte[]> consumer) {
        this.topic = topic;
        this.producer = producer;
        this.consumer = consumer;
    }

    /**
     * Creates the topic when missing (compacted, one partition, the broker's replication factor), refuses one that is
     * not compacted, and reads it to its end.
     *
     * @param clientConfig how to reach the cluster
     * @throws IllegalStateException naming the topic and what to do
     */
    public static PairStatesTopic open(Map<String, Object> clientConfig, String topic, String clientId)
            throws InterruptedException {
        ensure(clientConfig, topic, clientId);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-states-producer");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-states-consumer");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer());
        PairStatesTopic states = new PairStatesTopic(topic, producer, consumer);
        try {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            states.readToEnd();
            return states;
        } catch (RuntimeException e) {
            states.close();
            throw e;
        }
    }

    /** The topic's partitions, waiting for a topic just created to reach the consumer's metadata. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_SECONDS));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The coordination topic '" + topic + "' has no partitions in the"
                        + " cluster's metadata after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void ensure(Map<String, Object> clientConfig, String topic, String clientId)
            throws InterruptedException {
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.put("client.id", clientId + "-states-admin");
        try (Admin admin = Admin.create(adminConfig)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create the coordination topic '" + topic + "': "
                            + e.getCause().getMessage() + ". Create it yourself (cleanup.policy=compact, one"
                            + " partition) or allow the connector to create topics", e.getCause());
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            // A topic just created may not be known to every broker yet: that passes, and is retried.
            Config config = AdminCalls.call(METADATA_RETRIES, "describe the coordination topic '" + topic + "'",
                    () -> admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(resource));
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains("delete")) {
                throw new IllegalStateException("The coordination topic '" + topic + "' has cleanup.policy=" + policy
                        + ": it must be compact alone, or the states of the pair's instances expire. Set"
                        + " cleanup.policy=compact on it, or name another topic");
            }
        } catch (TimeoutException | AdminCalls.KafkaCallException e) {
            throw new IllegalStateException("Cannot check the coordination topic '" + topic + "': " + e.getMessage(),
                    e);
        }
    }

    /** Publishes an instance's state and waits until the cluster has it. */
    public void publish(String backedUpTopic, int partition, InstanceState state) throws InterruptedException {
        PublishedState published = PublishedState.of(backedUpTopic, partition, state);
        try {
            producer.send(new ProducerRecord<>(topic, published.key(), published.toJson()))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish " + state.describe() + " for " + backedUpTopic + "-"
                    + partition + " to the coordination topic '" + topic + "': " + e.getMessage(), e);
        }
        states.put(published.key(), published);
    }

    /** Reads what was published since the last read, waiting at most {@code wait} for it. */
    public void refresh(Duration wait) {
        apply(consumer.poll(wait));
    }

    /** The latest state each instance published for the partition, this one's included. */
    public List<InstanceState> states(String backedUpTopic, int partition) {
        return states.values().stream()
                .filter(s -> s.topic().equals(backedUpTopic) && s.partition() == partition)
                .map(PublishedState::state)
                .toList();
    }

    private void readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(),
                Duration.ofSeconds(TIMEOUT_SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read the coordination topic '" + topic + "' to its end"
                        + " within " + TIMEOUT_SECONDS + " s");
            }
            apply(consumer.poll(POLL));
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                states.remove(record.key());
                continue;
            }
            PublishedState state = PublishedState.fromJson(record.value(), topic + "-" + record.partition() + "@"
                    + record.offset());
            states.put(state.key(), state);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
