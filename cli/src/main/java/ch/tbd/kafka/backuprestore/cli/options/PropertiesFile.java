package ch.tbd.kafka.backuprestore.cli.options;

import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reads a Java properties file, as Kafka's tools read theirs, failing with a message that names the file. */
final class PropertiesFile {

    private PropertiesFile() {}

    /** The file's keys and values, values stripped; an empty map for a {@code null} file. */
    static Map<String, String> read(Path file, String option) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file == null) {
            return values;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new StorageException("Cannot read the " + option + " file " + file + ": " + e, false, null);
        }
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return values;
    }
}
