package ch.tbd.kafka.backuprestore.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens the trust store and key store of {@link TlsSettings} into the JSSE trust and key managers that the HTTP client
 * builds its {@code SSLContext} from.
 *
 * <p>The AWS SDK's own file-based provider logs a warning and goes on without a client certificate when its key store
 * cannot be opened; a misconfigured store would then show up later as a refused handshake. Here every problem is an
 * {@link InvalidTlsStoreException} at once, naming the setting to fix and the file, never the password. Connector
 * validation and the client use this same code, so what validation accepts the client can open.
 */
public final class TlsStores {

    public static final String TRUSTSTORE_LOCATION = "s3.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "s3.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "s3.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "s3.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "s3.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "s3.ssl.keystore.type";
    public static final String KEY_PASSWORD = "s3.ssl.key.password";

    private TlsStores() {}

    /** Trust managers that trust exactly the certificates of {@code trustStore}. */
    public static TrustManager[] trustManagers(KeyStoreFile trustStore) {
        KeyStore store = open(trustStore, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, "trust store");
        if (size(store) == 0) {
            throw new InvalidTlsStoreException(TRUSTSTORE_LOCATION, TRUSTSTORE_LOCATION + ": the trust store "
                    + trustStore.location() + " holds no certificates, so it would trust no server: import the"
                    + " certificate of the CA that signed the store's certificate");
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new InvalidTlsStoreException(TRUSTSTORE_LOCATION, TRUSTSTORE_LOCATION + ": the trust store "
                    + trustStore.location() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Key managers that present the private key and certificate of {@code keyStore}.
     *
     * @param keyPassword the key's own password, or {@code null} when it is the key store's (as in every PKCS12 file
     *                    that keytool writes)
     */
    public static KeyManager[] keyManagers(KeyStoreFile keyStore, char[] keyPassword) {
        KeyStore store = open(keyStore, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, "key store");
        if (!hasPrivateKey(store)) {
            throw new InvalidTlsStoreException(KEYSTORE_LOCATION, KEYSTORE_LOCATION + ": the key store "
                    + keyStore.location() + " holds no private key, so it has no client certificate to present");
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyPassword != null ? keyPassword : keyStore.password());
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            String wrong = keyPassword != null ? KEY_PASSWORD : KEYSTORE_PASSWORD;
            throw new InvalidTlsStoreException(KEY_PASSWORD, wrong + " does not open the private key in "
                    + keyStore.location() + " (" + KEYSTORE_LOCATION + ")"
                    + (keyPassword != null ? "" : ": set " + KEY_PASSWORD + " if the key has a password of its own"),
                    e);
        } catch (GeneralSecurityException e) {
            throw new InvalidTlsStoreException(KEYSTORE_LOCATION, KEYSTORE_LOCATION + ": the key store "
                    + keyStore.location() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * What keeps {@code file} from being read, as a short phrase such as "does not exist", or {@code null} when it
     * is a readable file. For checks of a location before any password is known.
     */
    public static String unreadableFileProblem(Path file) {
        if (!Files.exists(file)) {
            return "the file " + file + " does not exist";
        }
        if (!Files.isRegularFile(file)) {
            return file + " is not a file";
        }
        if (!Files.isReadable(file)) {
            return "the file " + file + " cannot be read: check its permissions";
        }
        return null;
    }

    private static KeyStore open(KeyStoreFile file, String locationKey, String passwordKey, String typeKey,
            String what) {
        Path location = file.location();
        if (file.password() == null) {
            throw new InvalidTlsStoreException(passwordKey, passwordKey + " is required with " + locationKey
                    + " (" + location + ")");
        }
        String problem = unreadableFileProblem(location);
        if (problem != null) {
            throw new InvalidTlsStoreException(locationKey, locationKey + ": " + problem);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.type().toUpperCase(Locale.ROOT));
        } catch (KeyStoreException e) {
            throw new InvalidTlsStoreException(typeKey, typeKey + ": '" + file.type()
                    + "' is not a key store type of this JVM: use PKCS12 or JKS", e);
        }
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, file.password());
            return store;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new InvalidTlsStoreException(locationKey, locationKey + ": the file " + location
                    + " cannot be read: check that it exists and its permissions", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidTlsStoreException(passwordKey, passwordKey + " does not open the " + what + " "
                        + location + " (" + locationKey + "): wrong password, or a damaged file", e);
            }
            throw new InvalidTlsStoreException(locationKey, locationKey + ": " + location + " is not a "
                    + file.type() + " " + what + " (" + typeKey + "), or it is damaged: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new InvalidTlsStoreException(locationKey, locationKey + ": the " + what + " " + location
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static int size(KeyStore store) {
        try {
            return store.size();
        } catch (KeyStoreException e) {
            throw new IllegalStateException("A loaded key store reports that it is not loaded", e);
        }
    }

    private static boolean hasPrivateKey(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            throw new IllegalStateException("A loaded key store reports that it is not loaded", e);
        }
    }
}
