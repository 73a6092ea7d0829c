package ch.tbd.kafka.backuprestore.cli.quickstart;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sample records that exercise what a backup must keep: string keys and some null keys, JSON values, one tombstone
 * (null value), one empty value, and two headers per record of which one is repeated and one has a null value.
 * Records go round-robin to the partitions with increasing timestamps, so every partition holds every kind.
 */
public final class SampleData {

    /** Every this many records has a null key. */
    private static final int NULL_KEY_EVERY = 17;

    private SampleData() {}

    /** Produces the records and returns the bytes of keys, values and headers sent. */
    public static long produce(String bootstrapServers, String topic, int partitions, int records, long firstTimestamp)
            throws InterruptedException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                byte[] key = i % NULL_KEY_EVERY == 0 ? null : utf8("order-" + (i % 1000));
                byte[] value = value(i, records);
                RecordHeaders headers = new RecordHeaders();
                headers.add("trace-id", utf8("trace-" + i));
                headers.add("trace-id", utf8("retry-" + (i % 3)));
                headers.add("deleted-by", i % 2 == 0 ? null : new byte[0]);
                producer.send(new ProducerRecord<>(topic, i % partitions, firstTimestamp + i, key, value, headers));
                bytes += length(key) + length(value) + "trace-id".length() * 2 + "deleted-by".length()
                        + ("trace-" + i).length() + ("retry-" + (i % 3)).length();
            }
            producer.flush();
            // A send that failed shows up here rather than as a missing record in the comparison.
            producer.send(new ProducerRecord<>(topic, 0, firstTimestamp + records, null, utf8("{}"))).get();
            bytes += 2;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce the sample records to topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        return bytes;
    }

    /** The number of records {@link #produce} writes. */
    public static int count(int records) {
        return records + 1;
    }

    private static byte[] value(int i, int records) {
        if (i == records / 2) {
            return null;
        }
        if (i == records / 3) {
            return new byte[0];
        }
        return utf8("{\"order\":" + i + ",\"customer\":\"c-" + (i % 97) + "\",\"amount\":" + (i * 7 % 1000)
                + ".50,\"currency\":\"CHF\",\"note\":\"gr\u00fcezi \u2713\"}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
