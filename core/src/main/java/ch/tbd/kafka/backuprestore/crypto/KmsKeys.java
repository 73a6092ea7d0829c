package ch.tbd.kafka.backuprestore.crypto;

import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Data keys wrapped by AWS KMS: a new object's data key is sent to KMS's {@code Encrypt} under the configured key,
 * and comes back from {@code Decrypt} when the object is read. The key-encryption key never leaves KMS, and access to
 * it is KMS's policy and audit trail. The wrapped key names its KMS key itself, so objects written under an earlier KMS
 * key stay readable while the credentials may decrypt with it: rotation is naming a new key, or KMS's own rotation.
 *
 * <p>Each call carries the encryption context {@code kafka-backup=data-key-v1}, which a key policy can require. A data
 * key read once is kept (the last {@value #CACHED_KEYS}), since a restore opens an object's header and then its
 * blocks; a failure that may pass (throttling, a 5xx, a dropped connection) is a retriable storage failure, so that
 * the connectors retry it as any read.
 */
public final class KmsKeys implements KeyEncryptionKey, AutoCloseable {

    /** How a header names a key of KMS: this prefix and the KMS key id, ARN or alias as configured. */
    public static final String ID_PREFIX = "aws-kms:";
    private static final Map<String, String> CONTEXT = Map.of("kafka-backup", "data-key-v1");
    private static final int CACHED_KEYS = 1024;

    private final KmsClient kms;
    private final String keyId;
    private final String location;
    private final Map<String, byte[]> unwrapped = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_KEYS;
        }
    };

    KmsKeys(KmsClient kms, String keyId, String location) {
        this.kms = kms;
        this.keyId = keyId;
        this.location = location;
    }

    /**
     * @param keyId       the KMS key that wraps new data keys: key id, key ARN, alias name ({@code alias/backup}) or
     *                    alias ARN
     * @param region      the key's region
     * @param endpoint    a KMS endpoint other than the region's (a VPC endpoint), or null
     * @param credentials the credentials to call KMS with
     */
    public static KmsKeys connect(String keyId, String region, URI endpoint, AwsCredentialsProvider credentials) {
        KmsClientBuilder builder = KmsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new KmsKeys(builder.build(), keyId, endpoint != null ? endpoint.toString() : "region " + region);
    }

    /** The id new objects' headers name. */
    public String id() {
        return ID_PREFIX + keyId;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        try {
            return kms.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(dataKey))
                    .encryptionContext(CONTEXT)).ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw failure("wrap a new data key with KMS key '" + keyId + "'", null, e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, String headerKeyId, String objectName) {
        String cacheKey = Base64.getEncoder().encodeToString(wrappedKey);
        synchronized (unwrapped) {
            byte[] known = unwrapped.get(cacheKey);
            if (known != null) {
                return known.clone();
            }
        }
        byte[] key;
        try {
            key = kms.decrypt(request -> request.ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
                    .encryptionContext(CONTEXT)).plaintext().asByteArray();
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            throw new EncryptionKeyException("KMS does not open the data key of object '" + objectName + "' (key '"
                    + headerKeyId + "'): the object's header was changed, or it was not written by this tool."
                    + " (" + e.awsErrorDetails().errorMessage() + ")", e);
        } catch (SdkException e) {
            throw failure("decrypt the data key", objectName, e);
        }
        synchronized (unwrapped) {
            unwrapped.put(cacheKey, key.clone());
        }
        return key;
    }

    /**
     * A failure that may pass is a retriable storage failure; others (access denied, a disabled or deleted key, no
     * credentials) need a person and say so.
     */
    private RuntimeException failure(String what, String objectName, SdkException e) {
        if (StorageErrors.isRetriable(e)) {
            return StorageErrors.classify(what + " (KMS)", "AWS KMS at " + location, objectName, e);
        }
        return new EncryptionKeyException("Could not " + what + (objectName == null ? "" : " of object '"
                + objectName + "'") + " at AWS KMS (" + location + "): " + e.getMessage() + ". Check that the key"
                + " exists and is enabled, and that the worker's credentials may use it (kms:Encrypt to back up,"
                + " kms:Decrypt to restore)", e);
    }

    @Override
    public void close() {
        kms.close();
    }
}
