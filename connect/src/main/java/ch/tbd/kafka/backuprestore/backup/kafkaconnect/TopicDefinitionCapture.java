package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.kafka.AdminCalls;
import ch.tbd.kafka.backuprestore.kafka.TopicDefinitionReader;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.topics.GroupAcls;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import ch.tbd.kafka.backuprestore.topics.TopicDefinitions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the definitions of a backup task's topics in the backup location ({@link TopicDefinitions}): partitions,
 * replication factor, the configs set on the topic and the ACLs that apply to it, read through the Admin API when the
 * task gets the topic and every {@code topic.definitions.interval.ms}, and stored only when they changed. A topic's
 * definition is kept by the task that holds its partition 0, so that one task, not all, reads and writes it. A task
 * of {@code __consumer_offsets} keeps the ACLs on consumer groups instead ({@link GroupAcls}).
 *
 * <p>Runs on a thread of its own; problems are logged, never thrown: a metadata problem does not stop a backup.
 */
final class TopicDefinitionCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicDefinitionCapture.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ObjectStorage storage;
    private final BackupLayout layout;
    private final RetryPolicy retryPolicy;
    private final KafkaClusterConfig source;
    private final String clientId;
    private final ScheduledExecutorService executor;
    /** The newest definition in the store of each topic, as this task last wrote or read it. */
    private final Map<String, TopicDefinition> stored = new ConcurrentHashMap<>();
    /** Topics whose partition 0 the task holds. */
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    /** Touched only on the executor's thread. */
    private Admin admin;
    private boolean aclsWarned;

    TopicDefinitionCapture(ObjectStorage storage, BackupLayout layout, RetryPolicy retryPolicy,
            KafkaClusterConfig source, long intervalMs, String clientId) {
        this.storage = storage;
        this.layout = layout;
        this.retryPolicy = retryPolicy;
        this.source = source;
        this.clientId = clientId;
        this.executor = BackgroundThread.start(clientId + "-definitions");
        executor.scheduleWithFixedDelay(() -> capture(Set.copyOf(topics)), intervalMs, intervalMs,
                TimeUnit.MILLISECONDS);
    }

    void opened(Collection<TopicPartition> assigned) {
        Set<String> added = new TreeSet<>();
        assigned.stream().filter(tp -> tp.partition() == 0).forEach(tp -> {
            if (topics.add(tp.topic())) {
                added.add(tp.topic());
            }
        });
        if (!added.isEmpty()) {
            executor.execute(() -> capture(added));
        }
    }

    void closed(Collection<TopicPartition> revoked) {
        revoked.stream().filter(tp -> tp.partition() == 0).forEach(tp -> topics.remove(tp.topic()));
    }

    private void capture(Set<String> forTopics) {
        if (forTopics.isEmpty()) {
            return;
        }
        Set<String> plain = new TreeSet<>(forTopics);
        boolean groups = plain.remove(GroupOffsetsBackup.OFFSETS_TOPIC);
        try {
            TopicDefinitionReader reader = new TopicDefinitionReader(admin());
            if (!plain.isEmpty()) {
                Map<String, TopicDefinition> read = AdminCalls.call(retryPolicy, "read the definitions of topics "
                        + plain + " from " + source.bootstrapServers(), () -> reader.read(plain, Instant.now()));
                TopicDefinitions definitions = new TopicDefinitions(storage, layout);
                for (TopicDefinition definition : read.values()) {
                    warnOnceIfNoAcls(definition.aclsUnavailable());
                    TopicDefinition known = stored.get(definition.topic());
                    if (known != null && definition.keepingAclsOf(known).sameAs(known)) {
                        continue; // unchanged since this task stored or read it: no request to the store
                    }
                    definitions.saveIfChanged(definition).ifPresent(key -> log.info("Captured the definition of"
                            + " topic {} in {}: {} partition(s), replication factor {}, configs {}, {} ACL binding(s)",
                            definition.topic(), key, definition.partitions(), definition.replicationFactor(),
                            definition.configs(), definition.acls().size()));
                    definitions.latest(definition.topic()).ifPresent(latest -> stored.put(latest.topic(), latest));
                }
            }
            if (groups) {
                TopicDefinitionReader.Acls acls = AdminCalls.call(retryPolicy, "read the ACLs on consumer groups from "
                        + source.bootstrapServers(), () -> reader.acls(ResourceType.GROUP));
                warnOnceIfNoAcls(acls.unavailable());
                GroupAcls.saveIfChanged(storage, layout, GroupAcls.of(Instant.now(), acls.entries(),
                        acls.unavailable())).ifPresent(key -> log.info("Captured {} ACL binding(s) on consumer"
                        + " groups in {}", acls.entries().size(), key));
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the task is stopping
            }
            log.warn("Could not capture the definitions of topics {}: {}. The backup goes on; check {} and the client"
                    + " settings under {}, and that the connector may describe the topics, their configs and ACLs",
                    forTopics, e.getMessage(), source.bootstrapKey(), KafkaClusterConfig.SOURCE, e);
        }
    }

    private void warnOnceIfNoAcls(String unavailable) {
        if (unavailable != null && !aclsWarned) {
            aclsWarned = true;
            log.warn("ACLs are not captured with the backup: {}", unavailable);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = source.createAdmin(clientId + "-definitions");
        }
        return admin;
    }

    /**
     * Lets a capture already asked for finish, for a while, so that a short backup (a snapshot) keeps the definitions
     * of the topics it backed up; the periodic one is cancelled.
     */
    @Override
    public void close() {
        BackgroundThread.stop(executor, CLOSE_WAIT.toSeconds());
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
