package ch.tbd.kafka.backuprestore.storage;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A storage that passes every call to another: extend it and override only the calls to change, so that a wrapper
 * never drops one by mistake (a listing level or a key ring that the wrapped storage answers better than the
 * interface's default).
 */
public abstract class ForwardingStorage implements ObjectStorage {

    private final ObjectStorage delegate;

    protected ForwardingStorage(ObjectStorage delegate) {
        this.delegate = delegate;
    }

    protected final ObjectStorage delegate() {
        return delegate;
    }

    @Override
    public void checkAccess() {
        delegate.checkAccess();
    }

    @Override
    public void put(String key, ObjectContent content) {
        delegate.put(key, content);
    }

    @Override
    public boolean putIfAbsent(String key, ObjectContent content) {
        return delegate.putIfAbsent(key, content);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return delegate.getRange(key, offset, length);
    }

    @Override
    public Stream<StoredObject> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public List<String> listDirectories(String prefix) {
        return delegate.listDirectories(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public FailureCounts requestRetries() {
        return delegate.requestRetries();
    }

    @Override
    public Optional<BucketLifecycle> lifecycle() {
        return delegate.lifecycle();
    }

    @Override
    public KeyRing keyRing() {
        return delegate.keyRing();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
