package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.kafka.AdminCalls;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Asks the backed-up cluster for the ids of topics, through {@code source.cluster.*}, so that each object records
 * which incarnation of its topic it holds. Failures that may pass are retried under the retry policy.
 */
final class TopicIdLookup implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final KafkaClusterConfig cluster;
    private final RetryPolicy retryPolicy;
    private final String clientId;
    private Admin admin;

    TopicIdLookup(KafkaClusterConfig cluster, RetryPolicy retryPolicy, String clientId) {
        this.cluster = cluster;
        this.retryPolicy = retryPolicy;
        this.clientId = clientId;
    }

    /** Topic ids by name, as Kafka prints them. */
    Map<String, String> ids(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        try {
            return AdminCalls.call(retryPolicy, "read the ids of topics " + topics + " from "
                    + cluster.bootstrapServers(), () -> describe(topics));
        } catch (AdminCalls.KafkaCallException e) {
            throw new ConnectException(e.getMessage() + ". Check " + cluster.bootstrapKey()
                    + " and the client settings under " + KafkaClusterConfig.SOURCE + ", and that the connector may"
                    + " describe these topics", e);
        }
    }

    private Map<String, String> describe(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (admin == null) {
            admin = cluster.createAdmin(clientId);
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, String> ids = new HashMap<>();
        descriptions.forEach((name, description) -> ids.put(name, description.topicId().toString()));
        return ids;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
