package ch.tbd.kafka.backuprestore.storage.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in this JVM: s3proxy over an in-memory blob store, checking SigV4 signatures; over plain
 * HTTP, or over HTTPS with a given certificate.
 */
final class S3ProxyFixture implements AutoCloseable {

    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";
    static final String REGION = "us-east-1";

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy proxy;
    private final URI endpoint;
    private final TlsSettings clientTls;
    private final S3Client admin;

    private S3ProxyFixture(S3Proxy proxy, URI endpoint, TlsSettings clientTls) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.clientTls = clientTls;
        this.admin = S3ClientFactory.create(settings("admin"));
    }

    static S3ProxyFixture start() throws Exception {
        S3Proxy proxy = start(builder().endpoint(URI.create("http://127.0.0.1:0")));
        return new S3ProxyFixture(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), TlsSettings.none());
    }

    /**
     * Serves HTTPS only, with the key pair in {@code keyStore} (a PKCS12 file with {@link TestCertificates#PASSWORD});
     * {@link #settings} reach it with {@code clientTls}.
     */
    static S3ProxyFixture startSecure(Path keyStore, TlsSettings clientTls) throws Exception {
        return startSecure(builder().keyStore(keyStore.toString(), TestCertificates.PASSWORD), clientTls);
    }

    /** Serves HTTPS only, as {@code serverContext} says: with its key, and its client authentication. */
    static S3ProxyFixture startSecure(SSLContext serverContext, TlsSettings clientTls) throws Exception {
        return startSecure(builder().sslContext(serverContext), clientTls);
    }

    private static S3ProxyFixture startSecure(S3Proxy.Builder builder, TlsSettings clientTls) throws Exception {
        S3Proxy proxy = start(builder.secureEndpoint(URI.create("https://127.0.0.1:0")));
        return new S3ProxyFixture(proxy, URI.create("https://127.0.0.1:" + proxy.getSecurePort()), clientTls);
    }

    private static S3Proxy.Builder builder() {
        return S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY);
    }

    private static S3Proxy start(S3Proxy.Builder builder) throws Exception {
        S3Proxy proxy = builder.build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return proxy;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Settings that reach {@code bucket} on this server, with the smallest part size S3 allows. */
    S3Settings settings(String bucket) {
        return S3Settings.of(bucket, REGION)
                .withEndpoint(endpoint, true)
                .withStaticCredentials(ACCESS_KEY, SECRET_KEY)
                .withPartSizeBytes(S3Settings.MIN_PART_SIZE_BYTES)
                .withTls(clientTls);
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
