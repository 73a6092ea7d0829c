package ch.tbd.kafka.backuprestore.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys a backup location is read and written with: AES-256 keys by id, and the one that wraps the
 * data keys of new objects. Old keys stay in the ring after a rotation so that the objects they wrapped stay readable.
 * Key material never leaves this class but to a cipher; messages name ids and files, never keys.
 */
public final class KeyRing {

    public static final KeyRing NONE = new KeyRing(Map.of(), null, null);
    static final int KEY_BYTES = 32;

    private final Map<String, KeyEncryptionKey> keys;
    private final String currentId;
    /** With AWS KMS: every key of KMS, whatever its id, is read through it. */
    private final KmsKeys kms;

    private KeyRing(Map<String, ? extends KeyEncryptionKey> keys, String currentId, KmsKeys kms) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.currentId = currentId;
        this.kms = kms;
    }

    /**
     * The keys of AWS KMS: {@code kms}'s key wraps new objects' data keys, and any object whose data key KMS wrapped
     * is read through it, so that objects of an earlier KMS key stay readable after the configured key changes.
     */
    public static KeyRing fromKms(KmsKeys kms) {
        return new KeyRing(Map.of(kms.id(), kms), kms.id(), kms);
    }

    /** Releases what reaching the keys holds: the KMS client's connections. */
    public void close() {
        if (kms != null) {
            kms.close();
        }
    }

    /** Whether new objects are encrypted. */
    public boolean encrypts() {
        return currentId != null;
    }

    /** The id of the key that wraps new objects' data keys. */
    public String currentId() {
        if (currentId == null) {
            throw new IllegalStateException("no key encrypts new objects");
        }
        return currentId;
    }

    KeyEncryptionKey current() {
        return keys.get(currentId());
    }

    Optional<KeyEncryptionKey> key(String id) {
        if (kms != null && id.startsWith(KmsKeys.ID_PREFIX)) {
            return Optional.of(kms);
        }
        return Optional.ofNullable(keys.get(id));
    }

    /** The ids of the keys this ring holds, for messages. */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }

    /**
     * The AES secret keys of a keystore (PKCS12 or JCEKS), each under its alias; the one under {@code currentAlias}
     * encrypts new objects.
     *
     * @throws EncryptionKeyException naming the file, or the alias, when the keystore cannot be read or holds no
     *                                256-bit AES key under that alias
     */
    public static KeyRing fromKeystore(Path location, char[] password, String type, String currentAlias) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(location)) {
            store = KeyStore.getInstance(type);
            store.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new EncryptionKeyException("Cannot read the keystore " + location + " (type " + type + "): "
                    + e.getMessage() + ". Check the file, its type and its password", e);
        }
        Map<String, LocalKey> keys = new LinkedHashMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                if (key instanceof SecretKey secret && "AES".equalsIgnoreCase(secret.getAlgorithm())
                        && secret.getEncoded() != null && secret.getEncoded().length == KEY_BYTES) {
                    keys.put(checkedId(alias.toLowerCase(java.util.Locale.ROOT)), new LocalKey(secret));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new EncryptionKeyException("Cannot read the keys of keystore " + location + ": " + e.getMessage()
                    + ". Its keys must have the keystore's password", e);
        }
        String current = currentAlias.toLowerCase(java.util.Locale.ROOT);
        if (!keys.containsKey(current)) {
            throw new EncryptionKeyException("Keystore " + location + " holds no 256-bit AES key under alias '"
                    + currentAlias + "'" + (keys.isEmpty() ? "" : "; it holds " + keys.keySet())
                    + ". Add one (keytool -genseckey -keyalg AES -keysize 256) or name another alias");
        }
        return new KeyRing(keys, current, null);
    }

    /**
     * Keys in files of their own, each 32 bytes as they are, or as Base64 or hex text; a key's id is its file's name.
     * The first file's key encrypts new objects; the others only read.
     */
    public static KeyRing fromFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw new EncryptionKeyException("No key file is given");
        }
        Map<String, LocalKey> keys = new LinkedHashMap<>();
        for (Path file : files) {
            String id = checkedId(file.getFileName().toString());
            if (keys.put(id, new LocalKey(new SecretKeySpec(readKeyFile(file), "AES"))) != null) {
                throw new EncryptionKeyException("Two key files are named '" + id + "': a key's id is its file's"
                        + " name, so each must be unique");
            }
        }
        return new KeyRing(keys, keys.keySet().iterator().next(), null);
    }

    private static byte[] readKeyFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EncryptionKeyException("Cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        if (content.length == KEY_BYTES) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        for (java.util.function.Function<String, byte[]> decoder : List.<java.util.function.Function<String, byte[]>>of(
                HexFormat.of()::parseHex, Base64.getDecoder()::decode)) {
            try {
                byte[] key = decoder.apply(text);
                if (key.length == KEY_BYTES) {
                    return key;
                }
            } catch (IllegalArgumentException e) {
                // not this encoding
            }
        }
        throw new EncryptionKeyException("The key file " + file + " does not hold a 256-bit key: it must be 32 bytes,"
                + " or their Base64 or hex text (openssl rand -out FILE 32)");
    }

    /** Ids go into object headers between separators: letters, digits and '._-' only. */
    private static String checkedId(String id) {
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new EncryptionKeyException("'" + id + "' cannot be a key id: use letters, digits, '.', '_' and '-'");
        }
        return id;
    }
}
