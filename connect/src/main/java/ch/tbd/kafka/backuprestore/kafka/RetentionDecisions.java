package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import ch.tbd.kafka.backuprestore.retention.TopicRetention;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Decides each topic's retention from a {@link RetentionSetting}, reading the topics' own retention from the cluster
 * when the setting derives it. Shared by the backup connectors and the {@code kafka-backup retention} command.
 */
public final class RetentionDecisions {

    private final RetentionSetting setting;
    private final int marginDays;
    private final Optional<TopicRetentionReader> cluster;

    /** @param cluster where to read the topics' retention; empty when the cluster cannot be reached */
    public RetentionDecisions(RetentionSetting setting, int marginDays, Optional<TopicRetentionReader> cluster) {
        this.setting = setting;
        this.marginDays = marginDays;
        this.cluster = cluster;
    }

    /** Whether decisions need the cluster but have none: then {@link #decide} decides nothing. */
    public boolean lacksCluster() {
        return setting instanceof RetentionSetting.Derive && cluster.isEmpty();
    }

    /**
     * The decisions for the topics, in the order given. When deriving, a topic whose retention the cluster does not
     * report (deleted, or not described) gets no decision rather than a guess.
     */
    public Map<String, RetentionDecision> decide(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, RetentionDecision> decisions = new LinkedHashMap<>();
        if (setting instanceof RetentionSetting.Days) {
            topics.forEach(topic -> decisions.put(topic, RetentionDecision.decide(topic, setting, null, marginDays)));
            return decisions;
        }
        if (cluster.isEmpty() || topics.isEmpty()) {
            return decisions;
        }
        Map<String, TopicRetention> retention = cluster.get().read(topics);
        for (String topic : topics) {
            TopicRetention known = retention.get(topic);
            if (known != null) {
                decisions.put(topic, RetentionDecision.decide(topic, setting, known, marginDays));
            }
        }
        return decisions;
    }
}
