package ch.tbd.kafka.backuprestore.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption of one object's blocks: AES-256-GCM under a data key of the object's own, which a key of the
 * {@link KeyRing} wraps for the object's header (with AES-256-GCM too, or in AWS KMS). Each block is encrypted on its own, with its block
 * number as its nonce, so that a ranged read decrypts just the blocks it fetched, and a block moved to another place
 * fails its authentication as surely as a changed one. A data key is never used for more than one object, so no nonce
 * repeats under a key.
 */
public final class ObjectCipher {

    public static final String ALGORITHM = "AES-256-GCM";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final byte[] wrappedKey;
    private final SecretKey dataKey;
    private final Cipher cipher;
    private byte[] out = new byte[0];

    private ObjectCipher(String keyId, byte[] wrappedKey, SecretKey dataKey) {
        this.keyId = keyId;
        this.wrappedKey = wrappedKey;
        this.dataKey = dataKey;
        try {
            this.cipher = Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no " + TRANSFORMATION + " cipher", e);
        }
    }

    /** A new data key for a new object, wrapped by the ring's current key. */
    public static ObjectCipher forNewObject(KeyRing ring) {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        RANDOM.nextBytes(key);
        return new ObjectCipher(ring.currentId(), ring.current().wrap(key), new SecretKeySpec(key, "AES"));
    }

    /**
     * The cipher of a stored object, its data key unwrapped with the ring's key of that id.
     *
     * @throws EncryptionKeyException naming the object and the key id when the ring lacks the key, or its key of that
     *                                id is not the one that wrapped the data key
     */
    public static ObjectCipher forObject(KeyRing ring, String keyId, byte[] wrappedKey, String objectName) {
        KeyEncryptionKey wrapping = ring.key(keyId).orElseThrow(() -> new EncryptionKeyException("Object '"
                + objectName + "' is encrypted with key '" + keyId + "', which the configured keys "
                + (ring.ids().isEmpty() ? "(none: encryption.key.provider is none)" : ring.ids())
                + " do not include. Configure the keystore, key file or KMS key that holds it (encryption.*)"));
        byte[] key = wrapping.unwrap(wrappedKey, keyId, objectName);
        return new ObjectCipher(keyId, wrappedKey, new SecretKeySpec(key, "AES"));
    }

    public String keyId() {
        return keyId;
    }

    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /** Encrypts block {@code block}; the result, ciphertext and tag, is valid until the next call. */
    public ByteBuffer encrypt(int block, ByteBuffer plain) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, nonce(block));
            int length = cipher.getOutputSize(plain.remaining());
            if (out.length < length) {
                out = new byte[length];
            }
            int n = cipher.doFinal(plain.array(), plain.arrayOffset() + plain.position(), plain.remaining(), out, 0);
            return ByteBuffer.wrap(out, 0, n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt block " + block, e);
        }
    }

    /**
     * Decrypts block {@code block}; the result is valid until the next call.
     *
     * @throws AEADBadTagException when the block is not the one written there under this data key
     */
    public ByteBuffer decrypt(int block, byte[] data, int length) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, dataKey, nonce(block));
            int size = cipher.getOutputSize(length);
            if (out.length < size) {
                out = new byte[size];
            }
            int n = cipher.doFinal(data, 0, length, out, 0);
            return ByteBuffer.wrap(out, 0, n);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt block " + block, e);
        }
    }

    private static GCMParameterSpec nonce(int block) {
        byte[] nonce = new byte[NONCE_BYTES];
        ByteBuffer.wrap(nonce, NONCE_BYTES - Long.BYTES, Long.BYTES).putLong(block);
        return new GCMParameterSpec(TAG_BITS, nonce);
    }
}
