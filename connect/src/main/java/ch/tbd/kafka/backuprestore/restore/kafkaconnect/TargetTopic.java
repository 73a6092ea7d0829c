package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.ObjectKey;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import ch.tbd.kafka.backuprestore.topics.TopicDefinitions;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic a restore writes into, with what the backup says of it: the partitions it has records in, the captured
 * definition of the backed-up topic the restore takes, and the first object of each partition, whose header tells the
 * oldest timestamp restored. Worked out once, by the connector and by the CLI's dry run alike.
 *
 * @param target           the topic written into
 * @param source           the backed-up topic
 * @param partitionsNeeded the partitions the backup has records in
 * @param definition       the captured definition the restore takes ({@link TopicDefinitions#forRestore})
 * @param firstObjects     each partition's first object
 */
public record TargetTopic(String target, String source, int partitionsNeeded, Optional<TopicDefinition> definition,
        List<String> firstObjects) {

    private static final Logger log = LoggerFactory.getLogger(TargetTopic.class);

    public TargetTopic {
        firstObjects = List.copyOf(firstObjects);
    }

    /**
     * @param listings each restored topic's partitions and objects, by backed-up name
     * @param window   the restore's window: a definition is taken as of its end
     */
    public static List<TargetTopic> of(ObjectStorage storage, BackupLayout layout, TopicMapping mapping,
            Map<String, SortedMap<Integer, List<BackupObjectRef>>> listings, RestoreWindow window) {
        TopicDefinitions definitions = new TopicDefinitions(storage, layout);
        Map<String, TargetTopic> targets = new LinkedHashMap<>();
        mapping.targets().forEach((source, target) -> {
            SortedMap<Integer, List<BackupObjectRef>> partitions = listings.get(source);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<String> firstObjects = new ArrayList<>();
            partitions.values().stream().filter(objects -> !objects.isEmpty())
                    .forEach(objects -> firstObjects.add(objects.get(0).key()));
            String topicId = firstObjects.isEmpty() ? null : topicId(storage, layout, firstObjects.get(0));
            TargetTopic topic = new TargetTopic(target, source, partitions.lastKey() + 1,
                    definition(definitions, source, topicId, window), firstObjects);
            targets.merge(target, topic, (earlier, later) -> new TargetTopic(target, earlier.source,
                    Math.max(earlier.partitionsNeeded, later.partitionsNeeded), earlier.definition,
                    concat(earlier.firstObjects, later.firstObjects)));
        });
        return List.copyOf(targets.values());
    }

    /** The oldest record timestamp the restore may write, from the first objects' headers; empty when none has one. */
    public OptionalLong oldestTimestamp(ObjectStorage storage, RestoreWindow window) {
        OptionalLong oldest = OptionalLong.empty();
        for (String key : firstObjects) {
            Long min = summary(storage, key).map(ObjectSummary::minTimestamp).orElse(null);
            if (min != null && (oldest.isEmpty() || min < oldest.getAsLong())) {
                oldest = OptionalLong.of(min);
            }
        }
        if (oldest.isPresent() && window.fromTimestamp() != null && window.fromTimestamp() > oldest.getAsLong()) {
            return OptionalLong.of(window.fromTimestamp());
        }
        return oldest;
    }

    /**
     * The captured definition to restore {@code source} by; empty, with a warning that names the object, when it
     * cannot be read: a damaged definition must not stop the restore of the records.
     */
    private static Optional<TopicDefinition> definition(TopicDefinitions definitions, String source, String topicId,
            RestoreWindow window) {
        try {
            return definitions.forRestore(source, topicId, window.toTimestamp());
        } catch (UncheckedIOException e) {
            log.warn("The captured definition of topic {} cannot be read: {}. A missing target topic is created with"
                    + " the broker's defaults; remove or repair the object", source, e.getMessage());
            return Optional.empty();
        }
    }

    /** The id of the topic an object's records came from: in its key for a later incarnation, else its header. */
    private static String topicId(ObjectStorage storage, BackupLayout layout, String key) {
        String inKey = layout.parse(key).map(ObjectKey::topicId).orElse(null);
        return inKey != null ? inKey : summary(storage, key).map(ObjectSummary::topicId).orElse(null);
    }

    /**
     * An object's header; empty when it cannot be read, since a damaged object is the restore's task to report, with
     * its own settings (restore.skip.damaged.enabled), not this look-ahead's.
     */
    private static Optional<ObjectSummary> summary(ObjectStorage storage, String key) {
        try {
            return Optional.of(BackupObjectReader.readSummary(storage, key, read -> { }));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
