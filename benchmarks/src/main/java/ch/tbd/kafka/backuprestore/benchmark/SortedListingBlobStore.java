package ch.tbd.kafka.backuprestore.benchmark;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectStorageClass;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Answers a LIST of the buckets it indexes from a sorted map of their keys, in a time that grows with the page and not
 * with the bucket, as S3's does. s3proxy's filesystem store walks every key under the prefix for each page it answers:
 * over 100,000 objects, 302 pages took it 912 s, so that a listing measured its walk rather than the restore's plan.
 *
 * <p>Only for a bucket filled through {@link #putBlob} after {@link #index}, and then only read, as the planning phase's
 * generated backup is. Any other write to an indexed bucket (a copy, a delete, a multipart upload) drops its index, so
 * its listings fall back to the store's own: slower, never wrong. A listing by delimiter always goes to the store.
 */
final class SortedListingBlobStore extends ForwardingBlobStore {

    private static final int MAX_KEYS = 1000;

    private final Map<String, ConcurrentSkipListMap<String, S3Object>> indexes = new ConcurrentHashMap<>();

    SortedListingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** Starts an index of {@code bucket}, which must be empty. */
    void index(String bucket) {
        indexes.put(bucket, new ConcurrentSkipListMap<>());
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        NavigableMap<String, S3Object> index = indexes.get(request.bucket());
        if (index == null || request.delimiter() != null) {
            return super.list(request);
        }
        String prefix = request.prefix() == null ? "" : request.prefix();
        String after = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        int maxKeys = request.maxKeys() == null ? MAX_KEYS : Math.min(MAX_KEYS, request.maxKeys());
        NavigableMap<String, S3Object> from = after == null || after.compareTo(prefix) < 0
                ? index.tailMap(prefix, true) : index.tailMap(after, false);
        List<S3Object> page = new ArrayList<>();
        boolean truncated = false;
        for (Map.Entry<String, S3Object> entry : from.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            if (page.size() == maxKeys) {
                truncated = true;
                break;
            }
            page.add(entry.getValue());
        }
        return ListObjectsV2Response.builder()
                .name(request.bucket())
                .prefix(request.prefix())
                .maxKeys(maxKeys)
                .keyCount(page.size())
                .contents(page)
                .isTruncated(truncated)
                .continuationToken(request.continuationToken())
                .startAfter(request.startAfter())
                .nextContinuationToken(truncated ? page.get(page.size() - 1).key() : null)
                .build();
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        ConcurrentSkipListMap<String, S3Object> index = indexes.get(request.bucket());
        if (index != null && request.contentLength() != null) {
            index.put(request.key(), S3Object.builder()
                    .key(request.key())
                    .size(request.contentLength())
                    .eTag(response.eTag())
                    .lastModified(Instant.now())
                    .storageClass(ObjectStorageClass.STANDARD)
                    .build());
        } else if (index != null) {
            indexes.remove(request.bucket());
        }
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        indexes.remove(request.destinationBucket());
        return super.copyBlob(request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        indexes.remove(request.bucket());
        return super.removeBlob(request);
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        indexes.remove(request.bucket());
        return super.removeBlobs(request);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        indexes.remove(request.bucket());
        return super.completeMultipartUpload(upload, request);
    }
}
