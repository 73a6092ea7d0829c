package ch.tbd.kafka.backuprestore.storage;

import ch.tbd.kafka.backuprestore.retention.LifecycleRule;
import java.util.List;

/**
 * A bucket's lifecycle configuration: the rules by which the store itself expires objects. Only stores that keep such
 * rules have one ({@link ObjectStorage#lifecycle()}).
 *
 * <p>Failures are {@link StorageException}s; a store that answers that it does not implement lifecycle rules (several
 * S3-compatible servers answer 501) fails with {@link UnsupportedByStoreException}.
 */
public interface BucketLifecycle {

    /** The rules, in the order the store gives them; empty when the bucket has none. */
    List<LifecycleRule> read();

    /** Replaces the whole configuration with {@code rules}; an empty list removes it. */
    void write(List<LifecycleRule> rules);

    /** The bucket, for messages: {@code s3://bucket}. */
    String bucket();
}
