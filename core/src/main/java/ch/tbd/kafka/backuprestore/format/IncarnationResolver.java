package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where a backup of a topic goes, given the topic's id: the original layout when it is free or already holds
 * this topic, the directory of this topic's incarnation when an earlier backup made one, or a new directory numbered
 * after the last. It reads two directory levels and at most one object header, so a task can ask for every topic it
 * is assigned.
 *
 * <p>Objects in the original layout written without a topic id (by a backup that could not ask the cluster, or by an
 * earlier release) are taken for the same topic: a topic created again in the meantime is still caught when the
 * backup meets an object of the same name with other records, and nothing is overwritten.
 */
public final class IncarnationResolver {

    private IncarnationResolver() {}

    /** What a location holds of a topic: its original layout's topic id, if any, and its own-directory incarnations. */
    public record Found(boolean original, String originalTopicId, List<Incarnation> ownDirectories) {

        /** Every incarnation, in the order the backup met them: the original first. */
        public List<Incarnation> all() {
            List<Incarnation> all = new ArrayList<>();
            if (original) {
                all.add(Incarnation.original(originalTopicId));
            }
            all.addAll(ownDirectories);
            return all;
        }
    }

    /** The incarnation the backup of {@code topic}, whose id is {@code topicId}, writes to. */
    public static Incarnation resolve(ObjectStorage storage, BackupLayout layout, String topic, String topicId) {
        if (topicId == null) {
            return Incarnation.UNKNOWN;
        }
        Found found = find(storage, layout, topic);
        for (Incarnation own : found.ownDirectories()) {
            if (own.topicId().equals(topicId)) {
                return own;
            }
        }
        boolean originalIsOurs = found.original()
                ? found.originalTopicId() == null || found.originalTopicId().equals(topicId)
                // An empty original layout is free, unless later incarnations exist: the newest must number highest.
                : found.ownDirectories().isEmpty();
        if (originalIsOurs) {
            return Incarnation.original(topicId);
        }
        int last = found.ownDirectories().stream().mapToInt(Incarnation::number).max().orElse(1);
        return new Incarnation(topicId, last + 1);
    }

    /** The incarnations of a topic found at a location. */
    public static Found find(ObjectStorage storage, BackupLayout layout, String topic) {
        List<Incarnation> own = new ArrayList<>();
        List<String> partitionDirectories = new ArrayList<>();
        for (String name : storage.listDirectories(layout.topicPrefix(topic))) {
            Optional<Incarnation> incarnation = Incarnation.ofDirectory(name);
            if (incarnation.isPresent()) {
                own.add(incarnation.get());
            } else if (name.chars().allMatch(Character::isDigit)) {
                partitionDirectories.add(name);
            }
        }
        own.sort((a, b) -> Integer.compare(a.number(), b.number()));
        for (String partition : partitionDirectories) {
            Optional<String> key = firstObject(storage, layout, layout.topicPrefix(topic) + partition + "/");
            if (key.isPresent()) {
                String topicId = BackupObjectReader.readSummary(storage, key.get(), bytes -> { }).topicId();
                return new Found(true, topicId, own);
            }
        }
        return new Found(false, null, own);
    }

    private static Optional<String> firstObject(ObjectStorage storage, BackupLayout layout, String prefix) {
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.map(StoredObject::key).filter(key -> layout.parse(key).isPresent()).findFirst();
        }
    }
}
