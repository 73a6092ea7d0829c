package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.config.RetentionConfig;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.kafka.AdminCalls;
import ch.tbd.kafka.backuprestore.kafka.RetentionDecisions;
import ch.tbd.kafka.backuprestore.kafka.TopicRetentionReader;
import ch.tbd.kafka.backuprestore.retention.LifecycleRulesUpdate;
import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import ch.tbd.kafka.backuprestore.retention.RetentionSweeper;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a backup task's topics within their retention, on a thread of its own so that a slow or failing store or
 * cluster never holds up the backup: the bucket's lifecycle rules for each topic as the task first gets it and again
 * every hour (which also restores a rule lost to a concurrent writer), and, when asked for, a sweep of the task's
 * partitions by record time. Problems are logged, never thrown: a retention problem does not stop a backup.
 */
final class RetentionMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionMaintenance.class);
    static final Duration RULES_CHECK_INTERVAL = Duration.ofHours(1);

    private final RetentionConfig settings;
    private final ObjectStorage storage;
    private final BackupLayout layout;
    private final RetryPolicy retryPolicy;
    private final KafkaClusterConfig source;
    private final String clientId;
    private final ScheduledExecutorService executor;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Integer>> partitions = new ConcurrentHashMap<>();
    /** Touched only on the executor's thread. */
    private Admin admin;
    private boolean unsupportedLogged;
    private boolean noClusterLogged;

    RetentionMaintenance(RetentionConfig settings, ObjectStorage storage, BackupLayout layout, RetryPolicy retryPolicy,
            KafkaClusterConfig source, String clientId) {
        this.settings = settings;
        this.storage = storage;
        this.layout = layout;
        this.retryPolicy = retryPolicy;
        this.source = source;
        this.clientId = clientId;
        this.executor = BackgroundThread.start(clientId + "-retention");
        long rulesMs = RULES_CHECK_INTERVAL.toMillis();
        executor.scheduleWithFixedDelay(() -> updateRules(Set.copyOf(topics), false), rulesMs, rulesMs,
                TimeUnit.MILLISECONDS);
        long sweepMs = settings.sweepIntervalMs();
        if (sweepMs > 0) {
            executor.scheduleWithFixedDelay(this::sweep, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Newly assigned partitions: their topics get rules now if they had none from this task yet. */
    void opened(Collection<TopicPartition> assigned) {
        Set<String> added = new TreeSet<>();
        for (TopicPartition tp : assigned) {
            partitions.computeIfAbsent(tp.topic(), topic -> ConcurrentHashMap.newKeySet()).add(tp.partition());
            if (topics.add(tp.topic())) {
                added.add(tp.topic());
            }
        }
        if (!added.isEmpty()) {
            executor.execute(() -> updateRules(added, true));
        }
    }

    void closed(Collection<TopicPartition> revoked) {
        revoked.forEach(tp -> {
            Set<Integer> held = partitions.get(tp.topic());
            if (held != null) {
                held.remove(tp.partition());
            }
        });
    }

    /** @param firstTime whether the task just got these topics, when a topic that does not expire is told so */
    private void updateRules(Set<String> forTopics, boolean firstTime) {
        if (forTopics.isEmpty()) {
            return;
        }
        try {
            Map<String, RetentionDecision> decisions = decisions(forTopics);
            if (decisions.isEmpty()) {
                return;
            }
            if (firstTime) {
                decisions.values().stream().filter(decision -> !decision.expires()).forEach(decision -> log.info(
                        "Topic {}: its backup does not expire, {}", decision.topic(), decision.reason()));
            }
            LifecycleRulesUpdate.Outcome outcome = LifecycleRulesUpdate.apply(storage.lifecycle(),
                    storage.location(), layout, decisions.values(), retryPolicy);
            report(outcome);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the task is stopping
            }
            log.warn("Could not update the lifecycle rules for topics {}: {}. The backup goes on; the next check is in"
                    + " {} minutes", forTopics, e.getMessage(), RULES_CHECK_INTERVAL.toMinutes(), e);
        }
    }

    private void report(LifecycleRulesUpdate.Outcome outcome) {
        switch (outcome.status()) {
            case WRITTEN -> outcome.changes().forEach(change -> log.info("Lifecycle rules of {}: {}",
                    storage.location(), change));
            case UNSUPPORTED -> {
                if (!unsupportedLogged) {
                    unsupportedLogged = true;
                    log.warn("{}. The backup goes on.", outcome.problem());
                }
            }
            case FAILED -> log.warn(outcome.problem());
            case UNCHANGED -> log.debug("Lifecycle rules of {} are in place", storage.location());
        }
        outcome.conflicts().forEach(conflict -> log.warn("Lifecycle rules of {}: {}", storage.location(), conflict));
        outcome.warnings().forEach(warning -> log.warn("Lifecycle rules of {}: {}", storage.location(), warning));
    }

    private void sweep() {
        try {
            Set<String> held = new HashSet<>();
            partitions.forEach((topic, set) -> {
                if (!set.isEmpty()) {
                    held.add(topic);
                }
            });
            Map<String, RetentionDecision> decisions = decisions(held);
            RetentionSweeper.Report report = new RetentionSweeper(storage, layout, Clock.systemUTC()).sweep(decisions,
                    topic -> partition -> partitions.getOrDefault(topic, Set.of()).contains(partition), false,
                    removal -> log.debug("Retention removed {} ({} bytes, offsets {}..{})", removal.key(),
                            removal.size(), removal.firstOffset(), removal.lastOffset()));
            if (!report.removals().isEmpty()) {
                log.info("Retention removed {} object(s) ({} bytes) of topics {} from {}", report.removals().size(),
                        report.bytes(), report.removals().stream().map(RetentionSweeper.Removal::topic)
                                .collect(Collectors.toCollection(TreeSet::new)), storage.location());
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the task is stopping
            }
            log.warn("The retention sweep of {} failed: {}. The backup goes on; the next sweep is in {} ms",
                    storage.location(), e.getMessage(), settings.sweepIntervalMs(), e);
        }
    }

    /**
     * Decisions for the topics that can be decided: when deriving needs a cluster the task cannot reach, the topics
     * that need it get none, with one warning per task.
     */
    private Map<String, RetentionDecision> decisions(Set<String> forTopics) {
        RetentionDecisions decisions = new RetentionDecisions(settings.setting(), settings.marginDays(),
                cluster());
        if (decisions.lacksCluster(forTopics)) {
            if (!noClusterLogged) {
                noClusterLogged = true;
                log.warn("{}={} reads each topic's retention.ms from the cluster, but {} is not set: no lifecycle"
                        + " rule is written and nothing expires. Set {} (and the client settings under {}), or a"
                        + " number of days", RetentionConfig.POLICY_DAYS, settings.setting(), source.bootstrapKey(),
                        source.bootstrapKey(), KafkaClusterConfig.SOURCE);
            }
        }
        try {
            return AdminCalls.call(retryPolicy, "read the retention of topics " + forTopics + " from "
                    + source.bootstrapServers(), () -> decisions.decide(forTopics));
        } catch (AdminCalls.KafkaCallException e) {
            log.warn("{}: the retention of topics {} is left as it is until the next check. Check {} and the client"
                    + " settings under {}, and that the connector may describe the topics' configs",
                    e.getMessage(), forTopics, source.bootstrapKey(), KafkaClusterConfig.SOURCE);
            return Map.of();
        }
    }

    private Optional<TopicRetentionReader> cluster() {
        if (!source.configured() || !(settings.setting() instanceof RetentionSetting.Derive)) {
            return Optional.empty();
        }
        if (admin == null) {
            admin = source.createAdmin(clientId + "-retention");
        }
        return Optional.of(new TopicRetentionReader(admin));
    }

    @Override
    public void close() {
        // Retention work may wait for the next round: interrupted at once.
        BackgroundThread.stop(executor, 0);
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
