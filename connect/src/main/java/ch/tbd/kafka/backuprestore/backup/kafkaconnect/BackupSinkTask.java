package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.BackupWriter;
import ch.tbd.kafka.backuprestore.backup.ObjectUploadException;
import ch.tbd.kafka.backuprestore.backup.RewindNeededException;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.config.KafkaClusterConfig;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffsets;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.format.IncarnationResolver;
import ch.tbd.kafka.backuprestore.kafkaconnect.StorageFailureMetrics;
import ch.tbd.kafka.backuprestore.kafkaconnect.Version;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of its partitions to backup objects.
 *
 * <p>Offsets are handed to Connect only for records whose objects are stored, so a crash or rebalance delivers the
 * rest again from the start of their object, and the object is written again under the same name. Objects are uploaded
 * in the background while the task goes on consuming; a failed upload rewinds its partition at the next put. When storing fails
 * in a way that may pass, the partition is rewound to the start of the lost object and paused until its retry is due
 * ({@link PartitionRetries}): nothing is skipped, and a failure that lasts fails the task.
 */
public class BackupSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(BackupSinkTask.class);
    /** The task's number, which the connector adds to each task's configuration for its metrics. */
    protected static final String TASK_ID = "kafka-backup.task.id";

    private final Function<BackupSinkConfig, ObjectStorage> storageFactory;
    private BackupLayout writerLayout;
    private BackupSinkConfig config;
    private ObjectStorage storage;
    private BackupWriter writer;
    private PartitionRetries retries;
    private BackupTaskMetrics metrics;
    private TopicIdLookup topicIds;
    private RetentionMaintenance retention;
    private TopicDefinitionCapture definitions;
    /**
     * Partitions rewound during the last put: their later records in the batch will be delivered again, and until Connect
     * has moved the consumer back, its offset of the partition is past what was stored.
     */
    private final Set<TopicPartitionId> rewound = new HashSet<>();
    /** Partitions opened and not closed since. */
    private final Set<TopicPartitionId> assigned = new HashSet<>();

    public BackupSinkTask() {
        this(config -> config.storage().openStorage());
    }

    /** For tests: a task whose storage is given rather than configured. */
    BackupSinkTask(Function<BackupSinkConfig, ObjectStorage> storageFactory) {
        this.storageFactory = storageFactory;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new BackupSinkConfig(props);
        storage = storageFactory.apply(config);
        writerLayout = layout(config, props);
        writer = new BackupWriter(storage, writerLayout, config.codec(), config.rotationPolicy(),
                config.bufferMaxBytes(), BackupSinkConfig.AVRO_BLOCK_SIZE_BYTES, Clock.systemUTC(),
                config.uploadConcurrency());
        StorageFailureMetrics failures = new StorageFailureMetrics(storage);
        retries = new PartitionRetries(config.storage().retryPolicy(), context, Clock.systemUTC(), failures);
        writer.onStored(retries::stored);
        metrics = new BackupTaskMetrics(Clock.systemUTC(), failures);
        String name = props.getOrDefault("name", "backup");
        String taskId = props.getOrDefault(TASK_ID, "0");
        metrics.register(name, taskId);
        if (config.sourceCluster().configured()) {
            topicIds = new TopicIdLookup(config.sourceCluster(), config.storage().startRetryPolicy(),
                    "kafka-backup-" + name + "-" + taskId);
        }
        if (managesRetention()) {
            retention = new RetentionMaintenance(config.retention(), storage, config.storage().layout(),
                    config.storage().retryPolicy(), config.sourceCluster(), "kafka-backup-" + name + "-" + taskId);
        }
        startDefinitionCapture(name, taskId);
        log.info("Backup task started, writing to {}{}", storage.location(), "/" + writerLayout.prefix());
    }

    private void startDefinitionCapture(String name, String taskId) {
        if (config.definitionsIntervalMs().isEmpty()) {
            return;
        }
        if (!config.sourceCluster().configured()) {
            log.warn("The definitions of the backed-up topics (partitions, configs, ACLs) are not captured, since {}"
                    + " is not set: a restore will create missing topics with the target's defaults. Set it (and the"
                    + " client settings under {}), or {}=-1 to say that this is meant",
                    BackupSinkConfig.SOURCE_BOOTSTRAP_SERVERS, KafkaClusterConfig.SOURCE,
                    BackupSinkConfig.DEFINITIONS_INTERVAL_MS);
            return;
        }
        definitions = new TopicDefinitionCapture(storage, config.storage().layout(), config.storage().retryPolicy(),
                config.sourceCluster(), config.definitionsIntervalMs().getAsLong(),
                "kafka-backup-" + name + "-" + taskId);
    }

    /**
     * Finds where each newly assigned topic's objects go: the topic's id tells one incarnation of a topic name from
     * another ({@link IncarnationResolver}). Asked at every assignment, since a topic deleted and created again comes
     * back as a new assignment.
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        partitions.forEach(tp -> assigned.add(new TopicPartitionId(tp.topic(), tp.partition())));
        Map<String, String> ids = topicIds == null ? Map.of() : topicIds.ids(topics);
        BackupLayout layout = writerLayout;
        for (String topic : topics) {
            Incarnation incarnation;
            try {
                incarnation = Retrying.call(config.storage().startRetryPolicy(), "find where the backup of topic "
                        + topic + " goes in " + storage.location(), () -> IncarnationResolver.resolve(storage, layout,
                        topic, ids.get(topic)), StorageErrors::isRetriable);
            } catch (RuntimeException e) {
                throw new ConnectException("Cannot open the backup of topic " + topic + ": " + e.getMessage(), e);
            }
            writer.incarnation(topic, incarnation);
            if (incarnation.hasOwnDirectory()) {
                log.info("Topic {} was deleted and created again since it was first backed up here: backing up its"
                        + " {} under {}", topic, incarnation.describe(), layout.incarnationPrefix(topic, incarnation));
            }
        }
        if (retention != null) {
            retention.opened(partitions);
        }
        if (definitions != null) {
            definitions.opened(partitions);
        }
        afterOpen(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        rewound.clear();
        retries.resumeDue();
        beforePut();
        long storedBefore = writer.stats().objectsStored();
        raiseUploadFailures();
        for (SinkRecord record : records) {
            if (!rewound.isEmpty() && rewound.contains(
                    new TopicPartitionId(record.originalTopic(), record.originalKafkaPartition()))) {
                continue;
            }
            if (!backsUp(record)) {
                writer.passOver(new TopicPartitionId(record.originalTopic(), record.originalKafkaPartition()),
                        record.originalKafkaOffset());
                continue;
            }
            try {
                writer.write(SinkRecordConversion.toBackupRecord(record));
            } catch (ObjectUploadException | RewindNeededException e) {
                handle(e);
            }
        }
        try {
            writer.storeDue();
        } catch (ObjectUploadException | RewindNeededException e) {
            handle(e);
        }
        if (writer.stats().objectsStored() > storedBefore) {
            // Commit soon rather than at the next interval: fewer records to redo after a crash.
            context.requestCommit();
        }
        metrics.update(writer, retries.retrying());
    }

    /**
     * Whether a record goes into the backup; every record does, unless a connector of a special topic leaves some out
     * on purpose (and says so in its documentation). A record left out counts as handled for the offset commit.
     */
    protected boolean backsUp(SinkRecord record) {
        return true;
    }

    /** Rewinds every partition whose background upload failed since the last put. */
    private void raiseUploadFailures() {
        while (true) {
            try {
                writer.checkUploads();
                return;
            } catch (ObjectUploadException | RewindNeededException e) {
                handle(e);
            }
        }
    }

    /**
     * A failed store rewinds its partition and pauses it until its retry is due; a store that found its name taken by
     * an object of the same log ending earlier ({@link RewindNeededException}) rewinds it to that object's end at once.
     */
    private void handle(RuntimeException e) {
        if (e instanceof RewindNeededException rewind) {
            rewind(rewind.partition(), rewind.offset());
            return;
        }
        ObjectUploadException failure = (ObjectUploadException) e;
        if (failure.retriable()) {
            rewind(failure.partition(), failure.startOffset());
        }
        retries.failed(failure);
    }

    /** Where this task's objects go: the storage's layout, unless a subclass keeps its objects apart. */
    protected BackupLayout layout(BackupSinkConfig config, Map<String, String> props) {
        return config.storage().layout();
    }

    /** Whether the task keeps its topics within their retention ({@link RetentionMaintenance}). */
    protected boolean managesRetention() {
        return true;
    }

    /** Called when partitions are assigned, after their incarnations are known. */
    protected void afterOpen(Collection<TopicPartition> partitions) {
    }

    /** Called at the start of each put, before any record is written; rewinds here skip the batch's records. */
    protected void beforePut() {
    }

    protected final BackupWriter writer() {
        return writer;
    }

    protected final ObjectStorage storage() {
        return storage;
    }

    /** Moves the partition back to {@code offset}: its open object is dropped and its records in this batch skipped. */
    protected final void rewindTo(TopicPartition tp, long offset) {
        rewind(new TopicPartitionId(tp.topic(), tp.partition()), offset);
    }

    private void rewind(TopicPartitionId tp, long offset) {
        writer.discard(tp);
        rewound.add(tp);
        context.offset(new TopicPartition(tp.topic(), tp.partition()), offset);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartitionId, Long> committable = writer.committableOffsets();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> current : currentOffsets.entrySet()) {
            TopicPartition tp = current.getKey();
            TopicPartitionId id = new TopicPartitionId(tp.topic(), tp.partition());
            Long offset = committable.get(id);
            if (offset == null && assigned.contains(id) && !rewound.contains(id)) {
                // Nothing written since the partition was assigned or rewound: Connect's offset is where it was then,
                // the offset Connect commits anyway for a partition the task leaves out, but without the metadata.
                offset = current.getValue().offset();
            }
            if (offset != null) {
                // The metadata on every partition marks the group as a backup's: a backup of group offsets leaves it out.
                offsets.put(tp, new OffsetAndMetadata(offset, CommittedOffsets.BACKUP_COMMIT_METADATA));
            }
        }
        return offsets;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Connect calls this when a task stops and when partitions are revoked, after its last offset commit. The open
        // objects are stored, so that a stopped backup holds everything it was given even if the cluster is lost
        // afterwards. Their offsets stay uncommitted: whichever task gets the partition next starts from the same
        // offset and writes an object of the same name over it. A failure here loses nothing for the same reason.
        for (TopicPartition tp : partitions) {
            TopicPartitionId id = new TopicPartitionId(tp.topic(), tp.partition());
            try {
                writer.storeOpen(id);
            } catch (ObjectUploadException e) {
                log.warn("{}. The records from offset {} stay uncommitted and will be backed up again by the next"
                        + " task to get partition {}.", e.getMessage(), e.startOffset(), tp);
            } catch (RewindNeededException e) {
                log.info("The records of {} from offset {} stay uncommitted and will be backed up by the next task to"
                        + " get the partition: an object of the same log already held the ones before", tp,
                        e.offset());
            }
            writer.forget(id);
            retries.forget(tp);
            assigned.remove(id);
        }
        if (retention != null) {
            retention.closed(partitions);
        }
        if (definitions != null) {
            definitions.closed(partitions);
        }
        metrics.update(writer, retries.retrying());
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.unregister();
        }
        if (retention != null) {
            retention.close();
        }
        if (definitions != null) {
            definitions.close();
        }
        if (topicIds != null) {
            topicIds.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (storage != null) {
            storage.close();
        }
    }
}
