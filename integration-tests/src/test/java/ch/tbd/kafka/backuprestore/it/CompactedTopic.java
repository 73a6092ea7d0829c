package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A compacted topic whose log has holes, as real ones do: many updates of a few keys that the log cleaner has removed,
 * transaction markers, an aborted transaction, and a tombstone. Its records' offsets are far from dense, which a
 * restore must not mistake for missing data.
 */
public final class CompactedTopic {

    /** The cleaner looks for work every 100 ms instead of every 15 s. Pass to the broker. */
    public static final Map<String, String> BROKER_PROPS = Map.of("log.cleaner.backoff.ms", "100");

    private static final int VALUE_BYTES = 8 * 1024;
    private static final int KEYS = 10;
    private static final Duration COMPACTION_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final int partitions;
    private final int updatesPerPartition;

    public CompactedTopic(String topic, int partitions, int updatesPerPartition) {
        this.topic = topic;
        this.partitions = partitions;
        this.updatesPerPartition = updatesPerPartition;
    }

    public String topic() {
        return topic;
    }

    /** Small segments (1 MiB, the smallest allowed) so that a few MiB of updates roll several, and eager cleaning. */
    public void create(Admin admin) {
        ConnectCluster.createTopic(admin, topic, partitions, Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", Integer.toString(1024 * 1024),
                "min.cleanable.dirty.ratio", "0.01",
                "max.message.bytes", Integer.toString(ConnectCluster.MAX_MESSAGE_BYTES)));
    }

    /**
     * Produces the updates, with a committed and an aborted transaction half-way, a tombstone at the end, then waits
     * until the cleaner has compacted every partition.
     *
     * @return the topic as a read_committed consumer sees it once compacted
     */
    public TopicContents produceAndCompact(String bootstrapServers) throws InterruptedException {
        Random random = new Random(42);
        try (EdgeCaseProducer producer = new EdgeCaseProducer(bootstrapServers)) {
            for (int i = 0; i < updatesPerPartition; i++) {
                if (i == updatesPerPartition / 2) {
                    producer.flush();
                    producer.committedTransaction(topic, partitions, 2);
                    producer.abortedTransaction(topic, partitions, 2);
                }
                for (int partition = 0; partition < partitions; partition++) {
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    ProducerRecord<byte[], byte[]> update = new ProducerRecord<>(topic, partition,
                            EdgeCaseProducer.bytes("key-" + (i % KEYS)), value);
                    update.headers().add("update", EdgeCaseProducer.bytes(Integer.toString(i)));
                    producer.sendAsync(update);
                }
            }
            producer.flush();
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, EdgeCaseProducer.bytes("key-3"), null));
            }
        }
        return awaitCompacted(bootstrapServers);
    }

    private TopicContents awaitCompacted(String bootstrapServers) throws InterruptedException {
        long deadline = System.nanoTime() + COMPACTION_TIMEOUT.toNanos();
        while (true) {
            TopicContents contents = TopicContents.read(bootstrapServers, topic);
            boolean compacted = contents.partitionsOf(topic).stream()
                    .allMatch(tp -> contents.of(tp).size() < updatesPerPartition / 2);
            if (compacted) {
                return contents;
            }
            if (System.nanoTime() > deadline) {
                fail("the log cleaner did not compact %s within %s: %s records per partition", topic,
                        COMPACTION_TIMEOUT, contents.partitionsOf(topic).stream()
                                .map(tp -> tp.partition() + "=" + contents.of(tp).size()).toList());
            }
            Thread.sleep(500);
        }
    }

    /** Whether a partition's records leave offsets out, as compaction and transactions make them do. */
    public static boolean hasGaps(TopicContents contents, TopicPartition partition) {
        var records = contents.of(partition);
        return !records.isEmpty()
                && records.get(records.size() - 1).offset() - records.get(0).offset() + 1 > records.size();
    }
}
