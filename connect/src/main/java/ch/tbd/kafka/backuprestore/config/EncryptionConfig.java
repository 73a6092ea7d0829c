package ch.tbd.kafka.backuprestore.config;

import ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.crypto.KmsKeys;
import ch.tbd.kafka.backuprestore.storage.s3.S3ClientFactory;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Client-side encryption of the backup: the keys that encrypt new objects and read old ones, from a keystore, from
 * key files, or in AWS KMS. Shared by every connector and, through its configuration file, the command line, so that whatever reads
 * a backup reads it with the keys it was written with.
 */
public final class EncryptionConfig {

    public static final String GROUP = "Encryption";

    public static final String PROVIDER = "encryption.key.provider";
    private static final String PROVIDER_DOC = "Where the keys come from. 'none' (the default): objects are written"
            + " plain, and an encrypted one is refused, naming its key. 'keystore': the AES-256 secret keys of"
            + " encryption.keystore.location; 'file': the keys of encryption.key.files; 'aws-kms': the KMS key"
            + " encryption.kms.key.id, which never leaves KMS. Each object's records are"
            + " encrypted with AES-256-GCM under a data key of its own, which the current key wraps into the"
            + " object's header; its metadata (topic, partition, offsets, counts, timestamps) stays readable, so"
            + " that listing, planning and point-in-time reads need no key. Restore, verify, cat and describe need the"
            + " keys the objects were written with.";
    public static final String KEYSTORE_LOCATION = "encryption.keystore.location";
    private static final String KEYSTORE_LOCATION_DOC = "For 'keystore': the keystore file, on every worker. Every"
            + " AES-256 secret key in it reads the objects it encrypted; keep old keys in it after a rotation.";
    public static final String KEYSTORE_PASSWORD = "encryption.keystore.password";
    private static final String KEYSTORE_PASSWORD_DOC = "For 'keystore': the password of the keystore and its keys."
            + " Give it through a config provider.";
    public static final String KEYSTORE_TYPE = "encryption.keystore.type";
    private static final String KEYSTORE_TYPE_DOC = "For 'keystore': PKCS12 or JCEKS.";
    public static final String KEY_ALIAS = "encryption.key.alias";
    private static final String KEY_ALIAS_DOC = "For 'keystore': the alias of the key that encrypts new objects; it is"
            + " also the key id each object's header names. Rotate by adding a key and naming it here.";
    public static final String KEY_FILES = "encryption.key.files";
    private static final String KEY_FILES_DOC = "For 'file': key files, comma-separated, each holding 32 random bytes"
            + " as they are or as Base64 or hex text ('openssl rand -out kek-2026 32'). The first encrypts new objects;"
            + " all read. A key's id is its file's name.";

    public static final String KMS_KEY_ID = "encryption.kms.key.id";
    private static final String KMS_KEY_ID_DOC = "For 'aws-kms': the KMS key that wraps new objects' data keys: key"
            + " id, key ARN, alias name (alias/kafka-backup) or alias ARN. One KMS Encrypt call per object written and"
            + " one Decrypt per object read. Objects of an earlier KMS key stay readable while the credentials may"
            + " decrypt with it, so rotation is naming a new key here (or KMS's own yearly rotation).";
    public static final String KMS_REGION = "encryption.kms.region";
    private static final String KMS_REGION_DOC = "For 'aws-kms': the key's region; empty for s3.region.";
    public static final String KMS_ENDPOINT_URL = "encryption.kms.endpoint.url";
    private static final String KMS_ENDPOINT_URL_DOC = "For 'aws-kms': a KMS endpoint other than the region's, such"
            + " as a VPC endpoint; empty for the region's. KMS is called with the store's credentials (s3.access.key.id"
            + " and s3.secret.access.key, s3.profile.name, or the AWS default chain), which need kms:Encrypt to back up"
            + " and kms:Decrypt to restore, with the encryption context kafka-backup=data-key-v1.";

    private final AbstractConfig config;

    public EncryptionConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def.define(PROVIDER, Type.STRING, "none",
                        ConfigDef.ValidString.in("none", "keystore", "file", "aws-kms"),
                        Importance.MEDIUM, PROVIDER_DOC, GROUP, ++order, Width.SHORT, "Key provider")
                .define(KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, KEYSTORE_LOCATION_DOC, GROUP,
                        ++order, Width.LONG, "Keystore")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, KEYSTORE_PASSWORD_DOC, GROUP,
                        ++order, Width.MEDIUM, "Keystore password")
                .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JCEKS"),
                        Importance.LOW, KEYSTORE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Keystore type")
                .define(KEY_ALIAS, Type.STRING, "", Importance.MEDIUM, KEY_ALIAS_DOC, GROUP, ++order,
                        Width.MEDIUM, "Current key")
                .define(KEY_FILES, Type.LIST, List.of(), Importance.MEDIUM, KEY_FILES_DOC, GROUP, ++order,
                        Width.LONG, "Key files")
                .define(KMS_KEY_ID, Type.STRING, "", Importance.MEDIUM, KMS_KEY_ID_DOC, GROUP, ++order,
                        Width.LONG, "KMS key")
                .define(KMS_REGION, Type.STRING, "", Importance.LOW, KMS_REGION_DOC, GROUP, ++order,
                        Width.SHORT, "KMS region")
                .define(KMS_ENDPOINT_URL, Type.STRING, "", Importance.LOW, KMS_ENDPOINT_URL_DOC, GROUP, ++order,
                        Width.LONG, "KMS endpoint");
    }

    /**
     * The configured keys; {@link KeyRing#NONE} for 'none'.
     *
     * @param store the S3 store's settings, whose credentials and region KMS is called with; null for a directory,
     *              whose KMS calls take the AWS default credentials chain
     */
    public KeyRing keyRing(S3Settings store) {
        return switch (config.getString(PROVIDER)) {
            case "aws-kms" -> kmsKeys(store);
            case "keystore" -> {
                String location = config.getString(KEYSTORE_LOCATION).strip();
                String alias = config.getString(KEY_ALIAS).strip();
                Password password = config.getPassword(KEYSTORE_PASSWORD);
                if (location.isEmpty() || alias.isEmpty() || password == null) {
                    throw new EncryptionKeyException(PROVIDER + "=keystore needs " + KEYSTORE_LOCATION + ", "
                            + KEYSTORE_PASSWORD + " and " + KEY_ALIAS);
                }
                char[] secret = password.value().toCharArray();
                try {
                    yield KeyRing.fromKeystore(Path.of(location), secret, config.getString(KEYSTORE_TYPE), alias);
                } finally {
                    Arrays.fill(secret, '\0');
                }
            }
            case "file" -> {
                List<String> files = config.getList(KEY_FILES);
                if (files.isEmpty()) {
                    throw new EncryptionKeyException(PROVIDER + "=file needs " + KEY_FILES);
                }
                yield KeyRing.fromFiles(files.stream().map(String::strip).map(Path::of).toList());
            }
            default -> KeyRing.NONE;
        };
    }

    private KeyRing kmsKeys(S3Settings store) {
        String keyId = kmsKeyId();
        String region = config.getString(KMS_REGION).strip();
        if (region.isEmpty() && store != null) {
            region = store.region();
        }
        if (region == null || region.isEmpty()) {
            throw new EncryptionKeyException(PROVIDER + "=aws-kms needs " + KMS_REGION + " (or s3.region)");
        }
        String endpoint = config.getString(KMS_ENDPOINT_URL).strip();
        AwsCredentialsProvider credentials = store != null
                ? S3ClientFactory.credentialsProvider(store)
                : DefaultCredentialsProvider.builder().build();
        return KeyRing.fromKms(KmsKeys.connect(keyId, region, endpoint.isEmpty() ? null : URI.create(endpoint),
                credentials));
    }

    private String kmsKeyId() {
        String keyId = config.getString(KMS_KEY_ID).strip();
        if (keyId.isEmpty()) {
            throw new EncryptionKeyException(PROVIDER + "=aws-kms needs " + KMS_KEY_ID + ": the id, ARN or alias of"
                    + " the KMS key that wraps new objects' data keys");
        }
        // It goes into object headers between ';' separators.
        if (!keyId.matches("[A-Za-z0-9:/_.-]{1,2048}")) {
            throw new EncryptionKeyException(KMS_KEY_ID + " '" + keyId + "' is not a KMS key id, ARN or alias");
        }
        return keyId;
    }

    /**
     * The keys of a configuration given as properties, such as the command line's configuration file.
     *
     * @param store as for {@link #keyRing(S3Settings)}
     */
    public static KeyRing keyRing(Map<String, String> properties, S3Settings store) {
        return new EncryptionConfig(new AbstractConfig(define(new ConfigDef()), properties, false)).keyRing(store);
    }

    /** Loads the keys as a connector would, and reports why they cannot be loaded on the key to fix. */
    static void validate(Map<String, ConfigValue> values) {
        ConfigValue provider = values.get(PROVIDER);
        if (provider == null || provider.value() == null || "none".equals(provider.value())
                || !provider.errorMessages().isEmpty()) {
            return;
        }
        ConfigDef def = define(new ConfigDef());
        Map<String, Object> parsed = new java.util.HashMap<>();
        for (String name : def.names()) {
            ConfigValue value = values.get(name);
            if (value != null && value.value() != null) {
                parsed.put(name, value.value());
            }
        }
        EncryptionConfig encryption = new EncryptionConfig(new AbstractConfig(def, parsed, false));
        try {
            if ("aws-kms".equals(provider.value())) {
                // KMS is first called with the first object; here the key's name is checked.
                encryption.kmsKeyId();
            } else {
                encryption.keyRing(null);
            }
        } catch (EncryptionKeyException | org.apache.kafka.common.config.ConfigException e) {
            String key = switch (String.valueOf(provider.value())) {
                case "file" -> KEY_FILES;
                case "aws-kms" -> KMS_KEY_ID;
                default -> KEYSTORE_LOCATION;
            };
            StorageConfig.error(values, key, e.getMessage());
        }
    }
}
