package ch.tbd.kafka.backuprestore.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates a topic and writes a data set into it from this JVM. Loading is not measured, so the producer is tuned for
 * speed (large batches, leader acknowledgement only), not for resemblance to anything.
 */
final class DataSetLoader {

    private static final long BUFFER_BYTES = 128L * 1024 * 1024;

    private final String bootstrapServers;

    DataSetLoader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Creates the topic and waits until the broker serves every partition: the controller names a leader at once, but
     * a broker creating a thousand partitions takes seconds to host them, and sends meanwhile fail and back off.
     */
    private static final int PARTITIONS_PER_REQUEST = 4_000;

    void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // A KRaft controller refuses a request that makes more than 10,000 metadata records at once: a topic of
            // more partitions than that is created smaller and grown in steps.
            int created = Math.min(partitions, PARTITIONS_PER_REQUEST);
            admin.createTopics(List.of(new NewTopic(topic, created, (short) 1))).all().get();
            while (created < partitions) {
                created = Math.min(partitions, created + PARTITIONS_PER_REQUEST);
                admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(created)))
                        .all().get();
            }
            Map<TopicPartition, OffsetSpec> all = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                all.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            Await.until(() -> {
                try {
                    admin.listOffsets(all).all().get();
                    return true;
                } catch (ExecutionException notYet) {
                    return false;
                }
            }, Duration.ofMillis(200), Duration.ofSeconds(120), () -> "the broker does not serve every partition of"
                    + " topic " + topic);
        }
    }

    /**
     * Large batches, but small enough that one open batch per partition fits the producer's buffer many times over:
     * with 1,000 partitions, 512 KiB batches would exhaust it and make every send wait.
     */
    private static int batchSize(int partitions) {
        return (int) Math.max(16 * 1024, Math.min(512 * 1024, BUFFER_BYTES / partitions / 4));
    }

    void load(String topic, DataSet data) throws InterruptedException, ExecutionException {
        createTopic(topic, data.partitions());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.BATCH_SIZE_CONFIG, batchSize(data.partitions()),
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // A block of records per partition in turn, each about a batch: sent in index order, records would
            // spread over every partition, and with many partitions each request would carry tiny batches.
            int batchSize = batchSize(data.partitions());
            long block = Math.max(1, batchSize / data.recordBytes());
            long perRound = block * data.partitions();
            for (long round = 0; round < data.records() && failure.get() == null; round += perRound) {
                for (int partition = 0; partition < data.partitions(); partition++) {
                    for (long k = 0; k < block; k++) {
                        long i = round + k * data.partitions() + partition;
                        if (i < data.records()) {
                            producer.send(record(topic, data, i), (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                        }
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading topic " + topic + " failed", failure.get());
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, DataSet data, long i) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DataSet.CONTENT_TYPE_HEADER, DataSet.CONTENT_TYPE);
        headers.add(DataSet.TRACE_HEADER, DataSet.traceId(i));
        return new ProducerRecord<>(topic, data.partition(i), data.timestamp(i), DataSet.key(i),
                JsonLikeValues.value(i, data.valueBytes()), headers);
    }
}
