package ch.tbd.kafka.backuprestore.storage.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Adds the server-side encryption parameters to each kind of request. SSE-S3 and SSE-KMS only matter when an object
 * is created; SSE-C keys must accompany every request that writes or reads object data, since S3 keeps no copy.
 */
final class EncryptionHeaders {

    private static final String AES256 = "AES256";
    private static final String AWS_KMS = "aws:kms";

    private final ServerSideEncryption encryption;
    private final String customerKey;
    private final String customerKeyMd5;

    EncryptionHeaders(ServerSideEncryption encryption) {
        this.encryption = encryption;
        this.customerKey = isCustomerKey() ? encryption.customerKey().trim() : null;
        this.customerKeyMd5 = isCustomerKey() ? md5OfKey(customerKey) : null;
    }

    PutObjectRequest.Builder apply(PutObjectRequest.Builder request) {
        switch (encryption.type()) {
            case SSE_S3 -> request.serverSideEncryption(AES256);
            case SSE_KMS -> request.serverSideEncryption(AWS_KMS).ssekmsKeyId(kmsKeyId());
            case SSE_C -> request.sseCustomerAlgorithm(AES256)
                    .sseCustomerKey(customerKey)
                    .sseCustomerKeyMD5(customerKeyMd5);
            case NONE -> { }
        }
        return request;
    }

    CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder request) {
        switch (encryption.type()) {
            case SSE_S3 -> request.serverSideEncryption(AES256);
            case SSE_KMS -> request.serverSideEncryption(AWS_KMS).ssekmsKeyId(kmsKeyId());
            case SSE_C -> request.sseCustomerAlgorithm(AES256)
                    .sseCustomerKey(customerKey)
                    .sseCustomerKeyMD5(customerKeyMd5);
            case NONE -> { }
        }
        return request;
    }

    UploadPartRequest.Builder apply(UploadPartRequest.Builder request) {
        return isCustomerKey()
                ? request.sseCustomerAlgorithm(AES256)
                        .sseCustomerKey(customerKey)
                        .sseCustomerKeyMD5(customerKeyMd5)
                : request;
    }

    CompleteMultipartUploadRequest.Builder apply(CompleteMultipartUploadRequest.Builder request) {
        return isCustomerKey()
                ? request.sseCustomerAlgorithm(AES256)
                        .sseCustomerKey(customerKey)
                        .sseCustomerKeyMD5(customerKeyMd5)
                : request;
    }

    GetObjectRequest.Builder apply(GetObjectRequest.Builder request) {
        return isCustomerKey()
                ? request.sseCustomerAlgorithm(AES256)
                        .sseCustomerKey(customerKey)
                        .sseCustomerKeyMD5(customerKeyMd5)
                : request;
    }

    HeadObjectRequest.Builder apply(HeadObjectRequest.Builder request) {
        return isCustomerKey()
                ? request.sseCustomerAlgorithm(AES256)
                        .sseCustomerKey(customerKey)
                        .sseCustomerKeyMD5(customerKeyMd5)
                : request;
    }

    private boolean isCustomerKey() {
        return encryption.type() == ServerSideEncryption.Type.SSE_C;
    }

    private String kmsKeyId() {
        String keyId = encryption.kmsKeyId();
        return keyId == null || keyId.isBlank() ? null : keyId;
    }

    /** S3 checks the key against this digest, so a key damaged in transit cannot encrypt an object for good. */
    static String md5OfKey(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            // The message of e would quote part of the key.
            throw new IllegalArgumentException("The SSE-C customer key is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "The SSE-C customer key must be 256 bits (32 bytes) but has " + key.length + " bytes");
        }
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides MD5", e);
        }
    }
}
