package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the records a backup most easily gets wrong, and remembers each with the offset and timestamp the broker
 * gave it: absent versus empty keys and values, repeated and {@code null} headers in a given order, a 5 MiB value,
 * arbitrary bytes, explicit and broker-assigned timestamps, and transactions that were aborted next to ones that were
 * committed.
 */
public final class EdgeCaseProducer implements AutoCloseable {

    public static final int LARGE_VALUE_BYTES = 5 * 1024 * 1024;

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Random random = new Random(20240601L);
    private final ProducedRecords produced = new ProducedRecords();
    private final Map<String, TimestampType> timestampTypes = new HashMap<>();
    private final AtomicReference<Exception> asyncFailure = new AtomicReference<>();
    private KafkaProducer<byte[], byte[]> transactional;
    private final String transactionalId = "edge-case-producer-" + System.nanoTime();

    public EdgeCaseProducer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> config = baseConfig();
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ConnectCluster.MAX_MESSAGE_BYTES);
        this.producer = new KafkaProducer<>(config);
    }

    /** Records of a topic whose timestamps the broker replaces ({@code message.timestamp.type=LogAppendTime}). */
    public EdgeCaseProducer logAppendTimeTopic(String topic) {
        timestampTypes.put(topic, TimestampType.LOG_APPEND_TIME);
        return this;
    }

    public ProducedRecords produced() {
        return produced;
    }

    /**
     * Every edge case, spread over the partitions: case {@code i} goes to partition {@code i % partitions}. Then an
     * aborted and a committed transaction on every partition.
     */
    public void produceEdgeCases(String topic, int partitions) {
        List<ProducerRecord<byte[], byte[]>> cases = edgeCases(topic);
        for (int i = 0; i < cases.size(); i++) {
            ProducerRecord<byte[], byte[]> edgeCase = cases.get(i);
            send(new ProducerRecord<>(topic, i % partitions, edgeCase.timestamp(), edgeCase.key(), edgeCase.value(),
                    edgeCase.headers()));
        }
        abortedTransaction(topic, partitions, 2);
        committedTransaction(topic, partitions, 2);
    }

    /** A few records with explicit creation timestamps, which a LogAppendTime topic must replace. */
    public void produceWithExplicitTimestamps(String topic, int partitions, int perPartition) {
        for (int partition = 0; partition < partitions; partition++) {
            for (int i = 0; i < perPartition; i++) {
                send(new ProducerRecord<>(topic, partition, 1_000_000_000_000L + i, bytes("ts-key-" + i),
                        bytes("created long ago " + i)));
            }
        }
    }

    /** {@code count} records per partition inside one transaction that is then aborted. */
    public void abortedTransaction(String topic, int partitions, int count) {
        KafkaProducer<byte[], byte[]> tx = transactionalProducer();
        tx.beginTransaction();
        List<Pending> pending = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(topic, partition, bytes("aborted-" + i), bytes("must not be backed up"));
                record.headers().add("tx", bytes("aborted"));
                pending.add(new Pending(record, tx.send(record)));
            }
        }
        // Flushing first makes the records take offsets in the log, so that the abort leaves a real hole.
        tx.flush();
        tx.abortTransaction();
        for (Pending p : pending) {
            produced.addAborted(expected(p.record, await(p.future)));
        }
    }

    /** {@code count} records per partition inside one committed transaction. */
    public void committedTransaction(String topic, int partitions, int count) {
        KafkaProducer<byte[], byte[]> tx = transactionalProducer();
        tx.beginTransaction();
        List<Pending> pending = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(topic, partition, bytes("committed-" + i), bytes("in a transaction"));
                record.headers().add("tx", bytes("committed"));
                pending.add(new Pending(record, tx.send(record)));
            }
        }
        tx.commitTransaction();
        for (Pending p : pending) {
            produced.addCommitted(expected(p.record, await(p.future)));
        }
    }

    /**
     * Adds plain records until every partition produced to holds a multiple of {@code n} committed records, so that a
     * connector rotating on record count alone ({@code flush.size}) writes out everything.
     */
    public void padToMultipleOf(int n) {
        for (TopicPartition tp : produced.partitions()) {
            int count = produced.committed(tp).size();
            for (int i = count; i % n != 0; i++) {
                send(new ProducerRecord<>(tp.topic(), tp.partition(), bytes("padding-" + i), bytes("padding")));
            }
        }
    }

    /** Sends one record, waits for the broker's acknowledgement and remembers it. */
    public BackupRecord send(ProducerRecord<byte[], byte[]> record) {
        BackupRecord expected = expected(record, await(producer.send(record)));
        produced.addCommitted(expected);
        return expected;
    }

    /** Sends without waiting; {@link #flush()} waits for all and fails if any send failed. */
    public void sendAsync(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                asyncFailure.compareAndSet(null, error);
            } else {
                produced.addCommitted(expected(record, metadata));
            }
        });
    }

    public void flush() {
        producer.flush();
        Exception failure = asyncFailure.get();
        if (failure != null) {
            throw new IllegalStateException("produce failed", failure);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> edgeCases(String topic) {
        List<ProducerRecord<byte[], byte[]>> cases = new ArrayList<>();
        cases.add(record(topic, null, bytes("a record without key")));
        cases.add(record(topic, new byte[0], bytes("a record with an empty key")));
        cases.add(record(topic, bytes("tombstone"), null));
        cases.add(record(topic, bytes("empty value"), new byte[0]));
        cases.add(record(topic, null, null));
        cases.add(record(topic, new byte[0], new byte[0]));

        ProducerRecord<byte[], byte[]> duplicates = record(topic, bytes("duplicate headers"), bytes("v"));
        duplicates.headers().add("dup", bytes("first")).add("dup", bytes("second")).add("dup", new byte[0]);
        cases.add(duplicates);

        ProducerRecord<byte[], byte[]> nullHeaders = record(topic, bytes("null headers"), bytes("v"));
        nullHeaders.headers().add("null-valued", null).add("after-null", bytes("x")).add("null-valued", null);
        cases.add(nullHeaders);

        ProducerRecord<byte[], byte[]> ordered = record(topic, bytes("ordered headers"), bytes("v"));
        ordered.headers().add("z", bytes("1")).add("a", bytes("2")).add("m", bytes("3")).add("a", bytes("4"))
                .add("", bytes("a header with an empty key"));
        cases.add(ordered);

        ProducerRecord<byte[], byte[]> many = record(topic, bytes("many headers"), bytes("v"));
        for (int i = 99; i >= 0; i--) {
            many.headers().add("h" + i, bytes(Integer.toString(i)));
        }
        cases.add(many);

        ProducerRecord<byte[], byte[]> unicode =
                record(topic, bytes("Schlüssel-ключ-🔑"), bytes("Grüße, Привет, 你好, 🎉"));
        unicode.headers().add("ünïcødé-ключ", bytes("wert-значение"));
        cases.add(unicode);

        ProducerRecord<byte[], byte[]> binary = record(topic, randomBytes(64), randomBytes(4096));
        binary.headers().add("binary", randomBytes(256));
        cases.add(binary);
        cases.add(record(topic, allByteValues(), allByteValues()));

        cases.add(record(topic, bytes("large value"), randomBytes(LARGE_VALUE_BYTES)));

        // Explicit creation times, out of order so that an object's minimum and maximum are not its ends.
        long now = System.currentTimeMillis();
        cases.add(new ProducerRecord<>(topic, null, now - 86_400_000L, bytes("a day ago"), bytes("v")));
        cases.add(new ProducerRecord<>(topic, null, 1L, bytes("just after the epoch"), bytes("v")));
        cases.add(new ProducerRecord<>(topic, null, 1_234_567_890_123L, bytes("2009"), bytes("v")));
        cases.add(new ProducerRecord<>(topic, null, 0L, bytes("the epoch"), bytes("v")));
        return cases;
    }

    private BackupRecord expected(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata) {
        TimestampType type = timestampTypes.getOrDefault(record.topic(), TimestampType.CREATE_TIME);
        List<BackupHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new BackupHeader(header.key(), header.value()));
        }
        // For CreateTime the metadata echoes the producer's timestamp; for LogAppendTime it is the broker's.
        return new BackupRecord(metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp(), type,
                record.key(), record.value(), List.copyOf(headers));
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        if (transactional == null) {
            Map<String, Object> config = baseConfig();
            // One id per instance: a producer made again after a failure fences the old one and aborts what it left.
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // One batch at a time: a fresh transaction's second in-flight batch may be refused once and retried.
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            transactional = new KafkaProducer<>(config);
            transactional.initTransactions();
        }
        return transactional;
    }

    private Map<String, Object> baseConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // One batch in flight: with several, a batch refused by a partition whose leadership is still settling (just
        // after the topic was created) can leave the idempotent producer retrying an out-of-order sequence forever.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value) {
        return new ProducerRecord<>(topic, null, null, key, value, new ArrayList<Header>());
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordMetadata await(Future<RecordMetadata> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Drops the transactional producer after a transaction failed (a broker restart, say): it may be unusable now,
     * and the next transaction starts a fresh one, which aborts whatever the old one left open.
     */
    public void resetTransactions() {
        if (transactional != null) {
            transactional.close(java.time.Duration.ZERO);
            transactional = null;
        }
    }

    @Override
    public void close() {
        producer.close();
        if (transactional != null) {
            transactional.close();
        }
    }

    private record Pending(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> future) {}
}
