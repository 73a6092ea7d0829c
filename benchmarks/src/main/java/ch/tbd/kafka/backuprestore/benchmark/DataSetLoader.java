package ch.tbd.kafka.backuprestore.benchmark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates a topic and writes a data set into it from this JVM. Loading is not measured, so the producer is tuned for
 * speed (large batches, leader acknowledgement only), not for resemblance to anything.
 */
final class DataSetLoader {

    private final String bootstrapServers;

    DataSetLoader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    void load(String topic, DataSet data) throws InterruptedException, ExecutionException {
        createTopic(topic, data.partitions());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < data.records() && failure.get() == null; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(DataSet.CONTENT_TYPE_HEADER, DataSet.CONTENT_TYPE);
                headers.add(DataSet.TRACE_HEADER, DataSet.traceId(i));
                producer.send(new ProducerRecord<>(topic, data.partition(i), data.timestamp(i), DataSet.key(i),
                        JsonLikeValues.value(i, data.valueBytes()), headers), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading topic " + topic + " failed", failure.get());
        }
    }
}
