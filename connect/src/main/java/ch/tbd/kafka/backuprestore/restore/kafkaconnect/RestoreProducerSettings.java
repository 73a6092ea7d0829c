package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.Map;

/**
 * The producer settings recommended for a restore, as {@code producer.override.*} keys of the connector (or
 * {@code producer.*} settings of a worker that runs restores), and used by the command line's worker.
 *
 * <p>Kafka Connect gives a source task's producer one request in flight per broker and no idempotence, which keeps
 * order by waiting. Idempotence keeps each partition's order, and writes no record twice on a retry, with five
 * requests in flight; a longer linger and larger batches make fewer, fuller requests. A smaller buffer than the
 * producer's 32 MiB bounds the records in flight: Connect holds every record it sent until the broker acknowledges
 * it, and a restore's records each hold their own key and value, so 32 MiB in flight kept the garbage collector
 * copying them (in the benchmark, the GC took half the worker's CPU of a restore; with a few MiB, a tenth). The
 * benchmark measures them (docs/benchmarks.md). On a worker with exactly-once source support, Connect makes the producer transactional, which
 * implies idempotence; the other settings apply as they are.
 */
public final class RestoreProducerSettings {

    public static final Map<String, String> RECOMMENDED = Map.of(
            "enable.idempotence", "true",
            "max.in.flight.requests.per.connection", "5",
            "linger.ms", "20",
            "batch.size", "262144",
            "buffer.memory", "8388608");

    private RestoreProducerSettings() {}

    /**
     * Adds the recommended settings, each under {@code prefix}, unless {@code settings} already holds any of them: a
     * producer configured by hand (say, without idempotence) must not get five requests in flight behind its back.
     */
    public static void addRecommended(Map<String, String> settings, String prefix) {
        boolean chosen = RECOMMENDED.keySet().stream().anyMatch(key -> settings.containsKey(prefix + key)
                || settings.containsKey(key));
        if (!chosen) {
            RECOMMENDED.forEach((key, value) -> settings.put(prefix + key, value));
        }
    }
}
