package ch.tbd.kafka.backuprestore.config;

import ch.tbd.kafka.backuprestore.storage.s3.InvalidTlsStoreException;
import ch.tbd.kafka.backuprestore.storage.s3.KeyStoreFile;
import ch.tbd.kafka.backuprestore.storage.s3.TlsSettings;
import ch.tbd.kafka.backuprestore.storage.s3.TlsStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

/**
 * TLS to the store: the trust store that replaces the JVM's for the S3 endpoint, and the key store of a client
 * certificate for mutual TLS, named like Kafka's own {@code ssl.*} settings under {@code s3.ssl.}.
 */
public final class StoreTlsConfig {

    private static final String GROUP = StorageConfig.GROUP;

    public static final String TRUSTSTORE_LOCATION = TlsStores.TRUSTSTORE_LOCATION;
    private static final String TRUSTSTORE_LOCATION_DOC = "A trust store file with the certificates to trust for"
            + " the S3 endpoint, for stores behind HTTPS with a certificate from a private CA. As"
            + " ssl.truststore.location does for Kafka's clients, it replaces the JVM's default trust store for this"
            + " connection: the store is trusted only if this file holds its certificate or the CA that signed it"
            + " (import public CAs too if they are needed). Every worker needs the file at this path. Empty for the"
            + " JVM's default trust store.";
    public static final String TRUSTSTORE_PASSWORD = TlsStores.TRUSTSTORE_PASSWORD;
    private static final String TRUSTSTORE_PASSWORD_DOC = "The password of s3.ssl.truststore.location;"
            + " required with it.";
    public static final String TRUSTSTORE_TYPE = TlsStores.TRUSTSTORE_TYPE;
    private static final String TRUSTSTORE_TYPE_DOC = "The format of s3.ssl.truststore.location.";
    public static final String KEYSTORE_LOCATION = TlsStores.KEYSTORE_LOCATION;
    private static final String KEYSTORE_LOCATION_DOC = "A key store file with the private key and certificate"
            + " to present to the S3 endpoint, for stores that require mutual TLS (client certificates). Every worker"
            + " needs the file at this path. Empty for none.";
    public static final String KEYSTORE_PASSWORD = TlsStores.KEYSTORE_PASSWORD;
    private static final String KEYSTORE_PASSWORD_DOC = "The password of s3.ssl.keystore.location; required"
            + " with it.";
    public static final String KEYSTORE_TYPE = TlsStores.KEYSTORE_TYPE;
    private static final String KEYSTORE_TYPE_DOC = "The format of s3.ssl.keystore.location.";
    public static final String KEY_PASSWORD = TlsStores.KEY_PASSWORD;
    private static final String KEY_PASSWORD_DOC = "The password of the private key in"
            + " s3.ssl.keystore.location, if it differs from s3.ssl.keystore.password (a JKS file can have one; keytool"
            + " gives the key of a PKCS12 file the store's password). Empty for the key store's password.";
    private static final ConfigDef.Validator KEY_STORE_TYPES =
            ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS");
    private static final ParsingValidator READABLE_FILE =
            ParsingValidator.of("path of a readable file, or empty", StoreTlsConfig::checkReadableFile);

    private StoreTlsConfig() {}

    /** Defines the keys in the storage group, after the first {@code order} keys of the group. */
    static void define(ConfigDef def, int order) {
        def
                .define(TRUSTSTORE_LOCATION, Type.STRING, null, READABLE_FILE, Importance.MEDIUM,
                        TRUSTSTORE_LOCATION_DOC, GROUP, ++order, Width.LONG, "Trust store")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        TRUSTSTORE_PASSWORD_DOC, GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(TRUSTSTORE_TYPE, Type.STRING, KeyStoreFile.DEFAULT_TYPE, KEY_STORE_TYPES,
                        Importance.LOW, TRUSTSTORE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Trust store type")
                .define(KEYSTORE_LOCATION, Type.STRING, null, READABLE_FILE, Importance.LOW,
                        KEYSTORE_LOCATION_DOC, GROUP, ++order, Width.LONG, "Key store")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, KEYSTORE_PASSWORD_DOC,
                        GROUP, ++order, Width.MEDIUM, "Key store password")
                .define(KEYSTORE_TYPE, Type.STRING, KeyStoreFile.DEFAULT_TYPE, KEY_STORE_TYPES,
                        Importance.LOW, KEYSTORE_TYPE_DOC, GROUP, ++order, Width.SHORT, "Key store type")
                .define(KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, KEY_PASSWORD_DOC, GROUP,
                        ++order, Width.MEDIUM, "Key password");
    }

    /**
     * Opens the trust store and the key store as the S3 client will, so that a wrong path or password shows when the
     * connector is validated rather than when a task starts. Each problem is reported on the key to fix.
     */
    static void validate(Map<String, ConfigValue> values) {
        TlsSettings tls;
        try {
            tls = tls(key -> StorageConfig.value(values, key));
        } catch (InvalidTlsStoreException e) {
            StorageConfig.error(values, e.setting(), e.getMessage());
            return;
        }
        try {
            if (tls.trustStore() != null) {
                TlsStores.trustManagers(tls.trustStore());
            }
        } catch (InvalidTlsStoreException e) {
            StorageConfig.error(values, e.setting(), e.getMessage());
        }
        try {
            if (tls.keyStore() != null) {
                TlsStores.keyManagers(tls.keyStore(), tls.keyPassword());
            }
        } catch (InvalidTlsStoreException e) {
            StorageConfig.error(values, e.setting(), e.getMessage());
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

    /**
     * The TLS settings from the values of the keys, which {@code setting} gives with passwords as strings.
     *
     * @throws InvalidTlsStoreException when a password is set without its store; connector validation reports it on
     *                                  the key, the CLI shows it as it is
     */
    static TlsSettings tls(Function<String, Object> setting) {
        return new TlsSettings(trustStore(setting), keyStore(setting), chars(setting.apply(KEY_PASSWORD)));
    }

    private static KeyStoreFile trustStore(Function<String, Object> setting) {
        return keyStoreFile(setting, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
    }

    private static KeyStoreFile keyStore(Function<String, Object> setting) {
        return keyStoreFile(setting, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
    }

    /** The store at {@code locationKey}, or {@code null} when none is set; a password without a location is refused. */
    private static KeyStoreFile keyStoreFile(Function<String, Object> setting, String locationKey,
            String passwordKey, String typeKey) {
        Object location = setting.apply(locationKey);
        char[] password = chars(setting.apply(passwordKey));
        if (StorageConfig.isBlank(location)) {
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
        return StorageConfig.isBlank(password) ? null : password.toString().toCharArray();
    }
}
