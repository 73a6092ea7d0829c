package ch.tbd.kafka.backuprestore.storage.s3;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Uploads one object in parts, reading the content once and holding a single part in memory: a backup object may be
 * far larger than the heap a connector task can spare. Any failure aborts the upload, so that S3 neither shows a
 * partial object nor keeps charging for stored parts.
 */
final class MultipartUploader {

    private static final Logger log = LoggerFactory.getLogger(MultipartUploader.class);

    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final int partSizeBytes;
    private final EncryptionHeaders encryption;
    private final String location;

    MultipartUploader(S3Client s3, String bucket, int partSizeBytes, EncryptionHeaders encryption, String location) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSizeBytes = partSizeBytes;
        this.encryption = encryption;
        this.location = location;
    }

    /** @param ifAbsent complete the upload only if the key is free; S3 answers 412 otherwise, and the upload is aborted */
    void upload(String key, ObjectContent content, boolean ifAbsent) throws IOException {
        long partCount = (content.length() + partSizeBytes - 1) / partSizeBytes;
        if (partCount > MAX_PARTS) {
            throw StorageErrors.fatal("put", location, key, "the object of " + content.length() + " bytes needs "
                    + partCount + " parts of " + partSizeBytes + " bytes, but S3 allows " + MAX_PARTS
                    + ": raise the part size");
        }
        String uploadId = s3.createMultipartUpload(encryption.apply(CreateMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(S3Storage.CONTENT_TYPE)).build()).uploadId();
        try {
            List<CompletedPart> parts = uploadParts(key, uploadId, content);
            CompleteMultipartUploadRequest.Builder complete = encryption.apply(CompleteMultipartUploadRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            if (ifAbsent) {
                complete.ifNoneMatch("*");
            }
            s3.completeMultipartUpload(complete.build());
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private List<CompletedPart> uploadParts(String key, String uploadId, ObjectContent content) throws IOException {
        long length = content.length();
        byte[] buffer = new byte[(int) Math.min(partSizeBytes, length)];
        List<CompletedPart> parts = new ArrayList<>();
        try (InputStream in = content.open()) {
            long remaining = length;
            for (int partNumber = 1; remaining > 0; partNumber++) {
                int size = (int) Math.min(partSizeBytes, remaining);
                int read = in.readNBytes(buffer, 0, size);
                if (read < size) {
                    throw lengthMismatch(key, length, "ended after " + (length - remaining + read) + " bytes");
                }
                parts.add(uploadPart(key, uploadId, partNumber, buffer, size));
                remaining -= size;
            }
            if (in.read() >= 0) {
                throw lengthMismatch(key, length, "has more bytes");
            }
        }
        return parts;
    }

    private CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] buffer, int size) {
        UploadPartRequest request = encryption.apply(UploadPartRequest.builder()
                .bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .partNumber(partNumber)
                .contentLength((long) size)).build();
        // A provider rather than RequestBody.fromBytes: no copy of the part, and the SDK can re-read it to retry.
        RequestBody body = RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, 0, size), size, S3Storage.CONTENT_TYPE);
        String eTag = s3.uploadPart(request, body).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
    }

    private RuntimeException lengthMismatch(String key, long declared, String problem) {
        return StorageErrors.fatal("put", location, key,
                "the content declared " + declared + " bytes but " + problem);
    }

    private void abort(String key, String uploadId, Exception failure) {
        // An interrupted thread would fail the abort call too; let the abort through, then restore the interrupt.
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .build());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Could not abort multipart upload {} of '{}' at {}; its parts stay until a bucket lifecycle "
                    + "rule for incomplete multipart uploads removes them", uploadId, key, location);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
