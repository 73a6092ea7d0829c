package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.retention.TopicRetention;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads how long the cluster keeps each topic's records ({@code retention.ms}, {@code cleanup.policy}, the topic's own
 * value or the broker's default) through the Admin API.
 */
public final class TopicRetentionReader {

    private final TopicDefinitionReader reader;

    public TopicRetentionReader(Admin admin) {
        this.reader = new TopicDefinitionReader(admin);
    }

    /** Each topic's retention; a topic the cluster does not have is left out. */
    public Map<String, TopicRetention> read(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicRetention> retention = new HashMap<>();
        reader.configs(topics).forEach((topic, configs) -> {
            String retentionMs = configs.effective().get(TopicConfig.RETENTION_MS_CONFIG);
            retention.put(topic, new TopicRetention(retentionMs == null ? -1 : Long.parseLong(retentionMs),
                    configs.effective().get(TopicConfig.CLEANUP_POLICY_CONFIG)));
        });
        return retention;
    }
}
