package ch.tbd.kafka.backuprestore.config;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.KeyedStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import ch.tbd.kafka.backuprestore.storage.s3.InvalidTlsStoreException;
import ch.tbd.kafka.backuprestore.storage.s3.KeyStoreFile;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import ch.tbd.kafka.backuprestore.storage.s3.ServerSideEncryption;
import ch.tbd.kafka.backuprestore.storage.s3.TlsSettings;
import ch.tbd.kafka.backuprestore.storage.s3.TlsStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/** The configuration fragment that says where backups live, shared by every connector. */
public final class StorageConfig {

    public static final String GROUP = "Storage";

    public static final String STORAGE_TYPE = "storage.type";
    private static final String STORAGE_TYPE_DOC = "Where backups are kept: 's3' for an S3 bucket or an S3-compatible"
            + " store, 'local' for a directory on the worker's file system (for tests and single-machine setups).";
    public static final String STORAGE_PREFIX = "storage.prefix";
    private static final String STORAGE_PREFIX_DOC = "A key prefix inside the bucket or directory under which the"
            + " TOPIC/PARTITION/ tree is written, for example 'cluster-a/'. Empty for the root.";
    public static final String STORAGE_LOCAL_DIRECTORY = "storage.local.directory";
    private static final String STORAGE_LOCAL_DIRECTORY_DOC = "The directory used when storage.type=local. Every"
            + " worker running a task must see the same directory.";

    public static final String S3_BUCKET_NAME = "s3.bucket.name";
    private static final String S3_BUCKET_NAME_DOC = "The bucket that holds the backup. It must exist.";
    public static final String S3_REGION = "s3.region";
    private static final String S3_REGION_DOC = "The bucket's AWS region, used for signing requests.";
    public static final String S3_REGION_DEFAULT = "us-east-1";
    public static final String S3_ENDPOINT_URL = "s3.endpoint.url";
    private static final String S3_ENDPOINT_URL_DOC = "An endpoint override for S3-compatible stores (MinIO, Ceph,"
            + " s3proxy, ...) or VPC endpoints, for example 'http://minio:9000'. Empty for AWS.";
    public static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access.enabled";
    private static final String S3_PATH_STYLE_ACCESS_DOC = "Address the bucket as ENDPOINT/BUCKET instead of"
            + " BUCKET.ENDPOINT; most S3-compatible stores need this.";
    public static final String S3_PROXY_URL = "s3.proxy.url";
    private static final String S3_PROXY_URL_DOC = "An HTTP proxy between the worker and S3, for example"
            + " 'http://proxy.example.com:3128'. Empty for none.";
    public static final String S3_PROXY_USER = "s3.proxy.user";
    private static final String S3_PROXY_USER_DOC = "The user name for the proxy, if it needs one.";
    public static final String S3_PROXY_PASSWORD = "s3.proxy.password";
    private static final String S3_PROXY_PASSWORD_DOC = "The password for the proxy, if it needs one.";
    public static final String S3_PROFILE_NAME = "s3.profile.name";
    private static final String S3_PROFILE_NAME_DOC = "A profile of the AWS shared credentials and config files to"
            + " take credentials from. Empty to use static keys or the AWS SDK's default credentials chain"
            + " (environment, system properties, web identity, container or instance role).";
    public static final String S3_ACCESS_KEY_ID = "s3.access.key.id";
    private static final String S3_ACCESS_KEY_ID_DOC = "A static access key id. Prefer roles or profiles where"
            + " possible; set together with s3.secret.access.key.";
    public static final String S3_SECRET_ACCESS_KEY = "s3.secret.access.key";
    private static final String S3_SECRET_ACCESS_KEY_DOC = "The secret access key that goes with s3.access.key.id.";
    public static final String S3_SESSION_TOKEN = "s3.session.token";
    private static final String S3_SESSION_TOKEN_DOC = "A session token, for temporary static credentials.";
    public static final String S3_SSL_TRUSTSTORE_LOCATION = TlsStores.TRUSTSTORE_LOCATION;
    private static final String S3_SSL_TRUSTSTORE_LOCATION_DOC = "A trust store file with the certificates to trust for"
            + " the S3 endpoint, for stores behind HTTPS with a certificate from a private CA. As"
            + " ssl.truststore.location does for Kafka's clients, it replaces the JVM's default trust store for this"
            + " connection: the store is trusted only if this file holds its certificate or the CA that signed it"
            + " (import public CAs too if they are needed). Every worker needs the file at this path. Empty for the"
            + " JVM's default trust store.";
    public static final String S3_SSL_TRUSTSTORE_PASSWORD = TlsStores.TRUSTSTORE_PASSWORD;
    private static final String S3_SSL_TRUSTSTORE_PASSWORD_DOC = "The password of s3.ssl.truststore.location;"
            + " required with it.";
    public static final String S3_SSL_TRUSTSTORE_TYPE = TlsStores.TRUSTSTORE_TYPE;
    private static final String S3_SSL_TRUSTSTORE_TYPE_DOC = "The format of s3.ssl.truststore.location.";
    public static final String S3_SSL_KEYSTORE_LOCATION = TlsStores.KEYSTORE_LOCATION;
    private static final String S3_SSL_KEYSTORE_LOCATION_DOC = "A key store file with the private key and certificate"
            + " to present to the S3 endpoint, for stores that require mutual TLS (client certificates). Every worker"
            + " needs the file at this path. Empty for none.";
    public static final String S3_SSL_KEYSTORE_PASSWORD = TlsStores.KEYSTORE_PASSWORD;
    private static final String S3_SSL_KEYSTORE_PASSWORD_DOC = "The password of s3.ssl.keystore.location; required"
            + " with it.";
    public static final String S3_SSL_KEYSTORE_TYPE = TlsStores.KEYSTORE_TYPE;
    private static final String S3_SSL_KEYSTORE_TYPE_DOC = "The format of s3.ssl.keystore.location.";
    public static final String S3_SSL_KEY_PASSWORD = TlsStores.KEY_PASSWORD;
    private static final String S3_SSL_KEY_PASSWORD_DOC = "The password of the private key in"
            + " s3.ssl.keystore.location, if it differs from s3.ssl.keystore.password (a JKS file can have one; keytool"
            + " gives the key of a PKCS12 file the store's password). Empty for the key store's password.";
    private static final ConfigDef.Validator KEY_STORE_TYPES =
            ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS");
    private static final ParsingValidator READABLE_FILE =
            ParsingValidator.of("path of a readable file, or empty", StorageConfig::checkReadableFile);

    public static final String S3_SSE_TYPE = "s3.sse.type";
    private static final String S3_SSE_TYPE_DOC = "Server-side encryption of stored objects: 'none', 'sse_s3'"
            + " (S3-managed keys), 'sse_kms' (a KMS key, see s3.sse.kms.key.id) or 'sse_c' (a key you provide, see"
            + " s3.sse.customer.key; the same key is needed to restore).";
    public static final String S3_SSE_KMS_KEY_ID = "s3.sse.kms.key.id";
    private static final String S3_SSE_KMS_KEY_ID_DOC = "For sse_kms: the KMS key id or ARN. Empty for the bucket's"
            + " default KMS key.";
    public static final String S3_SSE_CUSTOMER_KEY = "s3.sse.customer.key";
    private static final String S3_SSE_CUSTOMER_KEY_DOC = "For sse_c: the base64 encoding of a 256-bit AES key.";
    public static final String S3_PART_SIZE_BYTES = "s3.part.size.bytes";
    private static final String S3_PART_SIZE_BYTES_DOC = "Objects larger than this are uploaded in parts of this"
            + " size (multipart upload); smaller ones in a single request. At least 5 MiB.";
    public static final int S3_PART_SIZE_BYTES_DEFAULT = 8 * 1024 * 1024;
    public static final String S3_API_CALL_TIMEOUT_MS = "s3.api.call.timeout.ms";
    private static final String S3_API_CALL_TIMEOUT_MS_DOC = "How long one S3 call may take, the AWS SDK's own"
            + " retries included, before it counts as failed (and is retried by the connector).";
    public static final long S3_API_CALL_TIMEOUT_MS_DEFAULT = 120_000L;

    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "After a storage failure that may pass (throttling, a network"
            + " error, a 5xx), how long to wait before the first retry. Each further retry of the same object or"
            + " partition waits twice as long, up to retry.backoff.max.ms, each wait drawn at random from its upper"
            + " half. Other partitions go on meanwhile, and nothing is skipped.";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 1_000L;
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "The longest wait between two retries of a storage"
            + " failure.";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 60_000L;
    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    private static final String RETRY_TIMEOUT_MS_DOC = "How long a storage failure may last before the task gives up"
            + " and fails with a message naming the bucket or directory, the object and the last error. Counted from"
            + " the first failure of a run; a success ends the run. What was not stored stays uncommitted, so a"
            + " restart of the task continues where it stopped. 0 fails at the first failure.";
    public static final long RETRY_TIMEOUT_MS_DEFAULT = 600_000L;

    private static final Duration START_RETRY_TIMEOUT = Duration.ofSeconds(30);

    private final AbstractConfig config;

    public StorageConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        def
                .define(STORAGE_TYPE, Type.STRING, StorageType.S3.configValue(),
                        EnumValidator.of(StorageType.values()), Importance.HIGH, STORAGE_TYPE_DOC, GROUP, ++order,
                        Width.SHORT, "Storage type", EnumValidator.of(StorageType.values()))
                .define(STORAGE_PREFIX, Type.STRING, "", Importance.MEDIUM, STORAGE_PREFIX_DOC, GROUP, ++order,
                        Width.MEDIUM, "Key prefix")
                .define(STORAGE_LOCAL_DIRECTORY, Type.STRING, null, Importance.MEDIUM, STORAGE_LOCAL_DIRECTORY_DOC,
                        GROUP, ++order, Width.LONG, "Local directory")
                .define(S3_BUCKET_NAME, Type.STRING, null, Importance.HIGH, S3_BUCKET_NAME_DOC, GROUP, ++order,
                        Width.MEDIUM, "S3 bucket")
                .define(S3_REGION, Type.STRING, S3_REGION_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        S3_REGION_DOC, GROUP, ++order, Width.SHORT, "S3 region")
                .define(S3_ENDPOINT_URL, Type.STRING, "", Importance.MEDIUM, S3_ENDPOINT_URL_DOC, GROUP, ++order,
                        Width.LONG, "S3 endpoint")
                .define(S3_PATH_STYLE_ACCESS, Type.BOOLEAN, false, Importance.LOW, S3_PATH_STYLE_ACCESS_DOC, GROUP,
                        ++order, Width.SHORT, "Path-style access")
                .define(S3_PROXY_URL, Type.STRING, "", Importance.LOW, S3_PROXY_URL_DOC, GROUP, ++order,
                        Width.LONG, "Proxy URL")
                .define(S3_PROXY_USER, Type.STRING, null, Importance.LOW, S3_PROXY_USER_DOC, GROUP, ++order,
                        Width.MEDIUM, "Proxy user")
                .define(S3_PROXY_PASSWORD, Type.PASSWORD, null, Importance.LOW, S3_PROXY_PASSWORD_DOC, GROUP,
                        ++order, Width.MEDIUM, "Proxy password")
                .define(S3_PROFILE_NAME, Type.STRING, null, Importance.MEDIUM, S3_PROFILE_NAME_DOC, GROUP, ++order,
                        Width.MEDIUM, "AWS profile")
                .define(S3_ACCESS_KEY_ID, Type.PASSWORD, null, Importance.MEDIUM, S3_ACCESS_KEY_ID_DOC, GROUP,
                        ++order, Width.MEDIUM, "Access key id")
                .define(S3_SECRET_ACCESS_KEY, Type.PASSWORD, null, Importance.MEDIUM, S3_SECRET_ACCESS_KEY_DOC,
                        GROUP, ++order, Width.MEDIUM, "Secret access key")
                .define(S3_SESSION_TOKEN, Type.PASSWORD, null, Importance.LOW, S3_SESSION_TOKEN_DOC, GROUP, ++order,
                        Width.LONG, "Session token")
                .define(S3_SSL_TRUSTSTORE_LOCATION, Type.STRING, null, READABLE_FILE, Importance.MEDIUM,
                        S3_SSL_TRUSTSTORE_LOCATION_DOC, GROUP, ++order, Width.LONG, "Trust store")
                .define(S3_SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        S3_SSL_TRUSTSTORE_PASSWORD_DOC, GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(S3_SSL_TRUSTSTORE_TYPE, Type.STRING, KeyStoreFile.DEFAULT_TYPE, KEY_STORE_TYPES,
                        Importance.LOW, S3_SSL_TRUSTSTORE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Trust store type")
                .define(S3_SSL_KEYSTORE_LOCATION, Type.STRING, null, READABLE_FILE, Importance.LOW,
                        S3_SSL_KEYSTORE_LOCATION_DOC, GROUP, ++order, Width.LONG, "Key store")
                .define(S3_SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, S3_SSL_KEYSTORE_PASSWORD_DOC,
                        GROUP, ++order, Width.MEDIUM, "Key store password")
                .define(S3_SSL_KEYSTORE_TYPE, Type.STRING, KeyStoreFile.DEFAULT_TYPE, KEY_STORE_TYPES,
                        Importance.LOW, S3_SSL_KEYSTORE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Key store type")
                .define(S3_SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, S3_SSL_KEY_PASSWORD_DOC, GROUP,
                        ++order, Width.MEDIUM, "Key password")
                .define(S3_SSE_TYPE, Type.STRING, "none", EnumValidator.of(ServerSideEncryption.Type.values()),
                        Importance.MEDIUM, S3_SSE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Server-side encryption",
                        EnumValidator.of(ServerSideEncryption.Type.values()))
                .define(S3_SSE_KMS_KEY_ID, Type.STRING, null, Importance.LOW, S3_SSE_KMS_KEY_ID_DOC, GROUP, ++order,
                        Width.LONG, "KMS key id")
                .define(S3_SSE_CUSTOMER_KEY, Type.PASSWORD, null, Importance.LOW, S3_SSE_CUSTOMER_KEY_DOC, GROUP,
                        ++order, Width.LONG, "SSE-C key")
                .define(S3_PART_SIZE_BYTES, Type.INT, S3_PART_SIZE_BYTES_DEFAULT,
                        ConfigDef.Range.atLeast(S3Settings.MIN_PART_SIZE_BYTES), Importance.LOW,
                        S3_PART_SIZE_BYTES_DOC, GROUP, ++order, Width.SHORT, "Part size")
                .define(S3_API_CALL_TIMEOUT_MS, Type.LONG, S3_API_CALL_TIMEOUT_MS_DEFAULT,
                        ConfigDef.Range.atLeast(1000), Importance.LOW, S3_API_CALL_TIMEOUT_MS_DOC, GROUP, ++order,
                        Width.SHORT, "S3 call timeout")
                .define(RETRY_BACKOFF_MS, Type.LONG, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.LOW, RETRY_BACKOFF_MS_DOC, GROUP, ++order, Width.SHORT, "Retry backoff")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC, GROUP, ++order, Width.SHORT, "Largest retry backoff")
                .define(RETRY_TIMEOUT_MS, Type.LONG, RETRY_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, RETRY_TIMEOUT_MS_DOC, GROUP, ++order, Width.SHORT, "Retry timeout");
        return EncryptionConfig.define(def);
    }

    /** Checks that go across keys, reported on the key to fix. */
    public static void validate(Map<String, ConfigValue> values) {
        StorageType type = StorageType.fromConfigValue(String.valueOf(value(values, STORAGE_TYPE)));
        if (type == StorageType.S3 && isBlank(value(values, S3_BUCKET_NAME))) {
            error(values, S3_BUCKET_NAME, "s3.bucket.name is required when storage.type is s3");
        }
        if (type == StorageType.LOCAL && isBlank(value(values, STORAGE_LOCAL_DIRECTORY))) {
            error(values, STORAGE_LOCAL_DIRECTORY, "storage.local.directory is required when storage.type is local");
        }
        if (isBlank(value(values, S3_ACCESS_KEY_ID)) != isBlank(value(values, S3_SECRET_ACCESS_KEY))) {
            error(values, S3_SECRET_ACCESS_KEY, "s3.access.key.id and s3.secret.access.key go together: set both"
                    + " or neither");
        }
        String sse = String.valueOf(value(values, S3_SSE_TYPE));
        Object customerKey = value(values, S3_SSE_CUSTOMER_KEY);
        if ("sse_c".equalsIgnoreCase(sse.trim()) && isBlank(customerKey)) {
            error(values, S3_SSE_CUSTOMER_KEY, "s3.sse.customer.key is required when s3.sse.type is sse_c");
        } else if ("sse_c".equalsIgnoreCase(sse.trim())) {
            String problem = ServerSideEncryption.customerKeyProblem(customerKey.toString());
            if (problem != null) {
                error(values, S3_SSE_CUSTOMER_KEY, "s3.sse.customer.key " + problem + ": generate one with"
                        + " 'openssl rand -base64 32'");
            }
        }
        checkUrl(values, S3_ENDPOINT_URL);
        checkUrl(values, S3_PROXY_URL);
        checkTls(values);
        Object backoff = value(values, RETRY_BACKOFF_MS);
        Object maxBackoff = value(values, RETRY_BACKOFF_MAX_MS);
        if (backoff instanceof Long first && maxBackoff instanceof Long max && max < first) {
            error(values, RETRY_BACKOFF_MAX_MS, "retry.backoff.max.ms (" + max + ") is below retry.backoff.ms ("
                    + first + "): raise it, or lower retry.backoff.ms");
        }
        EncryptionConfig.validate(values);
    }

    /**
     * Opens the trust store and the key store as the S3 client will, so that a wrong path or password shows when the
     * connector is validated rather than when a task starts. Each problem is reported on the key to fix.
     */
    private static void checkTls(Map<String, ConfigValue> values) {
        TlsSettings tls;
        try {
            tls = tls(key -> value(values, key));
        } catch (InvalidTlsStoreException e) {
            error(values, e.setting(), e.getMessage());
            return;
        }
        try {
            if (tls.trustStore() != null) {
                TlsStores.trustManagers(tls.trustStore());
            }
        } catch (InvalidTlsStoreException e) {
            error(values, e.setting(), e.getMessage());
        }
        try {
            if (tls.keyStore() != null) {
                TlsStores.keyManagers(tls.keyStore(), tls.keyPassword());
            }
        } catch (InvalidTlsStoreException e) {
            error(values, e.setting(), e.getMessage());
        }
    }

    /** Also checked by {@link TlsStores} when it opens the file; here the key and the path come first. */
    private static void checkReadableFile(String location) {
        if (location.isBlank()) {
            return;
        }
        String problem = TlsStores.unreadableFileProblem(Path.of(location.trim()));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void checkUrl(Map<String, ConfigValue> values, String key) {
        Object url = value(values, key);
        if (isBlank(url)) {
            return;
        }
        try {
            URI uri = URI.create(url.toString().trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                error(values, key, key + " must be an http:// or https:// URL with a host, not '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            error(values, key, key + " is not a valid URL: " + e.getMessage());
        }
    }

    private static Object value(Map<String, ConfigValue> values, String key) {
        ConfigValue value = values.get(key);
        if (value == null || value.value() == null) {
            return null;
        }
        return value.value() instanceof Password password ? password.value() : value.value();
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static void error(Map<String, ConfigValue> values, String key, String message) {
        values.computeIfAbsent(key, ConfigValue::new).addErrorMessage(message);
    }

    public StorageType type() {
        return StorageType.fromConfigValue(config.getString(STORAGE_TYPE));
    }

    /** How storage failures that may pass are retried, and when retrying ends. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS)),
                Duration.ofMillis(config.getLong(RETRY_TIMEOUT_MS)));
    }

    public BackupLayout layout() {
        return new BackupLayout(config.getString(STORAGE_PREFIX));
    }

    /**
     * The retry policy for checks made when a connector starts, which someone is waiting to see pass or fail: a
     * misconfigured endpoint should fail the connector within seconds, not after {@link #RETRY_TIMEOUT_MS}.
     */
    public RetryPolicy startRetryPolicy() {
        return retryPolicy().withTimeoutAtMost(START_RETRY_TIMEOUT);
    }

    /**
     * Opens the configured storage, with the configured encryption keys; the caller closes it.
     *
     * @throws ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException when the keys cannot be loaded
     */
    public ObjectStorage openStorage() {
        KeyRing keys = new EncryptionConfig(config).keyRing();
        ObjectStorage storage = switch (type()) {
            case S3 -> new S3Storage(s3Settings());
            case LOCAL -> new LocalDirectoryStorage(Path.of(config.getString(STORAGE_LOCAL_DIRECTORY)));
        };
        return keys == KeyRing.NONE ? storage : new KeyedStorage(storage, keys);
    }

    public S3Settings s3Settings() {
        return new S3Settings(
                config.getString(S3_BUCKET_NAME),
                config.getString(S3_REGION),
                uriOrNull(config.getString(S3_ENDPOINT_URL)),
                config.getBoolean(S3_PATH_STYLE_ACCESS),
                blankToNull(config.getString(S3_PROFILE_NAME)),
                secret(S3_ACCESS_KEY_ID),
                secret(S3_SECRET_ACCESS_KEY),
                secret(S3_SESSION_TOKEN),
                uriOrNull(config.getString(S3_PROXY_URL)),
                blankToNull(config.getString(S3_PROXY_USER)),
                secret(S3_PROXY_PASSWORD),
                encryption(),
                config.getInt(S3_PART_SIZE_BYTES),
                Duration.ofMillis(config.getLong(S3_API_CALL_TIMEOUT_MS)),
                tls(key -> {
                    Object value = config.values().get(key);
                    return value instanceof Password password ? password.value() : value;
                }));
    }

    /**
     * The TLS settings from the values of the keys, which {@code setting} gives with passwords as strings.
     *
     * @throws InvalidTlsStoreException when a password is set without its store; connector validation reports it on
     *                                  the key, the CLI shows it as it is
     */
    private static TlsSettings tls(Function<String, Object> setting) {
        return new TlsSettings(trustStore(setting), keyStore(setting), chars(setting.apply(S3_SSL_KEY_PASSWORD)));
    }

    private static KeyStoreFile trustStore(Function<String, Object> setting) {
        return keyStoreFile(setting, S3_SSL_TRUSTSTORE_LOCATION, S3_SSL_TRUSTSTORE_PASSWORD, S3_SSL_TRUSTSTORE_TYPE);
    }

    private static KeyStoreFile keyStore(Function<String, Object> setting) {
        return keyStoreFile(setting, S3_SSL_KEYSTORE_LOCATION, S3_SSL_KEYSTORE_PASSWORD, S3_SSL_KEYSTORE_TYPE);
    }

    /** The store at {@code locationKey}, or {@code null} when none is set; a password without a location is refused. */
    private static KeyStoreFile keyStoreFile(Function<String, Object> setting, String locationKey,
            String passwordKey, String typeKey) {
        Object location = setting.apply(locationKey);
        char[] password = chars(setting.apply(passwordKey));
        if (isBlank(location)) {
            if (password != null) {
                throw new InvalidTlsStoreException(locationKey, passwordKey + " is set, but " + locationKey
                        + " is not: set the file it opens, or remove the password");
            }
            return null;
        }
        Object type = setting.apply(typeKey);
        return new KeyStoreFile(Path.of(location.toString().trim()), type == null ? null : type.toString(), password);
    }

    /** A password as JSSE takes it; {@code null} when it is not set. */
    private static char[] chars(Object password) {
        return isBlank(password) ? null : password.toString().toCharArray();
    }

    private ServerSideEncryption encryption() {
        ServerSideEncryption.Type type =
                ServerSideEncryption.Type.valueOf(config.getString(S3_SSE_TYPE).trim().toUpperCase(java.util.Locale.ROOT));
        return new ServerSideEncryption(type, blankToNull(config.getString(S3_SSE_KMS_KEY_ID)),
                secret(S3_SSE_CUSTOMER_KEY));
    }

    private String secret(String key) {
        Password password = config.getPassword(key);
        return password == null ? null : blankToNull(password.value());
    }

    private static URI uriOrNull(String value) {
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
