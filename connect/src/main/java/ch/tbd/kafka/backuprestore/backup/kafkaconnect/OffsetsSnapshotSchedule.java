package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsSnapshotter;
import ch.tbd.kafka.backuprestore.kafka.TopicDefinitionReader;
import ch.tbd.kafka.backuprestore.topics.GroupAcls;
import org.apache.kafka.common.resource.ResourceType;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsSnapshot;
import ch.tbd.kafka.backuprestore.retry.RetryDecision;
import ch.tbd.kafka.backuprestore.retry.RetryRun;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots of consumer groups' committed offsets on the backed-up topics through the Admin API, every
 * {@code consumer.offsets.snapshot.interval.ms}, and stores each one that differs from the last in the backup
 * location. Runs in the connector, once per connector rather than per task. A failure that lasts longer than the retry
 * policy allows fails the connector, with the cause.
 */
final class OffsetsSnapshotSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetsSnapshotSchedule.class);

    private final BackupSinkConfig config;
    private final String connector;
    private final Consumer<Exception> raiseError;
    private final ScheduledExecutorService timer;
    private final Admin admin;
    private final ObjectStorage storage;
    private final RetryRun failures;
    private final GroupFilter excluded;
    private final GroupOffsetsSnapshotter snapshotter;
    private final GroupOffsetsBackup offsetsBackup;
    private final Predicate<String> topics;
    /** What the last stored snapshot held: each partition's offset, without the commit time a snapshot sets. */
    private List<Map.Entry<CommittedOffset.Key, Long>> lastStored;
    private boolean groupAclsWarned;

    /** @param raiseError fails the connector: Connect's {@code ConnectorContext.raiseError} */
    OffsetsSnapshotSchedule(BackupSinkConfig config, String connector, Consumer<Exception> raiseError) {
        if (!config.sourceCluster().configured()) {
            throw new ConnectException(BackupSinkConfig.OFFSETS_SNAPSHOTS_NEED_SOURCE);
        }
        this.config = config;
        this.connector = connector;
        this.raiseError = raiseError;
        this.admin = config.sourceCluster().createAdmin("kafka-backup-" + connector + "-offsets");
        this.storage = config.storage().openStorage();
        this.failures = config.storage().retryPolicy().newRun();
        this.excluded = config.groupFilter(connector);
        this.snapshotter = new GroupOffsetsSnapshotter(admin, config.sourceCluster().bootstrapServers());
        this.offsetsBackup = new GroupOffsetsBackup(storage, config.storage().layout());
        this.topics = backedUpTopics(config);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-backup-offsets-snapshot-" + connector);
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.offsetsSnapshotIntervalMs();
        timer.scheduleWithFixedDelay(this::takeSnapshot, 0, interval, TimeUnit.MILLISECONDS);
        log.info("Taking snapshots of consumer-group offsets every {} ms into {}", interval, storage.location());
    }

    private void takeSnapshot() {
        try {
            GroupOffsetsSnapshot snapshot = snapshotter.snapshot(excluded, topics, System.currentTimeMillis());
            failures.succeeded();
            captureGroupAcls();
            List<Map.Entry<CommittedOffset.Key, Long>> offsets = snapshot.offsets().stream()
                    .map(o -> Map.entry(o.key(), o.offset())).toList();
            if (offsets.equals(lastStored)) {
                return;
            }
            String key = offsetsBackup.store(snapshot, connector);
            lastStored = offsets;
            log.debug("Stored the committed offsets of {} partitions of consumer groups as {}",
                    snapshot.offsets().size(), key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            RetryDecision decision = failures.failed();
            if (decision.giveUp()) {
                raiseError.accept(new ConnectException("Snapshots of consumer-group offsets have failed for "
                        + decision.elapsedMs() / 1000 + " s (retry.timeout.ms): " + e.getMessage() + ". Check "
                        + BackupSinkConfig.SOURCE_BOOTSTRAP_SERVERS + ", that the connector may describe groups and"
                        + " read their offsets, and the storage", e));
                timer.shutdown();
                return;
            }
            log.warn("A snapshot of consumer-group offsets failed ({}); the next is due in {} ms: {}",
                    decision.describe(), config.offsetsSnapshotIntervalMs(), e.toString());
        }
    }

    /**
     * The ACLs on consumer groups go with their offsets; a cluster that cannot tell is said once. A failure here is
     * logged and never counts against the snapshots.
     */
    private void captureGroupAcls() throws InterruptedException {
        TopicDefinitionReader.Acls acls;
        try {
            acls = new TopicDefinitionReader(admin).acls(ResourceType.GROUP);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("Could not read the ACLs on consumer groups: {}; tried again with the next snapshot",
                    e.getMessage());
            return;
        }
        if (acls.unavailable() != null) {
            if (!groupAclsWarned) {
                groupAclsWarned = true;
                log.warn("ACLs on consumer groups are not captured with their offsets: {}", acls.unavailable());
            }
            return;
        }
        TopicDefinitionReader.Acls read = acls;
        GroupAcls.saveIfChanged(storage, config.storage().layout(), GroupAcls.of(java.time.Instant.now(),
                read.entries(), null)).ifPresent(key -> log.info("Captured {} ACL binding(s) on consumer groups in {}",
                read.entries().size(), key));
    }

    private static Predicate<String> backedUpTopics(BackupSinkConfig config) {
        String topics = config.originalsStrings().getOrDefault("topics", "");
        String regex = config.originalsStrings().get("topics.regex");
        if (regex != null && !regex.isBlank()) {
            Pattern pattern = Pattern.compile(regex.trim());
            return topic -> pattern.matcher(topic).matches();
        }
        List<String> names = List.of(topics.split("\\s*,\\s*"));
        return names::contains;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close();
        storage.close();
    }
}
