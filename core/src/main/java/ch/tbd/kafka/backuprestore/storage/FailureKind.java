package ch.tbd.kafka.backuprestore.storage;

import java.util.Locale;

/**
 * What kind of storage failure happened, for counting and alerting: each kind calls for a different response from an
 * operator. The kind is decided once, by {@link StorageErrors}.
 */
public enum FailureKind {

    /** The store asked to slow down (HTTP 429, 503 SlowDown): more tasks or fewer requests, not a broken store. */
    THROTTLED,
    /** The store answered with another 5xx: its own trouble. */
    SERVER_ERROR,
    /** No usable answer: a connection refused, reset or cut short, a timeout, a disk I/O error. */
    IO,
    /** The store refused the request (4xx: credentials, permissions, a missing bucket, an untrusted certificate). */
    REFUSED,
    /** Anything else. */
    OTHER;

    /** The kind's name in metric names and documentation: {@code throttled}, {@code server-error}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of {@code failure}, as {@link StorageErrors#kind} decides. */
    public static FailureKind of(Throwable failure) {
        return StorageErrors.kind(failure);
    }

    /** The kind of a failed HTTP answer with {@code status}. */
    public static FailureKind ofStatus(int status) {
        if (status == 429 || status == 503) {
            return THROTTLED;
        }
        // 501: the store does not implement what the settings ask of it.
        if (status == 501) {
            return REFUSED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status == 408) {
            return IO;
        }
        // 3xx: S3 redirects a request to a bucket of another region.
        return status >= 300 ? REFUSED : OTHER;
    }
}
