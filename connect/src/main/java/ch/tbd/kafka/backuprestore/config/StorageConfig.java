package ch.tbd.kafka.backuprestore.config;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.storage.KeyedStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import ch.tbd.kafka.backuprestore.storage.s3.ServerSideEncryption;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        StoreTlsConfig.define(def, order);
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
        StoreTlsConfig.validate(values);
        Object backoff = value(values, RETRY_BACKOFF_MS);
        Object maxBackoff = value(values, RETRY_BACKOFF_MAX_MS);
        if (backoff instanceof Long first && maxBackoff instanceof Long max && max < first) {
            error(values, RETRY_BACKOFF_MAX_MS, "retry.backoff.max.ms (" + max + ") is below retry.backoff.ms ("
                    + first + "): raise it, or lower retry.backoff.ms");
        }
        EncryptionConfig.validate(values);
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

    static Object value(Map<String, ConfigValue> values, String key) {
        ConfigValue value = values.get(key);
        if (value == null || value.value() == null) {
            return null;
        }
        return value.value() instanceof Password password ? password.value() : value.value();
    }

    static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    static void error(Map<String, ConfigValue> values, String key, String message) {
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
        S3Settings s3 = type() == StorageType.S3 ? s3Settings() : null;
        KeyRing keys = new EncryptionConfig(config).keyRing(s3);
        ObjectStorage storage = switch (type()) {
            case S3 -> new S3Storage(s3);
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
                StoreTlsConfig.tls(key -> {
                    Object value = config.values().get(key);
                    return value instanceof Password password ? password.value() : value;
                }));
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
