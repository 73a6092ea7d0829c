package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every target topic can take the restore before any record is written: it exists (or is created with the
 * backed-up number of partitions) and has enough partitions, so that no task waits for a partition that is not there.
 */
final class TargetTopics {

    private static final Logger log = LoggerFactory.getLogger(TargetTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TargetTopics() {}

    /**
     * @param partitionCounts for each target topic, the number of partitions the backup needs
     */
    static void prepare(KafkaClusterConfig cluster, Map<String, Integer> partitionCounts, boolean create,
            short replicationFactor, boolean repartition, String offsetMapTopic) {
        try (Admin admin = cluster.createAdmin("kafka-backup-restore-targets")) {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            for (Map.Entry<String, Integer> target : partitionCounts.entrySet()) {
                String topic = target.getKey();
                int needed = target.getValue();
                if (!existing.contains(topic)) {
                    if (!create) {
                        throw new ConnectException("Target topic '" + topic + "' does not exist: create it with at"
                                + " least " + needed + " partitions, or set restore.topic.create.enabled=true");
                    }
                    createTopic(admin, new NewTopic(topic, Optional.of(needed), Optional.of(replicationFactor)));
                    continue;
                }
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
                int actual = description.partitions().size();
                if (actual < needed && !repartition) {
                    throw new ConnectException("Target topic '" + topic + "' has " + actual + " partitions but the"
                            + " backup has records in " + needed + ": add partitions to the topic, restore into a new"
                            + " topic, or set restore.repartition.enabled=true to partition by key hash");
                }
            }
            if (!offsetMapTopic.isBlank() && !existing.contains(offsetMapTopic)) {
                createTopic(admin, new NewTopic(offsetMapTopic, Optional.of(1), Optional.of(replicationFactor))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while checking target topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not check target topics on " + cluster.bootstrapServers() + ": "
                    + e.getMessage() + ". Check " + cluster.bootstrapKey() + " and the client settings under "
                    + KafkaClusterConfig.TARGET, e);
        }
    }

    private static void createTopic(Admin admin, NewTopic topic) throws InterruptedException, TimeoutException,
            ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created target topic '{}' with {} partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
