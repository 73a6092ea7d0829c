package ch.tbd.kafka.backuprestore.compact;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@link SnapshotMarker}s of a backup location: {@code [PREFIX/]~compact/TOPIC/PARTITION/INSTANCE.json}, outside
 * every topic's directory, so that no lifecycle rule filtered on a topic expires them.
 */
public final class CompactSnapshots {

    static final String DIRECTORY = "compact";
    private static final String EXTENSION = ".json";

    private final ObjectStorage storage;
    private final BackupLayout layout;

    public CompactSnapshots(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** Marks an instance's snapshot of a partition complete, replacing the instance's earlier marker. */
    public void markComplete(SnapshotMarker marker) {
        storage.put(key(marker.topic(), marker.partition(), marker.instance()), ObjectContent.of(marker.toJson()));
    }

    /** Removes an instance's marker of a partition, before its snapshot's objects are deleted. */
    public void unmark(String topic, int partition, String instance) {
        storage.delete(key(topic, partition, instance));
    }

    /** Every marker of the topic, by partition. */
    public Map<Integer, List<SnapshotMarker>> markers(String topic) {
        Map<Integer, List<SnapshotMarker>> markers = new TreeMap<>();
        try (Stream<StoredObject> objects = storage.list(topicPrefix(topic))) {
            objects.filter(object -> object.key().endsWith(EXTENSION)).forEach(object -> read(object.key())
                    .ifPresent(marker -> markers.computeIfAbsent(marker.partition(), p -> new ArrayList<>())
                            .add(marker)));
        }
        return markers;
    }

    /** Per partition, the snapshot a restore takes: the newest complete one. */
    public Map<Integer, SnapshotMarker> current(String topic) {
        Map<Integer, SnapshotMarker> current = new TreeMap<>();
        markers(topic).forEach((partition, list) -> list.stream()
                .reduce((a, b) -> a.newerThan(b) ? a : b)
                .ifPresent(newest -> current.put(partition, newest)));
        return current;
    }

    /** The topics with at least one marker, in name order. */
    public List<String> topics() {
        return storage.listDirectories(layout.metadataPrefix(DIRECTORY));
    }

    /** The marker, or empty when it was removed since it was listed: its instance is retiring. */
    private Optional<SnapshotMarker> read(String key) {
        try (InputStream in = storage.get(key)) {
            return Optional.of(SnapshotMarker.fromJson(in, storage.location() + "/" + key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StorageException e) {
            try (Stream<StoredObject> still = storage.list(key)) {
                if (still.noneMatch(object -> object.key().equals(key))) {
                    return Optional.empty();
                }
            }
            throw e;
        }
    }

    private String topicPrefix(String topic) {
        return layout.metadataPrefix(DIRECTORY) + topic + "/";
    }

    private String key(String topic, int partition, String instance) {
        return topicPrefix(topic) + partition + "/" + instance + EXTENSION;
    }
}
