package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.retention.TopicRetention;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads how long the cluster keeps each topic's records ({@code retention.ms}, {@code cleanup.policy}, the topic's own
 * value or the broker's default) through the Admin API.
 */
public final class TopicRetentionReader {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public TopicRetentionReader(Admin admin) {
        this.admin = admin;
    }

    /** Each topic's retention; a topic the cluster does not have is left out. */
    public Map<String, TopicRetention> read(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<ConfigResource, KafkaFuture<Config>> futures = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).values();
        Map<String, TopicRetention> retention = new HashMap<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> entry : futures.entrySet()) {
            Config config;
            try {
                config = entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue;
                }
                throw e;
            }
            ConfigEntry retentionMs = config.get(TopicConfig.RETENTION_MS_CONFIG);
            ConfigEntry cleanupPolicy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            retention.put(entry.getKey().name(), new TopicRetention(
                    retentionMs == null || retentionMs.value() == null ? -1 : Long.parseLong(retentionMs.value()),
                    cleanupPolicy == null ? null : cleanupPolicy.value()));
        }
        return retention;
    }
}
