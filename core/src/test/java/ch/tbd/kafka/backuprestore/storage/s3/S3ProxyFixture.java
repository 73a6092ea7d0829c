package ch.tbd.kafka.backuprestore.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3-compatible server in this JVM: s3proxy over an in-memory blob store, checking SigV4 signatures. */
final class S3ProxyFixture implements AutoCloseable {

    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";
    static final String REGION = "us-east-1";

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3ProxyFixture(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.admin = S3ClientFactory.create(settings("admin"));
    }

    static S3ProxyFixture start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyFixture(proxy);
    }

    URI endpoint() {
        return endpoint;
    }

    /** Settings that reach {@code bucket} on this server, with the smallest part size S3 allows. */
    S3Settings settings(String bucket) {
        return S3Settings.of(bucket, REGION)
                .withEndpoint(endpoint, true)
                .withStaticCredentials(ACCESS_KEY, SECRET_KEY)
                .withPartSizeBytes(S3Settings.MIN_PART_SIZE_BYTES);
    }

    /** Creates a bucket no other test uses. */
    String createBucket() {
        String bucket = "bucket-" + BUCKETS.incrementAndGet();
        admin.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** A client with full access, to look behind the storage under test. */
    S3Client admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
        try {
            proxy.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping s3proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}
