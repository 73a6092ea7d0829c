package ch.tbd.kafka.backuprestore.it;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads back every object a backup wrote, with the project's own reader, straight from the bucket or directory: the
 * storage classes under test are not used to check themselves.
 */
public final class BackupReadback {

    /** Where the objects are. Keys are '/'-separated and relative to the bucket or directory. */
    public interface Source {

        /** Every object, with a version that changes whenever the object is written again. */
        List<Listed> list();

        InputStream open(String key);
    }

    /** A listed object: its key, and a version such as an ETag or a file's size and modification time. */
    public record Listed(String key, String version) {}

    /** Polling reads the same objects again and again: an object is decoded once per version. */
    private final Map<String, Map.Entry<String, BackupObject>> cache = new HashMap<>();

    private final Source source;
    private final BackupLayout layout;

    public BackupReadback(Source source, BackupLayout layout) {
        this.source = source;
        this.layout = layout;
    }

    public static Source s3(S3Client client, String bucket) {
        return new Source() {
            @Override
            public List<Listed> list() {
                return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                        .map(o -> new Listed(o.key(), o.eTag() + "/" + o.size() + "/" + o.lastModified()))
                        .toList();
            }

            @Override
            public InputStream open(String key) {
                return client.getObject(b -> b.bucket(bucket).key(key));
            }
        };
    }

    public static Source directory(Path root) {
        return new Source() {
            @Override
            public List<Listed> list() {
                if (!Files.isDirectory(root)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.walk(root)) {
                    return files.filter(Files::isRegularFile)
                            .sorted()
                            .map(file -> new Listed(
                                    root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                                    version(file)))
                            .toList();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            private static String version(Path file) {
                try {
                    return Files.size(file) + "/" + Files.getLastModifiedTime(file).toMillis() + "/"
                            + Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                } catch (IOException e) {
                    // Replaced or removed while listing: look at it again next time.
                    return "changing-" + System.nanoTime();
                }
            }

            @Override
            public InputStream open(String key) {
                try {
                    return Files.newInputStream(root.resolve(key));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Everything stored under the layout's prefix right now; objects outside the prefix, and the backup's metadata
     * directories ({@code ~topics/}, ...), are not looked at.
     */
    public BackupSnapshot read() {
        List<BackupObject> objects = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (Listed listed : source.list()) {
            String key = listed.key();
            if (!key.startsWith(layout.prefix()) || layout.isMetadata(key)) {
                continue; // not this backup's objects, or what it keeps of the cluster besides records
            }
            Optional<ObjectKey> name = layout.parse(key);
            if (name.isEmpty()) {
                foreign.add(key);
                continue;
            }
            Map.Entry<String, BackupObject> cached = cache.get(key);
            if (cached == null || !cached.getKey().equals(listed.version())) {
                cached = Map.entry(listed.version(), readObject(key, name.get()));
                cache.put(key, cached);
            }
            objects.add(cached.getValue());
        }
        return new BackupSnapshot(objects, foreign);
    }

    private BackupObject readObject(String key, ObjectKey name) {
        try (BackupObjectReader reader = BackupObjectReader.open(source.open(key), key)) {
            List<BackupRecord> records = new ArrayList<>();
            reader.forEachRemaining(records::add);
            return new BackupObject(key, name, reader.summary(), List.copyOf(records));
        }
    }
}
