package ch.tbd.kafka.backuprestore.benchmark;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What every measured phase on a Connect worker works with: the worker, the S3 server, the broker's topics, the
 * connectors' configurations and how long a phase may take.
 */
record PhaseContext(ConnectWorkerProcess worker, S3ServerOnDisk s3, TopicOffsets offsets, ConnectorConfigs configs,
        String bootstrapServers, Duration timeout) {

    /**
     * Waits until {@code done} holds for a connector of the worker, and fails at once rather than at the timeout if
     * the worker died or the connector or one of its tasks failed.
     */
    void awaitConnector(String connector, Duration poll, Callable<Boolean> done, Supplier<String> whatFailed)
            throws InterruptedException {
        Await.until(() -> {
            worker.checkAlive();
            worker.rest().checkNotFailed(connector);
            return done.call();
        }, poll, timeout, whatFailed);
    }
}
