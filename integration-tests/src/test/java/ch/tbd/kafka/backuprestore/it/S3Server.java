package ch.tbd.kafka.backuprestore.it;

import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3-compatible server in this JVM (s3proxy over an in-memory file system) that checks SigV4 signatures, and a client
 * to look at what landed in it.
 *
 * <p>s3proxy shades its Jetty and uses Jackson 3 ({@code tools.jackson}), so it lives next to the Connect runtime's
 * Jetty 12.0 and Jackson 2 without conflict.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "backup-access-key";
    public static final String SECRET_KEY = "backup-secret-key";
    public static final String REGION = "eu-central-1";

    private final S3Proxy proxy;
    private final CountingBlobStore store;
    private final URI endpoint;
    private final S3Client client;

    private S3Server(S3Proxy proxy, CountingBlobStore store) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public static S3Server start() {
        CountingBlobStore store = new CountingBlobStore(new TransientNio2BlobStore());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        return new S3Server(proxy, store);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** A client with path-style access and the server's credentials, for setting up and checking. */
    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Objects written so far, by single PUT or by completed multipart upload; rewrites of one key count each time. */
    public long objectWrites() {
        return store.singlePuts.get() + store.multipartCompletions.get();
    }

    /** Multipart uploads completed so far. */
    public long multipartUploads() {
        return store.multipartCompletions.get();
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    /** Counts writes on the way into the blob store: cheaper and more precise than parsing access logs. */
    private static final class CountingBlobStore extends ForwardingBlobStore {

        private final AtomicLong singlePuts = new AtomicLong();
        private final AtomicLong multipartCompletions = new AtomicLong();

        CountingBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            PutObjectResponse response = super.putBlob(request, content);
            singlePuts.incrementAndGet();
            return response;
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(
                MultipartUpload upload, CompleteMultipartUploadRequest request) {
            CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
            multipartCompletions.incrementAndGet();
            return response;
        }
    }
}
