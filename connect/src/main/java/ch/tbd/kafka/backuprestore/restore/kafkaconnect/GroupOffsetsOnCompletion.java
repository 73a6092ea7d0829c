package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsApplier;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts consumer groups back where they stood ({@code restore.consumer.groups}) once every partition of the restore is
 * complete, as the connector's own source offsets tell: for operators who only have Kafka Connect. Runs once per
 * connector start, in the connector; logs every group's result, and at ERROR what it could not set and why.
 */
final class GroupOffsetsOnCompletion implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsetsOnCompletion.class);
    private static final long CHECK_MS = 5_000;

    private final RestoreSourceConfig config;
    private final List<TopicPartitionId> partitions;
    private final OffsetStorageReader offsets;
    private final ScheduledExecutorService timer;
    private volatile boolean done;

    GroupOffsetsOnCompletion(RestoreSourceConfig config, List<TopicPartitionId> partitions,
            OffsetStorageReader offsets, String connector) {
        this.config = config;
        this.partitions = List.copyOf(partitions);
        this.offsets = offsets;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-group-offsets-" + connector);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::applyWhenComplete, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void applyWhenComplete() {
        if (done || !complete()) {
            return;
        }
        done = true;
        try (ObjectStorage storage = config.storage().openStorage();
             Admin admin = config.targetCluster().createAdmin("kafka-backup-restore-groups")) {
            GroupOffsetsTranslation.Plan plan = new GroupOffsetsTranslation(storage, config.storage().layout())
                    .plan(config.consumerGroups(), config.consumerGroupsAsOf(), config.topicMapping().targets(),
                            config.window(), config.targetCluster().clientConfig(), config.getString(
                                    RestoreSourceConfig.OFFSET_MAP_TOPIC).trim());
            for (String group : plan.absentGroups()) {
                log.error("Group {} has no committed offset in the backup ({}): nothing to set; check"
                        + " restore.consumer.groups and restore.consumer.groups.as.of", group, plan.describeAsOf());
            }
            if (plan.offsets().isEmpty()) {
                log.error("Restore complete, but the backup holds no committed offsets of the groups {} ({}, from {}):"
                        + " no group was set. Back up offsets with ConsumerOffsetsBackupSinkConnector or"
                        + " consumer.offsets.snapshot.interval.ms", config.consumerGroups(), plan.describeAsOf(),
                        plan.source());
                return;
            }
            List<GroupOffsetsApplier.Applied> applied = GroupOffsetsTranslation.apply(admin, plan,
                    config.getBoolean(RestoreSourceConfig.CONSUMER_GROUPS_FORCE));
            long set = applied.stream().filter(GroupOffsetsApplier.Applied::set).count();
            for (GroupOffsetsApplier.Applied a : applied) {
                if (a.set()) {
                    log.info("Group {}: {}-{} committed {} -> {}-{} at {} ({})", a.planned().group(),
                            a.planned().sourceTopic(), a.planned().sourcePartition(), a.planned().committed(),
                            a.planned().translation().targetTopic(), a.planned().translation().targetPartition(),
                            a.offset(), a.planned().translation().outcome());
                } else {
                    log.error("Group {}: {}-{} committed {} was NOT set: {}", a.planned().group(),
                            a.planned().sourceTopic(), a.planned().sourcePartition(), a.planned().committed(),
                            a.why());
                }
            }
            log.info("Consumer group offsets: {} of {} partition offsets set on the target cluster", set,
                    applied.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Restore complete, but setting the offsets of the groups {} failed: {}. Run 'kafka-backup"
                    + " offsets apply', or restart the connector to try again", config.consumerGroups(),
                    e.getMessage(), e);
        }
    }

    /** Whether every partition's committed source offset says it is complete. */
    private boolean complete() {
        Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(
                partitions.stream().map(RestoreProgress::sourcePartition).toList());
        return partitions.stream().allMatch(tp -> {
            RestoreProgress progress = RestoreProgress.fromSourceOffset(stored.get(RestoreProgress.sourcePartition(tp)));
            return progress != null && progress.complete();
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
