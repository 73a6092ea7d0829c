package ch.tbd.kafka.backuprestore.retention;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.ObjectKey;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@link ExpiryMarker}s of a backup location: {@code [PREFIX/]~retention/TOPIC/INCARNATION/PARTITION.json}.
 */
public final class ExpiryMarkers {

    static final String DIRECTORY = "retention";

    private final ObjectStorage storage;
    private final BackupLayout layout;

    public ExpiryMarkers(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** The markers of one incarnation of a topic, by partition; empty when retention never removed any of it. */
    public Map<Integer, ExpiryMarker> of(String topic, int incarnation) {
        Map<Integer, ExpiryMarker> markers = new TreeMap<>();
        try (Stream<StoredObject> objects = storage.list(incarnationPrefix(topic, incarnation))) {
            objects.forEach(object -> {
                ExpiryMarker marker = load(object.key());
                markers.put(marker.partition(), marker);
            });
        }
        return markers;
    }

    /**
     * The marker of the partition these objects belong to (as {@link BackupCatalog#partitions} lists them); empty when
     * retention removed none of its objects, or when no object is left to tell which partition it is.
     */
    public Optional<ExpiryMarker> forObjects(List<BackupObjectRef> objects) {
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        BackupObjectRef first = objects.get(0);
        return read(key(first.topic(), incarnationOf(first), first.partition()));
    }

    /**
     * The markers of a topic's partitions as {@link BackupCatalog#partitions} lists them, by partition, read with one
     * listing: for a restore of many partitions.
     */
    public Map<Integer, ExpiryMarker> forPartitions(java.util.SortedMap<Integer, List<BackupObjectRef>> partitions) {
        return partitions.values().stream().filter(objects -> !objects.isEmpty()).findFirst()
                .map(objects -> of(objects.get(0).topic(), incarnationOf(objects.get(0))))
                .orElse(Map.of());
    }

    private int incarnationOf(BackupObjectRef object) {
        return layout.parse(object.key()).map(ObjectKey::incarnation).orElse(1);
    }

    /** Records a sweep of one partition, merged with what earlier sweeps recorded. */
    void record(ExpiryMarker marker) {
        String key = key(marker.topic(), marker.incarnation(), marker.partition());
        ExpiryMarker merged = read(key).map(earlier -> earlier.mergedWith(marker)).orElse(marker);
        storage.put(key, ObjectContent.of(merged.toJson()));
    }

    private Optional<ExpiryMarker> read(String key) {
        try (Stream<StoredObject> found = storage.list(key)) {
            if (found.noneMatch(object -> object.key().equals(key))) {
                return Optional.empty();
            }
        }
        return Optional.of(load(key));
    }

    private ExpiryMarker load(String key) {
        try (InputStream in = storage.get(key)) {
            return ExpiryMarker.fromJson(in, storage.location() + "/" + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String incarnationPrefix(String topic, int incarnation) {
        return layout.metadataPrefix(DIRECTORY) + topic + "/" + incarnation + "/";
    }

    private String key(String topic, int incarnation, int partition) {
        return incarnationPrefix(topic, incarnation) + partition + ".json";
    }
}
