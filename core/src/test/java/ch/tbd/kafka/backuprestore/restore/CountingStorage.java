package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Passes everything to a real storage and records which keys were downloaded whole and which by range. */
class CountingStorage implements ObjectStorage {

    final List<String> gets = Collections.synchronizedList(new ArrayList<>());
    final List<String> rangeGets = Collections.synchronizedList(new ArrayList<>());
    private final ObjectStorage delegate;

    CountingStorage(ObjectStorage delegate) {
        this.delegate = delegate;
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
        gets.add(key);
        return delegate.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        rangeGets.add(key);
        return delegate.getRange(key, offset, length);
    }

    @Override
    public Stream<StoredObject> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
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
