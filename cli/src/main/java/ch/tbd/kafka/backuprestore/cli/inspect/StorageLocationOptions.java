package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the backup to inspect lives, shared by the inspection commands as a picocli mixin.
 *
 * <p>The location is {@code s3://bucket[/prefix]}, {@code file:///path} or a directory path. A location given on the
 * command line is complete: its prefix is the one in the URI (for a directory, the prefix is simply part of the path).
 * With {@code --config}, the connector's own storage keys ({@code storage.type}, {@code storage.prefix},
 * {@code storage.local.directory}, {@code s3.*}) fill in whatever the command line leaves out. Secrets come only from
 * that file, the AWS SDK's default chain or a profile, and are never printed.
 */
public final class StorageLocationOptions {

    static final String DEFAULT_REGION = "us-east-1";

    // The connector's keys (see StorageConfig in the connect module), mapped here so that the CLI does not depend on it.
    static final String STORAGE_TYPE = "storage.type";
    static final String STORAGE_PREFIX = "storage.prefix";
    static final String STORAGE_LOCAL_DIRECTORY = "storage.local.directory";
    static final String S3_BUCKET_NAME = "s3.bucket.name";
    static final String S3_REGION = "s3.region";
    static final String S3_ENDPOINT_URL = "s3.endpoint.url";
    static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access.enabled";
    static final String S3_ACCESS_KEY_ID = "s3.access.key.id";
    static final String S3_SECRET_ACCESS_KEY = "s3.secret.access.key";
    static final String S3_PROFILE_NAME = "s3.profile.name";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "LOCATION",
            description = "The backup: s3://BUCKET[/PREFIX], file:///PATH or a directory path.")
    String from;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An S3-compatible endpoint (MinIO, Ceph, ...) instead of AWS.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The bucket's region (default: s3.region from --config, else " + DEFAULT_REGION + ").")
    String region;

    @Option(names = "--path-style", arity = "0..1", paramLabel = "BOOLEAN",
            description = "Address the bucket as ENDPOINT/BUCKET (for most S3-compatible stores).")
    Boolean pathStyle;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of the AWS shared credentials and config files.")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with the connector's storage keys; command-line options win.")
    Path config;

    /** Opens the backup at the location given by {@code --from}, or by {@code positional} when that is set. */
    OpenBackup open(String positional) {
        if (positional != null && from != null && !positional.equals(from)) {
            throw new ParameterException(spec.commandLine(),
                    "Give the location once: either as an argument or with --from, not both");
        }
        Properties file = loadConfig();
        String location = positional != null ? positional : from;
        if (location != null) {
            return location.startsWith("s3://") ? openS3(location, file) : openLocal(location, "");
        }
        String type = file.getProperty(STORAGE_TYPE);
        if (type == null) {
            throw new ParameterException(spec.commandLine(),
                    "Where is the backup? Give --from s3://BUCKET[/PREFIX] or a directory, or --config with "
                            + STORAGE_TYPE);
        }
        String prefix = file.getProperty(STORAGE_PREFIX, "");
        return switch (type.strip().toLowerCase(Locale.ROOT)) {
            case "s3" -> openS3Bucket(required(file, S3_BUCKET_NAME), prefix, file);
            case "local" -> openLocal(required(file, STORAGE_LOCAL_DIRECTORY), prefix);
            default -> throw configProblem(STORAGE_TYPE + "=" + type + " in " + config
                    + " is not a storage type: use 's3' or 'local'");
        };
    }

    private Properties loadConfig() {
        Properties properties = new Properties();
        if (config == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        } catch (IOException e) {
            throw configProblem("Cannot read the configuration file " + config + ": " + e);
        }
        return properties;
    }

    private String required(Properties file, String key) {
        String value = file.getProperty(key);
        if (value == null || value.isBlank()) {
            throw configProblem("The configuration file " + config + " has no " + key);
        }
        return value.strip();
    }

    private OpenBackup openS3(String location, Properties file) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw configProblem("The location '" + location + "' names no bucket: use s3://BUCKET[/PREFIX]");
        }
        return openS3Bucket(bucket, prefix, file);
    }

    private OpenBackup openS3Bucket(String bucket, String prefix, Properties file) {
        String effectiveRegion = region != null ? region : file.getProperty(S3_REGION, DEFAULT_REGION).strip();
        URI effectiveEndpoint = endpoint;
        if (effectiveEndpoint == null && !file.getProperty(S3_ENDPOINT_URL, "").isBlank()) {
            effectiveEndpoint = URI.create(file.getProperty(S3_ENDPOINT_URL).strip());
        }
        boolean effectivePathStyle = pathStyle != null ? pathStyle
                : Boolean.parseBoolean(file.getProperty(S3_PATH_STYLE_ACCESS, "false").strip());
        String effectiveProfile = profile != null ? profile : blankToNull(file.getProperty(S3_PROFILE_NAME));
        S3Settings defaults = S3Settings.of(bucket, effectiveRegion);
        S3Settings settings = new S3Settings(bucket, effectiveRegion, effectiveEndpoint, effectivePathStyle,
                effectiveProfile, blankToNull(file.getProperty(S3_ACCESS_KEY_ID)),
                blankToNull(file.getProperty(S3_SECRET_ACCESS_KEY)), null, null, null, null, defaults.encryption(),
                defaults.partSizeBytes(), defaults.apiCallTimeout());
        ObjectStorage storage = new S3Storage(settings);
        try {
            storage.checkAccess();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return new OpenBackup(storage, new BackupLayout(prefix));
    }

    private OpenBackup openLocal(String location, String prefix) {
        Path directory;
        try {
            directory = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw configProblem("The location '" + location + "' is neither s3://BUCKET[/PREFIX] nor a directory path");
        }
        // LocalDirectoryStorage.checkAccess writes a probe file; inspecting must work on a read-only copy too.
        if (!Files.isDirectory(directory)) {
            throw configProblem("The backup directory " + directory.toAbsolutePath()
                    + (Files.exists(directory) ? " is not a directory" : " does not exist") + ": check the location");
        }
        return new OpenBackup(new LocalDirectoryStorage(directory), new BackupLayout(prefix));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A location or configuration that cannot work: fatal, it needs the user. */
    private static StorageException configProblem(String message) {
        return new StorageException(message, false, null);
    }
}
