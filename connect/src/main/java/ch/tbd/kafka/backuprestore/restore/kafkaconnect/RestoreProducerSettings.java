package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.Map;

/**
 * The producer settings recommended for a restore, as {@code producer.override.*} keys of the connector (or
 * {@code producer.*} settings of a worker that runs restores), and used by the command line's worker.
 *
 * <p>Kafka Connect gives a source task's producer small batches (16 KiB, 5 ms of linger) and a 32 MiB buffer. A longer
 * linger and larger batches make fewer, fuller requests. A smaller buffer bounds the records in flight: Connect holds
 * every record it sent until the broker acknowledges it, and a restore's records each hold their own key and value,
 * so 32 MiB in flight kept the garbage collector copying them (in the benchmark, the GC took half the worker's CPU
 * of a restore; with 8 MiB, a twentieth). Idempotence writes no record twice when a request is retried. One request
 * in flight stays: with five, a batch refused while a new topic's leader was being elected left the producer
 * retrying an out-of-order sequence without end (seen in the benchmark with two tasks). On a worker with exactly-once
 * source support, Connect makes the producer transactional, which implies idempotence; the other settings apply as
 * they are.
 */
public final class RestoreProducerSettings {

    public static final Map<String, String> RECOMMENDED = Map.of(
            "enable.idempotence", "true",
            "max.in.flight.requests.per.connection", "1",
            "linger.ms", "20",
            "batch.size", "262144",
            "buffer.memory", "8388608");

    private RestoreProducerSettings() {}

    /**
     * Adds the recommended settings, each under {@code prefix}, unless {@code settings} already holds any of them: a
     * producer configured by hand keeps its own choices together rather than a mix of them and these.
     */
    public static void addRecommended(Map<String, String> settings, String prefix) {
        boolean chosen = RECOMMENDED.keySet().stream().anyMatch(key -> settings.containsKey(prefix + key)
                || settings.containsKey(key));
        if (!chosen) {
            RECOMMENDED.forEach((key, value) -> settings.put(prefix + key, value));
        }
    }
}
