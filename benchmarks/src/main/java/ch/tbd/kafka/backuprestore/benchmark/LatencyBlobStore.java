package ch.tbd.kafka.backuprestore.benchmark;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Answers the reads of the buckets it is given no sooner than S3 would. s3proxy on the same machine answers a small
 * GET in well under a millisecond, where S3 takes some ten milliseconds to its first byte; a plan that reads object
 * after object waits for that time at every object, which the same machine would never show. Writes are not slowed.
 */
final class LatencyBlobStore extends ForwardingBlobStore {

    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Duration latency;

    LatencyBlobStore(BlobStore delegate, Duration latency) {
        super(delegate);
        this.latency = latency;
    }

    void slowDown(String bucket) {
        buckets.add(bucket);
    }

    Duration latency() {
        return latency;
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        await(request.bucket());
        return super.list(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        await(request.bucket());
        return super.getBlob(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        await(request.bucket());
        return super.blobMetadata(request);
    }

    private void await(String bucket) {
        if (!latency.isZero() && buckets.contains(bucket)) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while answering a request of bucket " + bucket, e);
            }
        }
    }
}
