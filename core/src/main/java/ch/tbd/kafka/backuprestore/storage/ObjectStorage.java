package ch.tbd.kafka.backuprestore.storage;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import java.io.InputStream;
import java.util.stream.Stream;

/**
 * Where backup objects live: an S3 bucket or a local directory.
 *
 * <p>Keys are '/'-separated paths relative to the storage root. Implementations make an object visible only once it is
 * completely written, so a reader never sees half an object. A second {@link #put} of the same key replaces the first;
 * {@link #putIfAbsent} never does, which is how the backup keeps one writer from replacing another's object.
 *
 * <p>Every failure is a {@link StorageException} that says whether retrying can help.
 */
public interface ObjectStorage extends AutoCloseable {

    /** Fails with a clear {@link StorageException} when the storage root is missing or not accessible. */
    void checkAccess();

    /** Stores {@code content} under {@code key}, replacing any object of that name. */
    void put(String key, ObjectContent content);

    /**
     * Stores {@code content} under {@code key} only if no object of that name exists, in one step that two writers
     * cannot both win: S3's conditional write ({@code If-None-Match: *}), a hard link on a file system. A store that
     * ignores the condition stores the object over the existing one, as {@link #put} does.
     *
     * @return true when stored; false, with nothing changed, when an object of that name exists
     */
    boolean putIfAbsent(String key, ObjectContent content);

    /** Opens the whole object as a stream; the caller closes it. */
    InputStream get(String key);

    /** Opens {@code length} bytes from {@code offset} (fewer where the object is shorter); the caller closes it. */
    InputStream getRange(String key, long offset, long length);

    /** Objects whose key starts with {@code prefix}, in ascending key order, fetched lazily; close the stream. */
    Stream<StoredObject> list(String prefix);

    /**
     * The distinct names of the "directories" directly under {@code prefix}, which is empty or ends in '/': for keys
     * {@code p/a/x} and {@code p/b/y/z}, {@code list("p/")} gives {@code a} and {@code b}. In ascending order. This
     * default walks every key below; S3 and the local directory answer from one listing level.
     */
    default java.util.List<String> listDirectories(String prefix) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        try (Stream<StoredObject> objects = list(prefix)) {
            objects.forEach(object -> {
                String rest = object.key().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash > 0) {
                    names.add(rest.substring(0, slash));
                }
            });
        }
        return java.util.List.copyOf(names);
    }

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    /**
     * Requests the storage client retried on its own so far, before any failure reached the caller, by the kind of
     * failure each retry followed. None for a store whose client does not retry.
     */
    default FailureCounts requestRetries() {
        return new FailureCounts();
    }

    /** The store's own expiry rules, where it keeps any: an S3 bucket's lifecycle configuration. Empty otherwise. */
    default java.util.Optional<BucketLifecycle> lifecycle() {
        return java.util.Optional.empty();
    }

    /**
     * The keys the backup at this location is encrypted with: the one that encrypts new objects, and older ones that
     * only read ({@link KeyedStorage}). None by default: objects are written plain, and an encrypted one is refused
     * with a message that names its key.
     */
    default KeyRing keyRing() {
        return KeyRing.NONE;
    }

    /** Where this storage points, for messages: {@code s3://bucket} or a directory path. */
    String location();

    @Override
    void close();
}
