package ch.tbd.kafka.backuprestore.storage.s3;

/**
 * The TLS material of the connection to the store, beyond what the JVM has.
 *
 * <p>A trust store replaces the JVM's default trust store for this connection, as {@code ssl.truststore.location}
 * does for Kafka's own clients: a store behind a certificate from a private CA is trusted, and nothing else is unless
 * the trust store holds it too. A key store gives the client certificate for stores that require mutual TLS.
 *
 * @param trustStore  the certificates to trust, or {@code null} for the JVM's default trust store
 * @param keyStore    the private key and certificate to present, or {@code null} for none
 * @param keyPassword the password of the private key in {@code keyStore}, or {@code null} when it is the key store's
 */
public record TlsSettings(KeyStoreFile trustStore, KeyStoreFile keyStore, char[] keyPassword) {

    private static final TlsSettings NONE = new TlsSettings(null, null, null);

    public TlsSettings {
        if (keyPassword != null && keyStore == null) {
            throw new InvalidTlsStoreException(TlsStores.KEYSTORE_LOCATION, TlsStores.KEY_PASSWORD
                    + " is set, but no key store: set " + TlsStores.KEYSTORE_LOCATION + ", or remove the password");
        }
    }

    /** The JVM's defaults: its trust store, and no client certificate. */
    public static TlsSettings none() {
        return NONE;
    }

    public boolean isNone() {
        return trustStore == null && keyStore == null;
    }

    /** Never prints a password. */
    @Override
    public String toString() {
        return "TlsSettings[trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
    }
}
