package ch.tbd.kafka.backuprestore.storage.local;

import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Walks the files below a root depth first and yields them in ascending key order, reading one directory at a time.
 *
 * <p>Sorting each directory's names is not enough on its own: the key {@code a-b} sorts before {@code a/x} because
 * '-' is below '/', yet the directory {@code a} sorts before the file {@code a-b}. Sorting a directory as its name
 * followed by '/' gives every key below it the right place among its siblings.
 */
final class SortedKeyWalker implements Iterator<StoredObject> {

    private record Entry(String key, Path path, boolean directory, long size) {
        String sortKey() {
            return directory ? key + "/" : key;
        }
    }

    private final Path root;
    private final String prefix;
    private final Function<IOException, StorageException> onFailure;
    private final Deque<Iterator<Entry>> pending = new ArrayDeque<>();
    private boolean started;
    private StoredObject next;

    SortedKeyWalker(Path root, String prefix, Function<IOException, StorageException> onFailure) {
        this.root = root;
        this.prefix = prefix;
        this.onFailure = onFailure;
    }

    @Override
    public boolean hasNext() {
        if (!started) {
            started = true;
            // Start in the deepest directory the prefix names in full: "a/b/c" starts in a/b.
            push(LocalKeys.directoryOf(root, prefix), prefix.substring(0, prefix.lastIndexOf('/') + 1));
        }
        while (next == null && !pending.isEmpty()) {
            Iterator<Entry> siblings = pending.peek();
            if (!siblings.hasNext()) {
                pending.pop();
                continue;
            }
            Entry entry = siblings.next();
            if (entry.directory()) {
                String directoryKey = entry.key() + "/";
                if (directoryKey.startsWith(prefix) || prefix.startsWith(directoryKey)) {
                    push(entry.path(), directoryKey);
                }
            } else if (entry.key().startsWith(prefix)) {
                next = new StoredObject(entry.key(), entry.size());
            }
        }
        return next != null;
    }

    @Override
    public StoredObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StoredObject result = next;
        next = null;
        return result;
    }

    private void push(Path directory, String keyPrefix) {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (LocalKeys.isTemporary(name)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(child, BasicFileAttributes.class);
                } catch (NoSuchFileException deletedMeanwhile) {
                    continue;
                }
                if (attributes.isDirectory() || attributes.isRegularFile()) {
                    entries.add(new Entry(keyPrefix + name, child, attributes.isDirectory(), attributes.size()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException noSuchDirectory) {
            return;
        } catch (IOException e) {
            throw onFailure.apply(e);
        }
        entries.sort((a, b) -> LocalKeys.compare(a.sortKey(), b.sortKey()));
        pending.push(entries.iterator());
    }
}
