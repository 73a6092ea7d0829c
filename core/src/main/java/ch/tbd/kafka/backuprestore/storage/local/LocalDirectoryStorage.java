package ch.tbd.kafka.backuprestore.storage.local;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as files below a root directory; a key {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p>A put writes a hidden temporary file next to its target ({@code .<random>.tmp}, which {@link #list} skips),
 * forces it to disk and renames it over the target, so readers see the old object or the new one, never a part.
 *
 * <p>The root is never created, neither by {@link #checkAccess} nor by {@link #put}: a missing root usually means an
 * unmounted volume, and writing into its empty mount point would fill the wrong disk. Directories below the root are
 * created as needed and left in place when their last object is deleted, because removing them could race with a
 * concurrent put into the same directory.
 *
 * <p>Safe for use by several threads at once; concurrent puts of one key each write their own temporary file, and the
 * last rename wins.
 */
public final class LocalDirectoryStorage implements ObjectStorage {

    private static final Logger log = LoggerFactory.getLogger(LocalDirectoryStorage.class);

    private final Path root;

    public LocalDirectoryStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void checkAccess() {
        if (!Files.exists(root)) {
            throw StorageErrors.fatal("checkAccess", location(), null,
                    "the directory does not exist: create it or fix the configured path");
        }
        if (!Files.isDirectory(root)) {
            throw StorageErrors.fatal("checkAccess", location(), null,
                    "the path is not a directory: point the storage at a directory");
        }
        // Files.isWritable says yes to root on a read-only mount; only a real write tells.
        Path probe = root.resolve(temporaryName());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw StorageErrors.classify("checkAccess (writing a test file)", location(), null, e);
        }
    }

    @Override
    public void put(String key, ObjectContent content) {
        store("put", key, content, true);
    }

    @Override
    public boolean putIfAbsent(String key, ObjectContent content) {
        return store("putIfAbsent", key, content, false);
    }

    /**
     * Writes a temporary file next to the target and moves it in place: by a rename, which replaces any object of the
     * name, or by a hard link, which fails atomically when the name is taken.
     *
     * @return false when the name was taken and nothing was stored
     */
    private boolean store(String operation, String key, ObjectContent content, boolean replace) {
        Path target = LocalKeys.toPath(root, key);
        Path temporary = target.resolveSibling(temporaryName());
        try {
            requireRoot(operation, key);
            Files.createDirectories(target.getParent());
            writeFully(key, content, temporary);
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(target, temporary);
                } catch (FileAlreadyExistsException e) {
                    return false;
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            syncDirectory(key, target.getParent());
            return true;
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temporary, e);
            throw StorageErrors.classify(operation, location(), key, e);
        }
    }

    private void writeFully(String key, ObjectContent content, Path temporary) throws IOException {
        try (InputStream in = content.open();
                FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            long written = in.transferTo(out);
            if (written != content.length()) {
                throw StorageErrors.fatal("put", location(), key, "the content yielded " + written
                        + " bytes but declared " + content.length());
            }
            channel.force(true);
        }
    }

    @Override
    public InputStream get(String key) {
        Path file = LocalKeys.toPath(root, key);
        try {
            return Channels.newInputStream(openObject(file));
        } catch (IOException e) {
            throw StorageErrors.classify("get", location(), key, e);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        Path file = LocalKeys.toPath(root, key);
        try {
            FileChannel channel = openObject(file);
            try {
                channel.position(offset);
                return new RangeInputStream(Channels.newInputStream(channel), length);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw StorageErrors.classify("getRange", location(), key, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String prefix) {
        requireRoot("list prefix", prefix);
        SortedKeyWalker walker = new SortedKeyWalker(root, prefix,
                e -> StorageErrors.classify("list prefix", location(), prefix, e));
        int characteristics = Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL;
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walker, characteristics), false);
    }

    @Override
    public java.util.List<String> listDirectories(String prefix) {
        requireRoot("list directories under", prefix);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a directory prefix ends in '/': " + prefix);
        }
        Path directory = prefix.isEmpty() ? root : LocalKeys.toPath(root, prefix.substring(0, prefix.length() - 1));
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .sorted(LocalKeys::compare)
                    .toList();
        } catch (IOException e) {
            throw StorageErrors.classify("list directories under", location(), prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = LocalKeys.toPath(root, key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw StorageErrors.classify("delete", location(), key, e);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    @Override
    public String toString() {
        return "LocalDirectoryStorage[" + root + "]";
    }

    private void requireRoot(String operation, String key) {
        if (!Files.isDirectory(root)) {
            throw StorageErrors.fatal(operation, location(), key,
                    "the storage directory does not exist: create it or fix the configured path");
        }
    }

    private static FileChannel openObject(Path file) throws IOException {
        // Opening a directory succeeds on Linux and fails only on the first read; report it as missing up front.
        if (Files.isDirectory(file)) {
            throw new NoSuchFileException(file.toString(), null, "a directory, not an object");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Makes the rename durable: without this a crash can lose an object that put already reported as stored. A
     * failure here fails the put, so that the object is not counted as stored (and its offsets not committed) when
     * the disk did not confirm it.
     */
    private void syncDirectory(String key, Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.error("Cannot force directory {} to disk after writing '{}': the object may not survive a crash of"
                    + " this machine, so it is not counted as stored: {}", directory, key, e.toString());
            throw StorageErrors.classify("put (forcing the directory to disk)", location(), key, e);
        }
    }

    private static void deleteAfterFailure(Path temporary, Exception failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String temporaryName() {
        return "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + LocalKeys.TEMPORARY_SUFFIX;
    }
}
