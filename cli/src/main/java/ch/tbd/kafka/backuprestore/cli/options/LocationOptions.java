package ch.tbd.kafka.backuprestore.cli.options;

import ch.tbd.kafka.backuprestore.config.EncryptionConfig;
import ch.tbd.kafka.backuprestore.config.StorageConfig;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.KeyedStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a backup lives, as picocli options shared by the commands; {@link FromLocationOptions} and
 * {@link ToLocationOptions} add the location itself.
 *
 * <p>A location is {@code s3://bucket[/prefix]}, {@code file:///path} or a directory path. It is turned into the
 * connectors' own storage keys ({@code storage.type}, {@code storage.prefix}, {@code storage.local.directory},
 * {@code s3.*}), so that a command reads and writes exactly what a connector configured with those keys would. With
 * {@code --config}, a properties file of connector keys fills in whatever the command line leaves out; secrets come
 * only from that file, the AWS SDK's default chain or a profile, and are never printed.
 */
public abstract class LocationOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An S3-compatible endpoint (MinIO, Ceph, ...) instead of AWS.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The bucket's region (default: s3.region from --config, else "
                    + StorageConfig.S3_REGION_DEFAULT + ").")
    String region;

    @Option(names = "--path-style", arity = "0..1", paramLabel = "BOOLEAN",
            description = "Address the bucket as ENDPOINT/BUCKET (for most S3-compatible stores).")
    Boolean pathStyle;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of the AWS shared credentials and config files.")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with connector keys (storage.*, s3.*, and for backup and restore any"
                    + " key of the connector); command-line options win.")
    Path config;

    /** The location given on the command line, or {@code null}. */
    protected abstract String location();

    /** The option that gives the location, for messages. */
    protected abstract String locationOption();

    /** Every key of the {@code --config} file, as given. */
    public Map<String, String> configFile() {
        return PropertiesFile.read(config, "--config");
    }

    /**
     * The connector keys for the backup's location: those of the {@code --config} file, with the location and the S3
     * options of the command line in their place where given.
     *
     * @param positional a location given as an argument instead of the option, or {@code null}
     */
    public Map<String, String> storageProperties(String positional) {
        String option = location();
        if (positional != null && option != null && !positional.equals(option)) {
            throw new ParameterException(spec.commandLine(),
                    "Give the location once: either as an argument or with " + locationOption() + ", not both");
        }
        Map<String, String> properties = new LinkedHashMap<>(configFile());
        String location = positional != null ? positional : option;
        if (location != null) {
            properties.putAll(locationKeys(location));
        } else if (!properties.containsKey(StorageConfig.STORAGE_TYPE)) {
            throw new ParameterException(spec.commandLine(), "Where is the backup? Give " + locationOption()
                    + " s3://BUCKET[/PREFIX] or a directory, or --config with " + StorageConfig.STORAGE_TYPE);
        }
        putIfGiven(properties, StorageConfig.S3_REGION, region);
        putIfGiven(properties, StorageConfig.S3_ENDPOINT_URL, endpoint);
        putIfGiven(properties, StorageConfig.S3_PATH_STYLE_ACCESS, pathStyle);
        putIfGiven(properties, StorageConfig.S3_PROFILE_NAME, profile);
        return properties;
    }

    /** Opens the backup for reading, at the location of {@link #storageProperties}. */
    public OpenBackup open(String positional) {
        Map<String, String> properties = storageProperties(positional);
        String type = properties.get(StorageConfig.STORAGE_TYPE).toLowerCase(Locale.ROOT);
        BackupLayout layout = new BackupLayout(properties.getOrDefault(StorageConfig.STORAGE_PREFIX, ""));
        if (type.equals("local")) {
            String directory = properties.get(StorageConfig.STORAGE_LOCAL_DIRECTORY);
            if (directory == null || directory.isBlank()) {
                throw configProblem("The configuration file " + config + " has no "
                        + StorageConfig.STORAGE_LOCAL_DIRECTORY);
            }
            return new OpenBackup(keyed(openDirectory(Path.of(directory)), properties, null), layout);
        }
        if (!type.equals("s3")) {
            throw configProblem(StorageConfig.STORAGE_TYPE + "=" + type + " in " + config
                    + " is not a storage type: use 's3' or 'local'");
        }
        StorageConfig storageConfig = new StorageConfig(
                new AbstractConfig(StorageConfig.define(new ConfigDef()), properties, false));
        S3Settings settings = storageConfig.s3Settings();
        ObjectStorage storage = new S3Storage(settings);
        try {
            storage.checkAccess();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return new OpenBackup(keyed(storage, properties, settings), layout);
    }

    /** The storage with the backup's encryption keys from the configuration file, when it names any. */
    private ObjectStorage keyed(ObjectStorage storage, Map<String, String> properties, S3Settings s3) {
        KeyRing keys;
        try {
            keys = EncryptionConfig.keyRing(properties, s3);
        } catch (RuntimeException e) {
            storage.close();
            throw configProblem("The encryption keys of " + config + " cannot be loaded: " + e.getMessage());
        }
        return keys == KeyRing.NONE ? storage : new KeyedStorage(storage, keys);
    }

    /** A location as a user writes it, for messages: {@code s3://bucket/prefix} or a directory; never credentials. */
    public static String describe(Map<String, String> storage) {
        String prefix = storage.getOrDefault(StorageConfig.STORAGE_PREFIX, "");
        if ("s3".equalsIgnoreCase(storage.get(StorageConfig.STORAGE_TYPE))) {
            return "s3://" + storage.get(StorageConfig.S3_BUCKET_NAME) + (prefix.isEmpty() ? "" : "/" + prefix);
        }
        String directory = storage.get(StorageConfig.STORAGE_LOCAL_DIRECTORY);
        return prefix.isEmpty() ? directory : directory + " (prefix " + prefix + ")";
    }

    /** The storage keys that a location stands for. */
    static Map<String, String> locationKeys(String location) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (location.startsWith("s3://")) {
            String rest = location.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            if (bucket.isEmpty()) {
                throw configProblem("The location '" + location + "' names no bucket: use s3://BUCKET[/PREFIX]");
            }
            keys.put(StorageConfig.STORAGE_TYPE, "s3");
            keys.put(StorageConfig.S3_BUCKET_NAME, bucket);
            keys.put(StorageConfig.STORAGE_PREFIX, slash < 0 ? "" : rest.substring(slash + 1));
            return keys;
        }
        Path directory;
        try {
            directory = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw configProblem("The location '" + location + "' is neither s3://BUCKET[/PREFIX] nor a directory path");
        }
        keys.put(StorageConfig.STORAGE_TYPE, "local");
        keys.put(StorageConfig.STORAGE_LOCAL_DIRECTORY, directory.toAbsolutePath().toString());
        keys.put(StorageConfig.STORAGE_PREFIX, "");
        return keys;
    }

    private static LocalDirectoryStorage openDirectory(Path directory) {
        // LocalDirectoryStorage.checkAccess writes a probe file; reading must work on a read-only copy too.
        if (!Files.isDirectory(directory)) {
            throw configProblem("The backup directory " + directory.toAbsolutePath()
                    + (Files.exists(directory) ? " is not a directory" : " does not exist") + ": check the location");
        }
        return new LocalDirectoryStorage(directory);
    }

    private static void putIfGiven(Map<String, String> properties, String key, Object value) {
        if (value != null) {
            properties.put(key, value.toString());
        }
    }

    /** A location or configuration that cannot work: fatal, it needs the user. */
    static StorageException configProblem(String message) {
        return new StorageException(message, false, null);
    }
}
