package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small in-memory storage for unit tests of the backup logic, which can be told to fail its next puts. Safe for the
 * writer's upload threads: every access holds the storage's lock.
 */
final class InMemoryStorage implements ObjectStorage {

    final SortedMap<String, byte[]> objects = Collections.synchronizedSortedMap(new TreeMap<>());
    int puts;
    int failNextPuts;
    boolean failRetriable = true;

    @Override
    public void checkAccess() {}

    @Override
    public synchronized void put(String key, ObjectContent content) {
        puts++;
        if (failNextPuts > 0) {
            failNextPuts--;
            throw new StorageException("simulated failure storing " + key, failRetriable, null);
        }
        try (InputStream in = content.open()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != content.length()) {
                throw new IllegalStateException("content length " + content.length() + " but " + bytes.length);
            }
            objects.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized boolean putIfAbsent(String key, ObjectContent content) {
        if (objects.containsKey(key)) {
            puts++;
            return false;
        }
        put(key, content);
        return true;
    }

    @Override
    public synchronized InputStream get(String key) {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new StorageException("no object " + key, false, null);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized InputStream getRange(String key, long offset, long length) {
        byte[] bytes = objects.get(key);
        int from = (int) Math.min(offset, bytes.length);
        int to = (int) Math.min(bytes.length, offset + length);
        return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, to));
    }

    @Override
    public synchronized Stream<StoredObject> list(String prefix) {
        return objects.tailMap(prefix).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> new StoredObject(e.getKey(), e.getValue().length))
                .toList().stream();
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
    }

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public void close() {}
}
