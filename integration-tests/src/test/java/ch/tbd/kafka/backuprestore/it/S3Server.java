package ch.tbd.kafka.backuprestore.it;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
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

    /**
     * Every GET, HEAD and LIST of objects since the server started or since {@link #clearRequests()}, in arrival order.
     * A GET's {@link ObjectRequest#bytesServed()} grows while its body is streamed out.
     */
    public List<ObjectRequest> requests() {
        return List.copyOf(store.requests);
    }

    /** The GETs of objects in {@code bucket}, whole or ranged. */
    public List<ObjectRequest> gets(String bucket) {
        return store.requests.stream()
                .filter(r -> r.method() == Method.GET && r.bucket().equals(bucket))
                .toList();
    }

    public void clearRequests() {
        store.requests.clear();
    }

    /** Makes every later GET of an object wait this long before it answers, to slow a reader down; zero to stop. */
    public void delayGets(Duration delay) {
        store.getDelayMillis = delay.toMillis();
    }

    /** Replaces the object with a copy in which the byte at {@code position} has all its bits flipped. */
    public void flipByte(String bucket, String key, long position) {
        byte[] bytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        if (position < 0 || position >= bytes.length) {
            throw new IllegalArgumentException(key + " has " + bytes.length + " bytes, no byte at " + position);
        }
        bytes[(int) position] = (byte) ~bytes[(int) position];
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** What a request of the S3 API read from the store. */
    public enum Method {
        GET,
        HEAD,
        LIST
    }

    /**
     * One request that reads from the store.
     *
     * @param key   the object's key, or the prefix of a LIST (empty for none)
     * @param range the {@code Range} header of a GET (such as {@code bytes=0-65535}), {@code null} for a whole object
     */
    public record ObjectRequest(Method method, String bucket, String key, String range, AtomicLong served) {

        public boolean ranged() {
            return range != null;
        }

        /** Body bytes sent so far. */
        public long bytesServed() {
            return served.get();
        }

        @Override
        public String toString() {
            return method + " " + bucket + "/" + key + (range == null ? "" : " " + range) + " (" + served.get()
                    + " bytes)";
        }
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

    /**
     * Counts writes and logs reads on the way into the blob store: cheaper and more precise than parsing access logs.
     */
    private static final class CountingBlobStore extends ForwardingBlobStore {

        private final AtomicLong singlePuts = new AtomicLong();
        private final AtomicLong multipartCompletions = new AtomicLong();
        private final Queue<ObjectRequest> requests = new ConcurrentLinkedQueue<>();
        private volatile long getDelayMillis;

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

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            long delay = getDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ObjectRequest logged =
                    new ObjectRequest(Method.GET, request.bucket(), request.key(), request.range(), new AtomicLong());
            requests.add(logged);
            ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
            return new ResponseInputStream<>(response.response(), new CountingStream(response, logged.served()));
        }

        @Override
        public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
            requests.add(new ObjectRequest(Method.HEAD, request.bucket(), request.key(), null, new AtomicLong()));
            return super.blobMetadata(request);
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            requests.add(new ObjectRequest(Method.LIST, request.bucket(),
                    request.prefix() == null ? "" : request.prefix(), null, new AtomicLong()));
            return super.list(request);
        }
    }

    /** Counts the body bytes that leave the store. */
    private static final class CountingStream extends FilterInputStream {

        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count.addAndGet(Math.max(skipped, 0));
            return skipped;
        }

        @Override
        public long transferTo(java.io.OutputStream out) throws IOException {
            // FilterInputStream would hand the transfer to the stream underneath, past this counter.
            long total = 0;
            byte[] buffer = new byte[8192];
            for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }
}
