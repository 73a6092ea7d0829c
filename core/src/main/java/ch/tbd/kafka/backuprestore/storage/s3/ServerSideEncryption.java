package ch.tbd.kafka.backuprestore.storage.s3;

import java.util.Objects;

/**
 * Server-side encryption of stored objects.
 *
 * @param type        which kind of encryption
 * @param kmsKeyId    for {@link Type#SSE_KMS}: the KMS key id or ARN, or {@code null} for the bucket's default key
 * @param customerKey for {@link Type#SSE_C}: the base64 of a 256-bit AES key, which S3 needs on every read too
 */
public record ServerSideEncryption(Type type, String kmsKeyId, String customerKey) {

    public enum Type { NONE, SSE_S3, SSE_KMS, SSE_C }

    public ServerSideEncryption {
        Objects.requireNonNull(type, "type");
        if (type == Type.SSE_C && (customerKey == null || customerKey.isBlank())) {
            throw new IllegalArgumentException("SSE-C needs a customer key");
        }
    }

    /**
     * What is wrong with an SSE-C key, or null when it is the base64 of 256 bits. The message never quotes the key.
     */
    public static String customerKeyProblem(String base64Key) {
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            return "is not valid base64";
        }
        return key.length == 32 ? null : "must be the base64 of a 256-bit (32-byte) AES key, but decodes to "
                + key.length + " bytes";
    }

    public static ServerSideEncryption none() {
        return new ServerSideEncryption(Type.NONE, null, null);
    }

    @Override
    public String toString() {
        return "ServerSideEncryption[" + type + (kmsKeyId != null ? ", kmsKeyId=" + kmsKeyId : "") + "]";
    }
}
