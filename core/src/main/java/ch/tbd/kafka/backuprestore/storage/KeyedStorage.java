package ch.tbd.kafka.backuprestore.storage;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;

/**
 * A storage opened with the keys of the backup it holds, so that every reader and writer that is handed the storage
 * encrypts and decrypts with them, whichever part of the tool it is. Everything else is the wrapped storage's.
 */
public final class KeyedStorage extends ForwardingStorage {

    private final KeyRing keys;

    public KeyedStorage(ObjectStorage storage, KeyRing keys) {
        super(storage);
        this.keys = keys;
    }

    @Override
    public KeyRing keyRing() {
        return keys;
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            keys.close();
        }
    }
}
