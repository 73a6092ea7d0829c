package ch.tbd.kafka.backuprestore.storage.s3;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A key store or trust store file, as JSSE opens it.
 *
 * <p>The password is a {@code char[]} because that is what {@link java.security.KeyStore} takes; it never appears in
 * {@link #toString()}.
 *
 * @param location the file
 * @param type     its format as {@link java.security.KeyStore#getInstance(String)} names it: {@code PKCS12} or
 *                 {@code JKS}
 * @param password the password that opens it, or {@code null} when none is configured (which
 *                 {@link TlsStores} refuses)
 */
public record KeyStoreFile(Path location, String type, char[] password) {

    public static final String DEFAULT_TYPE = "PKCS12";

    public KeyStoreFile {
        Objects.requireNonNull(location, "location");
        type = type == null || type.isBlank() ? DEFAULT_TYPE : type.trim();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "KeyStoreFile[" + location + ", " + type + "]";
    }
}
