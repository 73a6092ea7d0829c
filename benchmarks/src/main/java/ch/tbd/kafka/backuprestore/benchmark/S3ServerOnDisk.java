package ch.tbd.kafka.backuprestore.benchmark;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server (s3proxy) in the benchmark's JVM, storing objects as files on local disk and checking SigV4
 * signatures like S3. It counts the body bytes of every GET it serves, which is what a point-in-time restore is
 * measured by: bytes read from storage, header reads and abandoned streams included; and the requests it answers by
 * kind, which is what planning over many objects is measured by.
 */
final class S3ServerOnDisk implements AutoCloseable {

    static final String ACCESS_KEY = "benchmark-access-key";
    static final String SECRET_KEY = "benchmark-secret-key";
    static final String REGION = "eu-central-1";
    /** About S3's time to the first byte of a small object in the same region. */
    static final java.time.Duration GENERATED_BUCKET_LATENCY = java.time.Duration.ofMillis(10);

    private final S3Proxy proxy;
    private final BlobStore store;
    private final SortedListingBlobStore listing;
    private final LatencyBlobStore latency;
    private final AtomicLong bytesServed;
    private final RequestCounters requests;
    private final URI endpoint;

    private S3ServerOnDisk(S3Proxy proxy, BlobStore store, SortedListingBlobStore listing, LatencyBlobStore latency,
            AtomicLong bytesServed, RequestCounters requests) {
        this.proxy = proxy;
        this.store = store;
        this.listing = listing;
        this.latency = latency;
        this.bytesServed = bytesServed;
        this.requests = requests;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    static S3ServerOnDisk start(Path directory) throws InterruptedException {
        AtomicLong bytesServed = new AtomicLong();
        RequestCounters requests = new RequestCounters();
        SortedListingBlobStore listing = new SortedListingBlobStore(
                new FilesystemNio2BlobStore(directory.toString()));
        LatencyBlobStore latency = new LatencyBlobStore(listing, GENERATED_BUCKET_LATENCY);
        BlobStore store = new CountingBlobStore(latency, bytesServed, requests);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy on " + directory, e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ServerOnDisk(proxy, store, listing, latency, bytesServed, requests);
    }

    URI endpoint() {
        return endpoint;
    }

    void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /**
     * Creates a bucket to be filled with {@link #put} and then only read, whose listings are answered from a sorted
     * index of its keys ({@link SortedListingBlobStore}) and whose reads take at least
     * {@link #GENERATED_BUCKET_LATENCY} ({@link LatencyBlobStore}), as S3's would.
     */
    void createGeneratedBucket(String bucket) {
        createBucket(bucket);
        listing.index(bucket);
        latency.slowDown(bucket);
    }

    /** Body bytes of all GETs served since the start or the last {@link #resetBytesServed()}. */
    long bytesServed() {
        return bytesServed.get();
    }

    void resetBytesServed() {
        bytesServed.set(0);
    }

    /** The requests answered since the start or the last {@link #resetRequests()}. */
    Requests requests() {
        return requests.snapshot();
    }

    void resetRequests() {
        requests.reset();
    }

    /**
     * Stores an object straight into the store, past the S3 API and its signatures: for a backup of more objects than a
     * backup connector could write in the time of a run. Safe from several threads at once.
     */
    void put(String bucket, String key, InputStream content, long length) {
        store.putBlob(PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(length)
                .contentType("application/octet-stream")
                .build(), content);
    }

    /** What a bucket holds: its objects and their total size. */
    Contents contents(String bucket) {
        long objects = 0;
        long bytes = 0;
        String token = null;
        do {
            ListObjectsV2Response page = store.list(ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .continuationToken(token)
                    .build());
            for (S3Object object : page.contents()) {
                objects++;
                bytes += object.size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return new Contents(objects, bytes);
    }

    record Contents(long objects, long bytes) {}

    /**
     * Requests by kind: LIST (one a page of keys), GET of a whole object, GET of a byte range, and HEAD of an object or
     * a bucket; and the time the store took to answer the LIST requests (see {@link SortedListingBlobStore} for why
     * a generated bucket is listed from an index).
     */
    record Requests(long lists, long gets, long rangedGets, long heads, long listNanos) {

        long total() {
            return lists + gets + rangedGets + heads;
        }

        double listSeconds() {
            return listNanos / 1e9;
        }
    }

    private static final class RequestCounters {

        private final AtomicLong lists = new AtomicLong();
        private final AtomicLong gets = new AtomicLong();
        private final AtomicLong rangedGets = new AtomicLong();
        private final AtomicLong heads = new AtomicLong();
        private final AtomicLong listNanos = new AtomicLong();

        Requests snapshot() {
            return new Requests(lists.get(), gets.get(), rangedGets.get(), heads.get(), listNanos.get());
        }

        void reset() {
            lists.set(0);
            gets.set(0);
            rangedGets.set(0);
            heads.set(0);
            listNanos.set(0);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    /**
     * Counts what leaves the store on the way out of every GET, and the requests by kind. s3proxy answers each request
     * with one call of the store: a LIST page with {@code list} (a version 1 LIST too, through the interface's default
     * method, which calls this one), a GET with {@code getBlob}, a HEAD with {@code blobMetadata} or
     * {@code headBucket}.
     */
    private static final class CountingBlobStore extends ForwardingBlobStore {

        private final AtomicLong bytesServed;
        private final RequestCounters requests;

        CountingBlobStore(BlobStore delegate, AtomicLong bytesServed, RequestCounters requests) {
            super(delegate);
            this.bytesServed = bytesServed;
            this.requests = requests;
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            requests.lists.incrementAndGet();
            long started = System.nanoTime();
            try {
                return super.list(request);
            } finally {
                requests.listNanos.addAndGet(System.nanoTime() - started);
            }
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            (request.range() == null ? requests.gets : requests.rangedGets).incrementAndGet();
            ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
            return new ResponseInputStream<>(response.response(), new CountingStream(response, bytesServed));
        }

        @Override
        public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
            requests.heads.incrementAndGet();
            return super.blobMetadata(request);
        }

        @Override
        public HeadBucketResponse headBucket(HeadBucketRequest request) {
            requests.heads.incrementAndGet();
            return super.headBucket(request);
        }
    }

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
        public long transferTo(OutputStream out) throws IOException {
            // FilterInputStream would hand the transfer to the stream underneath, past this counter.
            long total = 0;
            byte[] buffer = new byte[65536];
            for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }
}
