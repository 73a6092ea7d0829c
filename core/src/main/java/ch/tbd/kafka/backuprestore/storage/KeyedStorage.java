package ch.tbd.kafka.backuprestore.storage;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A storage opened with the keys of the backup it holds, so that every reader and writer that is handed the storage
 * encrypts and decrypts with them, whichever part of the tool it is. Everything else is the wrapped storage's.
 */
public final class KeyedStorage implements ObjectStorage {

    private final ObjectStorage storage;
    private final KeyRing keys;

    public KeyedStorage(ObjectStorage storage, KeyRing keys) {
        this.storage = storage;
        this.keys = keys;
    }

    @Override
    public KeyRing keyRing() {
        return keys;
    }

    @Override
    public void checkAccess() {
        storage.checkAccess();
    }

    @Override
    public void put(String key, ObjectContent content) {
        storage.put(key, content);
    }

    @Override
    public boolean putIfAbsent(String key, ObjectContent content) {
        return storage.putIfAbsent(key, content);
    }

    @Override
    public InputStream get(String key) {
        return storage.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return storage.getRange(key, offset, length);
    }

    @Override
    public Stream<StoredObject> list(String prefix) {
        return storage.list(prefix);
    }

    @Override
    public List<String> listDirectories(String prefix) {
        return storage.listDirectories(prefix);
    }

    @Override
    public void delete(String key) {
        storage.delete(key);
    }

    @Override
    public FailureCounts requestRetries() {
        return storage.requestRetries();
    }

    @Override
    public Optional<BucketLifecycle> lifecycle() {
        return storage.lifecycle();
    }

    @Override
    public String location() {
        return storage.location();
    }

    @Override
    public void close() {
        try {
            storage.close();
        } finally {
            keys.close();
        }
    }
}
