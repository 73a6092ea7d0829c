package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.compact.CompactSnapshots;
import ch.tbd.kafka.backuprestore.format.IncarnationResolver;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.format.ObjectKey;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backup location holds, found by listing keys only: topics, their partitions and each partition's objects.
 *
 * <p>Keys that the {@link BackupLayout} does not recognise are not ours (a README, an operator's notes, another tool's
 * files under the same prefix). They are never read, but they are not ignored silently either: each listing logs them
 * at WARN, and {@link #foreignKeys(String)} returns them for a tool that wants to show them.
 *
 * <p>A compacted topic backed up by a pair of instances ({@code CompactBackupSinkConnector}) has no objects of its own:
 * its partitions are those of the newest complete snapshot of each ({@link CompactSnapshots}), or of the instance
 * named when the catalog was made.
 *
 * <p>Every call lists afresh, so a catalog sees objects stored after it was created.
 */
public final class BackupCatalog {

    private static final Logger log = LoggerFactory.getLogger(BackupCatalog.class);
    private static final int FOREIGN_KEYS_LOGGED = 5;

    private final ObjectStorage storage;
    private final BackupLayout layout;
    private final String instance;

    public BackupCatalog(ObjectStorage storage, BackupLayout layout) {
        this(storage, layout, null);
    }

    /**
     * A catalog that reads compacted topics from {@code instance}'s snapshot where it has one, rather than from the
     * newest complete snapshot; topics it has no objects of read as usual.
     */
    public BackupCatalog(ObjectStorage storage, BackupLayout layout, String instance) {
        this.storage = storage;
        this.layout = layout;
        this.instance = instance == null || instance.isBlank() ? null : instance.strip();
    }

    /**
     * The distinct topics with at least one object, and the compacted topics with a complete snapshot, in name order.
     */
    public List<String> topics() {
        // A listing without a delimiter walks every object under the prefix; the storage interface has no
        // "common prefixes" call, and a listing is cheap next to reading the objects.
        TreeSet<String> topics = new TreeSet<>();
        TreeSet<String> compacted = new TreeSet<>();
        scan(layout.prefix(), (key, parsed, size) -> topics.add(parsed.topic()), compacted::add);
        if (!compacted.isEmpty()) {
            // Only those with a complete snapshot: a first one still being built has nothing to restore yet.
            compacted.retainAll(new CompactSnapshots(storage, layout).topics());
            topics.addAll(compacted);
        }
        return List.copyOf(topics);
    }

    /**
     * The partitions of the topic's newest incarnation in numeric order, each with its objects in start-offset order.
     * A topic deleted and created again while it was backed up has several incarnations ({@link Incarnation}); the
     * newest is the one backed up last.
     */
    public SortedMap<Integer, List<BackupObjectRef>> partitions(String topic) {
        return partitions(topic, null);
    }

    /**
     * The partitions of one incarnation of the topic, each with its objects in start-offset order.
     *
     * @param incarnation its number, its topic id, or {@code null} for the newest
     * @throws IllegalArgumentException when the backup holds no such incarnation of the topic
     */
    public SortedMap<Integer, List<BackupObjectRef>> partitions(String topic, String incarnation) {
        if (instance != null && layout.instance() == null
                && BackupLayout.instanceNameProblem(instance) == null) {
            SortedMap<Integer, List<BackupObjectRef>> own = new BackupCatalog(storage, layout.forInstance(instance))
                    .partitions(topic, incarnation);
            if (!own.isEmpty()) {
                return own;
            }
        }
        SortedMap<Integer, SortedMap<Integer, List<BackupObjectRef>>> byIncarnation = new TreeMap<>();
        Map<Integer, String> topicIds = new HashMap<>();
        scan(layout.topicPrefix(topic), (key, parsed, size) -> {
            if (parsed.topic().equals(topic)) {
                byIncarnation.computeIfAbsent(parsed.incarnation(), i -> new TreeMap<>())
                        .computeIfAbsent(parsed.partition(), p -> new ArrayList<>())
                        .add(new BackupObjectRef(key, topic, parsed.partition(), parsed.startOffset(), size));
                if (parsed.topicId() != null) {
                    topicIds.put(parsed.incarnation(), parsed.topicId());
                }
            }
        }, compacted -> { });
        if (byIncarnation.isEmpty() && layout.instance() == null) {
            SortedMap<Integer, List<BackupObjectRef>> snapshots = currentSnapshots(topic, incarnation);
            if (!snapshots.isEmpty()) {
                return snapshots;
            }
        }
        if (byIncarnation.isEmpty()) {
            if (incarnation != null) {
                throw new IllegalArgumentException("Topic '" + topic + "' is not in the backup at "
                        + storage.location() + "/" + layout.prefix() + ", so it has no incarnation " + incarnation);
            }
            return new TreeMap<>();
        }
        int chosen = incarnation == null ? byIncarnation.lastKey() : chosen(topic, incarnation, byIncarnation.keySet(),
                topicIds);
        if (incarnation == null && byIncarnation.size() > 1) {
            log.warn("Topic '{}' has {} incarnations in the backup (it was deleted and created again): using the"
                    + " newest, {}. The others: {}", topic, byIncarnation.size(),
                    new Incarnation(topicIds.get(chosen), chosen).describe(),
                    byIncarnation.keySet().stream().filter(n -> n != chosen).toList());
        }
        SortedMap<Integer, List<BackupObjectRef>> partitions = byIncarnation.get(chosen);
        // Keys sort by zero-padded offset already; sorting again keeps the order a guarantee of this class, not of
        // every storage's listing.
        partitions.replaceAll((partition, refs) -> refs.stream()
                .sorted(Comparator.comparingLong(BackupObjectRef::startOffset))
                .toList());
        return partitions;
    }

    /** Per partition of a compacted topic, the objects of its newest complete snapshot; empty for other topics. */
    private SortedMap<Integer, List<BackupObjectRef>> currentSnapshots(String topic, String incarnation) {
        SortedMap<Integer, List<BackupObjectRef>> partitions = new TreeMap<>();
        Map<String, SortedMap<Integer, List<BackupObjectRef>>> byInstance = new HashMap<>();
        new CompactSnapshots(storage, layout).current(topic).forEach((partition, marker) -> {
            List<BackupObjectRef> objects = byInstance.computeIfAbsent(marker.instance(), name ->
                    new BackupCatalog(storage, layout.forInstance(name)).partitions(topic, incarnation))
                    .get(partition);
            partitions.put(partition, objects == null ? List.of() : objects);
        });
        return partitions;
    }

    /** The incarnations of the topic in the backup, in the order they were backed up ({@link Incarnation}). */
    public List<Incarnation> incarnations(String topic) {
        return IncarnationResolver.find(storage, layout, topic).all();
    }

    private int chosen(String topic, String wanted, java.util.Set<Integer> present, Map<Integer, String> topicIds) {
        String trimmed = wanted.trim();
        for (int number : present) {
            if (Integer.toString(number).equals(trimmed) || trimmed.equals(topicIds.get(number))) {
                return number;
            }
        }
        if (present.contains(1) && !topicIds.containsKey(1)) {
            // The original layout names no topic id: its objects' headers do.
            String original = incarnations(topic).stream().filter(i -> i.number() == 1).map(Incarnation::topicId)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (trimmed.equals(original)) {
                return 1;
            }
        }
        throw new IllegalArgumentException("Topic '" + topic + "' has no incarnation '" + wanted + "' in the backup at "
                + storage.location() + "/" + layout.prefix() + "; it has " + incarnations(topic).stream()
                .map(Incarnation::describe).toList());
    }

    /** Keys under {@code topic}'s prefix, or under the whole prefix for {@code null}, that are not backup objects. */
    public List<String> foreignKeys(String topic) {
        String prefix = topic == null ? layout.prefix() : layout.topicPrefix(topic);
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.map(StoredObject::key)
                    .filter(key -> layout.parse(key).isEmpty() && !layout.isMetadata(key)
                            && layout.instanceOf(key).isEmpty()).toList();
        }
    }

    private interface ObjectVisitor {
        void visit(String key, ObjectKey parsed, long size);
    }

    /** @param compactedTopic told the topic of each object of a compacted backup's instance */
    private void scan(String prefix, ObjectVisitor visitor, java.util.function.Consumer<String> compactedTopic) {
        List<String> foreign = new ArrayList<>();
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            objects.forEach(object -> {
                if (layout.isMetadata(object.key())) {
                    return;
                }
                Optional<ObjectKey> parsed = layout.parse(object.key());
                if (parsed.isPresent()) {
                    visitor.visit(object.key(), parsed.get(), object.size());
                } else if (layout.instanceOf(object.key()).isPresent()) {
                    compactedTopic.accept(object.key().substring(layout.prefix().length()).split("/")[0]);
                } else {
                    foreign.add(object.key());
                }
            });
        }
        if (!foreign.isEmpty()) {
            log.warn("Ignoring {} object(s) under '{}' in {} that are not backup objects, for example {}: they are"
                    + " not restored; move them elsewhere to silence this warning", foreign.size(), prefix,
                    storage.location(), foreign.subList(0, Math.min(FOREIGN_KEYS_LOGGED, foreign.size())));
        }
    }
}
