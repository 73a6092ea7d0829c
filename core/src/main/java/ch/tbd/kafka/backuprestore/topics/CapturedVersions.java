package ch.tbd.kafka.backuprestore.topics;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Versions of one JSON document kept under a key prefix, one object per capture that differed from the one before,
 * named by its capture time ({@code 20261207T151743.123Z.json}) so that a listing gives them oldest first. Never
 * replaced nor removed: a restore to a point in time takes the version of that time.
 *
 * @param <T> the document
 */
final class CapturedVersions<T> {

    private static final DateTimeFormatter KEY_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String EXTENSION = ".json";

    /** Reads a document from its bytes; the name is for messages. */
    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream in, String name) throws IOException;
    }

    /**
     * Reads one version of a JSON document whose shape has a {@code formatVersion}: one newer than this release
     * knows is refused before its fields are looked at, so that the message says to upgrade rather than what is
     * missing.
     *
     * @param what the document, for messages ("a topic definition")
     */
    static <T> T readJson(ObjectMapper json, InputStream in, String name, String what, int currentVersion,
            Class<T> type) throws IOException {
        JsonNode tree;
        try {
            tree = json.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IOException("'" + name + "' is not " + what + ": " + e.getOriginalMessage(), e);
        }
        int version = tree == null ? 0 : tree.path("formatVersion").asInt(0);
        if (version > currentVersion) {
            throw new IOException("'" + name + "' is " + what + " of format version " + version
                    + ", newer than this release reads (" + currentVersion + "): upgrade Kafka Backup to read it");
        }
        try {
            return json.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new IOException("'" + name + "' is not " + what + ": " + e.getMessage(), e);
        }
    }

    private final ObjectStorage storage;
    private final String prefix;
    private final Reader<T> reader;

    CapturedVersions(ObjectStorage storage, String prefix, Reader<T> reader) {
        this.storage = storage;
        this.prefix = prefix;
        this.reader = reader;
    }

    /** The versions' keys, oldest first. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            objects.map(StoredObject::key).filter(key -> key.endsWith(EXTENSION)
                    && key.indexOf('/', prefix.length()) < 0).forEach(keys::add);
        }
        return keys;
    }

    /** Every version, oldest first. */
    List<T> all() {
        return keys().stream().map(this::load).toList();
    }

    /** The newest version that {@code wanted} accepts, looking back from the newest. */
    Optional<T> newest(Predicate<T> wanted) {
        List<String> keys = keys();
        for (int i = keys.size() - 1; i >= 0; i--) {
            T version = load(keys.get(i));
            if (wanted.test(version)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** Stores a version captured at {@code time}; a second capture in the same millisecond replaces the first. */
    String store(Instant time, byte[] json) {
        String key = prefix + KEY_TIME.format(time) + EXTENSION;
        storage.put(key, ObjectContent.of(json));
        return key;
    }

    private T load(String key) {
        try (InputStream in = storage.get(key)) {
            return reader.read(in, storage.location() + "/" + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
