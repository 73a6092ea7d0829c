package ch.tbd.kafka.backuprestore.crypto;

/**
 * A key that wraps objects' data keys: one held here ({@link LocalKey}) or one that never leaves AWS KMS
 * ({@link KmsKeys}).
 */
interface KeyEncryptionKey {

    /** The data key of a new object, wrapped for its header. */
    byte[] wrap(byte[] dataKey);

    /**
     * The data key of a stored object.
     *
     * @throws EncryptionKeyException naming the object and the key id when this key does not open the wrapped key
     */
    byte[] unwrap(byte[] wrappedKey, String keyId, String objectName);
}
