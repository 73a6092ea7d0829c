package ch.tbd.kafka.backuprestore.storage;

import java.io.InputStream;
import java.util.stream.Stream;

/**
 * Where backup objects live: an S3 bucket or a local directory.
 *
 * <p>Keys are '/'-separated paths relative to the storage root. Implementations make an object visible only once it is
 * completely written, so a reader never sees half an object, and a second {@link #put} of the same key replaces the
 * first: this is what makes a re-delivered backup rewrite an object instead of adding a copy.
 *
 * <p>Every failure is a {@link StorageException} that says whether retrying can help.
 */
public interface ObjectStorage extends AutoCloseable {

    /** Fails with a clear {@link StorageException} when the storage root is missing or not accessible. */
    void checkAccess();

    /** Stores {@code content} under {@code key}, replacing any object of that name. */
    void put(String key, ObjectContent content);

    /** Opens the whole object as a stream; the caller closes it. */
    InputStream get(String key);

    /** Opens {@code length} bytes from {@code offset} (fewer where the object is shorter); the caller closes it. */
    InputStream getRange(String key, long offset, long length);

    /** Objects whose key starts with {@code prefix}, in ascending key order, fetched lazily; close the stream. */
    Stream<StoredObject> list(String prefix);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    /** Where this storage points, for messages: {@code s3://bucket} or a directory path. */
    String location();

    @Override
    void close();
}
