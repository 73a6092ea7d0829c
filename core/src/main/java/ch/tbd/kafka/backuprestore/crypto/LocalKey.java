package ch.tbd.kafka.backuprestore.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** An AES-256 key from a keystore or a key file, which wraps data keys with AES-256-GCM: nonce, then sealed key. */
final class LocalKey implements KeyEncryptionKey {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    private static final byte[] DATA_KEY_AAD = "kafka-backup data key v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    LocalKey(SecretKey key) {
        this.key = key;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher wrap = Cipher.getInstance(TRANSFORMATION);
            wrap.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            wrap.updateAAD(DATA_KEY_AAD);
            byte[] sealed = wrap.doFinal(dataKey);
            byte[] wrapped = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, wrapped, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, wrapped, NONCE_BYTES, sealed.length);
            return wrapped;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot wrap a data key", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, String keyId, String objectName) {
        if (wrappedKey.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new EncryptionKeyException("Object '" + objectName + "' has a data key too short to be one");
        }
        try {
            Cipher unwrap = Cipher.getInstance(TRANSFORMATION);
            unwrap.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrappedKey, 0, NONCE_BYTES));
            unwrap.updateAAD(DATA_KEY_AAD);
            return unwrap.doFinal(wrappedKey, NONCE_BYTES, wrappedKey.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new EncryptionKeyException("The configured key '" + keyId + "' does not open object '" + objectName
                    + "': it is not the key the object was encrypted with (or the object's header was changed)."
                    + " Configure the right key under that id", e);
        } catch (GeneralSecurityException e) {
            throw new EncryptionKeyException("Cannot unwrap the data key of object '" + objectName + "' with key '"
                    + keyId + "': " + e.getMessage(), e);
        }
    }
}
