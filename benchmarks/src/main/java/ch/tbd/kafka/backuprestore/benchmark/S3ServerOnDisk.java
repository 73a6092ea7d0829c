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
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server (s3proxy) in the benchmark's JVM, storing objects as files on local disk and checking SigV4
 * signatures like S3. It counts the body bytes of every GET it serves, which is what a point-in-time restore is
 * measured by: bytes read from storage, header reads and abandoned streams included.
 */
final class S3ServerOnDisk implements AutoCloseable {

    static final String ACCESS_KEY = "benchmark-access-key";
    static final String SECRET_KEY = "benchmark-secret-key";
    static final String REGION = "eu-central-1";

    private final S3Proxy proxy;
    private final BlobStore store;
    private final AtomicLong bytesServed;
    private final URI endpoint;

    private S3ServerOnDisk(S3Proxy proxy, BlobStore store, AtomicLong bytesServed) {
        this.proxy = proxy;
        this.store = store;
        this.bytesServed = bytesServed;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    static S3ServerOnDisk start(Path directory) throws InterruptedException {
        AtomicLong bytesServed = new AtomicLong();
        BlobStore store = new CountingBlobStore(new FilesystemNio2BlobStore(directory.toString()), bytesServed);
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
        return new S3ServerOnDisk(proxy, store, bytesServed);
    }

    URI endpoint() {
        return endpoint;
    }

    void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /** Body bytes of all GETs served since the start or the last {@link #resetBytesServed()}. */
    long bytesServed() {
        return bytesServed.get();
    }

    void resetBytesServed() {
        bytesServed.set(0);
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

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    /** Counts what leaves the store on the way out of every GET. */
    private static final class CountingBlobStore extends ForwardingBlobStore {

        private final AtomicLong bytesServed;

        CountingBlobStore(BlobStore delegate, AtomicLong bytesServed) {
            super(delegate);
            this.bytesServed = bytesServed;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
            return new ResponseInputStream<>(response.response(), new CountingStream(response, bytesServed));
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
