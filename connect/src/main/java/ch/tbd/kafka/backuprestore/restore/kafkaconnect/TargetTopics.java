package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.kafka.TopicDefinitionReader;
import ch.tbd.kafka.backuprestore.topics.RestoredRecordsRetention;
import ch.tbd.kafka.backuprestore.topics.TopicConfigRules;
import ch.tbd.kafka.backuprestore.topics.TopicCreationPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every target topic can take the restore before any record is written: it exists, or is created as the
 * backup's definition says ({@link TopicCreationPlan}), and has enough partitions, so that no task waits for a
 * partition that is not there. An existing topic whose configs differ from the backup's is reported, or fails the
 * restore when asked; a target whose time retention would delete restored records at once is reported.
 */
final class TargetTopics {

    private static final Logger log = LoggerFactory.getLogger(TargetTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    /** What the restore's settings say of target topics. */
    record Settings(boolean create, int replicationFactor, boolean repartition, TopicConfigRules rules,
            boolean strictCheck) {}

    private TargetTopics() {}

    /**
     * @param oldestTimestamp the oldest record timestamp restored into a target, read only when its retention is
     *                        finite
     */
    static void prepare(KafkaClusterConfig cluster, List<TargetTopic> targets, Settings settings,
            String offsetMapTopic, Function<TargetTopic, OptionalLong> oldestTimestamp) {
        try (Admin admin = cluster.createAdmin("kafka-backup-restore-targets")) {
            TopicDefinitionReader reader = new TopicDefinitionReader(admin);
            Set<String> existing = new HashSet<>(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            OptionalInt brokers = OptionalInt.of(reader.brokers());
            // One read of the configs of the targets that exist, for the comparison and the retention check.
            Map<String, TopicDefinitionReader.LiveConfigs> configs = new HashMap<>(configsIfAllowed(reader,
                    targets.stream().map(TargetTopic::target).filter(existing::contains).toList()));
            List<String> created = new ArrayList<>();
            for (TargetTopic target : targets) {
                TopicCreationPlan plan;
                try {
                    plan = TopicCreationPlan.of(target.target(), target.definition(), target.partitionsNeeded(),
                            settings.rules(), settings.replicationFactor(), brokers);
                } catch (IllegalArgumentException e) {
                    throw new ConnectException(e.getMessage(), e);
                }
                if (!existing.contains(target.target())) {
                    if (!settings.create()) {
                        throw new ConnectException("Target topic '" + target.target() + "' does not exist: create it"
                                + " with at least " + target.partitionsNeeded() + " partitions, or set "
                                + RestoreSourceConfig.TOPIC_CREATE + "=true");
                    }
                    create(admin, plan);
                    created.add(target.target());
                } else {
                    checkExisting(admin, target, plan, settings, configs.get(target.target()));
                }
            }
            if (!created.isEmpty()) {
                configs.putAll(configsIfAllowed(reader, created));
            }
            warnAboutRetention(targets, configs, oldestTimestamp);
            if (!offsetMapTopic.isBlank() && !existing.contains(offsetMapTopic)) {
                createTopic(admin, new NewTopic(offsetMapTopic, Optional.of(1),
                        Optional.of((short) settings.replicationFactor()))
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

    /**
     * Creates the topic as planned. The target is asked first, without creating anything, whether it takes the
     * configs; one it refuses (unknown to its version, or against its policy) is named and left out, since a
     * metadata problem must not stop the restore of the records.
     */
    private static void create(Admin admin, TopicCreationPlan planned) throws InterruptedException,
            TimeoutException, ExecutionException {
        TopicCreationPlan plan = planned;
        try {
            validate(admin, plan, plan.configs());
        } catch (ExecutionException e) {
            if (!refusedConfig(e)) {
                throw e;
            }
            for (Map.Entry<String, String> config : planned.configs().entrySet()) {
                try {
                    validate(admin, plan, Map.of(config.getKey(), config.getValue()));
                } catch (ExecutionException refused) {
                    if (!refusedConfig(refused)) {
                        throw refused;
                    }
                    plan = plan.without(config.getKey(), "refused by the target cluster: "
                            + refused.getCause().getMessage());
                }
            }
        }
        String topic = plan.targetTopic();
        plan.dropped().forEach(dropped -> log.warn("Target topic {}: backed-up config {} is not set", topic,
                dropped.describe()));
        plan.warnings().forEach(warning -> log.warn("Target topic {}: {}", topic, warning));
        plan.notes().forEach(note -> log.info("Target topic {}: {}", topic, note));
        createTopic(admin, newTopic(plan, plan.configs()));
        log.info("Created target topic {} with {}", topic, plan.describe());
    }

    private static void validate(Admin admin, TopicCreationPlan plan, Map<String, String> configs)
            throws InterruptedException, TimeoutException, ExecutionException {
        admin.createTopics(List.of(newTopic(plan, configs)), new CreateTopicsOptions().validateOnly(true)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean refusedConfig(ExecutionException e) {
        return e.getCause() instanceof InvalidConfigurationException
                || e.getCause() instanceof PolicyViolationException;
    }

    private static NewTopic newTopic(TopicCreationPlan plan, Map<String, String> configs) {
        return new NewTopic(plan.targetTopic(), Optional.of(plan.partitions()),
                Optional.of((short) plan.replicationFactor())).configs(configs);
    }

    /** @param live the topic's configs; null when they could not be read */
    private static void checkExisting(Admin admin, TargetTopic target, TopicCreationPlan plan, Settings settings,
            TopicDefinitionReader.LiveConfigs live) throws InterruptedException, TimeoutException,
            ExecutionException {
        String topic = target.target();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        int actual = description.partitions().size();
        if (actual < target.partitionsNeeded() && !settings.repartition()) {
            throw new ConnectException("Target topic '" + topic + "' has " + actual + " partitions but the"
                    + " backup has records in " + target.partitionsNeeded() + ": add partitions to the topic, restore"
                    + " into a new topic, or set " + RestoreSourceConfig.REPARTITION + "=true to partition by key"
                    + " hash");
        }
        if (target.definition().isEmpty()) {
            return;
        }
        if (live == null) {
            if (settings.strictCheck()) {
                throw new ConnectException("Cannot compare target topic '" + topic + "' with the backup of "
                        + target.source() + " as " + RestoreSourceConfig.TOPIC_CONFIG_CHECK + "=strict asks: its"
                        + " configs cannot be read. Grant DESCRIBE_CONFIGS on it, or set "
                        + RestoreSourceConfig.TOPIC_CONFIG_CHECK + "=warn");
            }
            return;
        }
        List<TopicCreationPlan.Difference> differences = plan.differencesFrom(live.effective(), live.own(),
                settings.rules());
        if (differences.isEmpty()) {
            return;
        }
        String listed = differences.stream().map(TopicCreationPlan.Difference::describe)
                .collect(Collectors.joining("; "));
        if (settings.strictCheck()) {
            throw new ConnectException("Target topic '" + topic + "' exists with configs that differ from the"
                    + " backup of " + target.source() + " (captured " + target.definition().get().capturedAt()
                    + "): " + listed + ". Set them on the topic (kafka-backup topics diff lists them), or set "
                    + RestoreSourceConfig.TOPIC_CONFIG_CHECK + "=warn to restore into it as it is");
        }
        log.warn("Target topic '{}' exists with configs that differ from the backup of {} (captured {}): {}. The"
                + " restore writes into it as it is", topic, target.source(), target.definition().get().capturedAt(),
                listed);
    }

    private static void warnAboutRetention(List<TargetTopic> targets,
            Map<String, TopicDefinitionReader.LiveConfigs> configs, Function<TargetTopic, OptionalLong> oldestTimestamp) {
        Instant now = Instant.now();
        for (TargetTopic target : targets) {
            TopicDefinitionReader.LiveConfigs live = configs.get(target.target());
            if (live == null || "-1".equals(live.effective().get(TopicConfig.RETENTION_MS_CONFIG))) {
                continue;
            }
            OptionalLong oldest = oldestTimestamp.apply(target);
            if (oldest.isPresent()) {
                RestoredRecordsRetention.warning(target.target(), live.effective(), oldest.getAsLong(), now)
                        .ifPresent(log::warn);
            }
        }
    }

    /**
     * The target topics' configs, or none when the restore's principal may not read them: comparing and warning are
     * worth a WARN, not a failed restore.
     */
    private static Map<String, TopicDefinitionReader.LiveConfigs> configsIfAllowed(TopicDefinitionReader reader,
            List<String> topics) throws InterruptedException, TimeoutException, ExecutionException {
        if (topics.isEmpty()) {
            return Map.of();
        }
        try {
            return reader.configs(topics);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                throw e;
            }
            log.warn("Could not read the configs of target topics {}: {}. They are not compared with the backup, nor"
                    + " checked for a retention that deletes restored records; grant DESCRIBE_CONFIGS on them",
                    topics, e.getCause().getMessage());
            return Map.of();
        }
    }

    private static void createTopic(Admin admin, NewTopic topic) throws InterruptedException, TimeoutException,
            ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
