package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import ch.tbd.kafka.backuprestore.retention.TopicRetention;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Whether some of the topics need the cluster to be decided, but there is none: they get no decision. */
    public boolean lacksCluster(Collection<String> topics) {
        return cluster.isEmpty() && topics.stream().anyMatch(this::needsCluster);
    }

    private boolean needsCluster(String topic) {
        // The offsets topic never expires, whatever the cluster says.
        return setting instanceof RetentionSetting.Derive && !topic.equals(GroupOffsetsBackup.OFFSETS_TOPIC);
    }

    /**
     * The decisions for the topics, in the order given. When deriving, a topic whose retention the cluster does not
     * report (deleted, or not described) gets no decision rather than a guess.
     */
    public Map<String, RetentionDecision> decide(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, RetentionDecision> decisions = new LinkedHashMap<>();
        List<String> fromCluster = topics.stream().filter(this::needsCluster).toList();
        Map<String, TopicRetention> retention = cluster.isEmpty() || fromCluster.isEmpty() ? Map.of()
                : cluster.get().read(fromCluster);
        for (String topic : topics) {
            if (!needsCluster(topic)) {
                decisions.put(topic, RetentionDecision.decide(topic, setting, null, marginDays));
            } else if (retention.containsKey(topic)) {
                decisions.put(topic, RetentionDecision.decide(topic, setting, retention.get(topic), marginDays));
            }
        }
        return decisions;
    }
}
