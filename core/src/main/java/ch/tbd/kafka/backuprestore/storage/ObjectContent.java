package ch.tbd.kafka.backuprestore.storage;

import java.io.InputStream;

/**
 * The bytes of an object to store. It can be opened more than once, so that a storage client may retry an upload from
 * the start without the caller holding a second copy.
 */
public interface ObjectContent {

    /** Exact number of bytes {@link #open()} yields. */
    long length();

    /** A fresh stream over the whole content. */
    InputStream open();

    static ObjectContent of(byte[] bytes) {
        return new ObjectContent() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }
}
