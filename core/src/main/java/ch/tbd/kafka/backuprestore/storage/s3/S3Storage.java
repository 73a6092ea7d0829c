package ch.tbd.kafka.backuprestore.storage.s3;

import ch.tbd.kafka.backuprestore.storage.FailureCounts;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket, or in any store that speaks the S3 API.
 *
 * <p>Objects up to the part size go up in one PutObject; larger ones as a multipart upload, so memory use stays at one
 * part whatever the object size. S3 makes an object visible only once its upload completes, which gives the
 * all-or-nothing visibility {@link ObjectStorage} promises.
 *
 * <p>Safe for use by several threads at once, as is the SDK client underneath.
 */
public final class S3Storage implements ObjectStorage {

    static final String CONTENT_TYPE = "application/octet-stream";

    private static final int RANGE_NOT_SATISFIABLE = 416;
    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;
    private final int partSizeBytes;
    private final EncryptionHeaders encryption;
    private final String description;
    private final MultipartUploader multipartUploader;
    private final SdkRetryLog retryLog;

    public S3Storage(S3Settings settings) {
        this(settings, new SdkRetryLog(describe(settings)));
    }

    private S3Storage(S3Settings settings, SdkRetryLog retryLog) {
        // The encryption settings are checked before a client exists that would have to be closed.
        this(settings, new EncryptionHeaders(settings.encryption()),
                S3ClientFactory.create(settings, java.util.List.of(retryLog)), retryLog);
    }

    /** Takes over {@code s3} and closes it on {@link #close()}. */
    S3Storage(S3Settings settings, S3Client s3) {
        this(settings, new EncryptionHeaders(settings.encryption()), s3, null);
    }

    private S3Storage(S3Settings settings, EncryptionHeaders encryption, S3Client s3, SdkRetryLog retryLog) {
        this.retryLog = retryLog;
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.partSizeBytes = settings.partSizeBytes();
        this.encryption = encryption;
        this.description = describe(settings);
        this.multipartUploader = new MultipartUploader(s3, bucket, partSizeBytes, encryption, description);
    }

    private static String describe(S3Settings settings) {
        return "s3://" + settings.bucket() + " (" + whereIs(settings) + ")";
    }

    @Override
    public FailureCounts requestRetries() {
        return retryLog == null ? new FailureCounts() : retryLog.retries();
    }

    /** The endpoint without any user info, which could hold a password, or the AWS region. */
    private static String whereIs(S3Settings settings) {
        URI endpoint = settings.endpoint();
        if (endpoint == null || endpoint.toString().isBlank()) {
            return "region " + settings.region();
        }
        if (endpoint.getRawUserInfo() == null) {
            return "endpoint " + endpoint;
        }
        return "endpoint " + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "");
    }

    @Override
    public void checkAccess() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw failure("checkAccess", null, e);
        }
    }

    @Override
    public void put(String key, ObjectContent content) {
        try {
            if (content.length() <= partSizeBytes) {
                putInOneRequest(key, content);
            } else {
                multipartUploader.upload(key, content, false);
            }
        } catch (IOException | RuntimeException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, ObjectContent content) {
        try {
            if (content.length() <= partSizeBytes) {
                putInOneRequest(key, content, true);
            } else {
                multipartUploader.upload(key, content, true);
            }
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw failure("putIfAbsent", key, e);
        } catch (IOException | RuntimeException e) {
            throw failure("putIfAbsent", key, e);
        }
    }

    private void putInOneRequest(String key, ObjectContent content) {
        putInOneRequest(key, content, false);
    }

    /** @param ifAbsent store only if the key is free; S3 answers 412 otherwise */
    private void putInOneRequest(String key, ObjectContent content, boolean ifAbsent) {
        PutObjectRequest.Builder builder = encryption.apply(PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(CONTENT_TYPE)
                .contentLength(content.length()));
        if (ifAbsent) {
            builder.ifNoneMatch("*");
        }
        PutObjectRequest request = builder.build();
        // The SDK opens the content again for each retry of the request.
        s3.putObject(request, RequestBody.fromContentProvider(content::open, content.length(), CONTENT_TYPE));
    }

    @Override
    public InputStream get(String key) {
        try {
            return s3.getObject(encryption.apply(GetObjectRequest.builder().bucket(bucket).key(key)).build());
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        try {
            if (length == 0) {
                // "bytes=5-4" is no valid range; still fail as a read of a missing object would.
                s3.headObject(encryption.apply(HeadObjectRequest.builder().bucket(bucket).key(key)).build());
                return InputStream.nullInputStream();
            }
            String lastByte = length > Long.MAX_VALUE - offset ? "" : Long.toString(offset + length - 1);
            return s3.getObject(encryption.apply(GetObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .range("bytes=" + offset + "-" + lastByte)).build());
        } catch (S3Exception e) {
            // S3 answers 416 for an existing object that ends before offset; a missing object is a 404.
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return InputStream.nullInputStream();
            }
            throw failure("getRange", key, e);
        } catch (SdkException e) {
            throw failure("getRange", key, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String prefix) {
        Iterator<S3Object> objects;
        try {
            // The paginator fetches the first page here already.
            objects = s3.listObjectsV2Paginator(request -> request
                    .bucket(bucket)
                    .prefix(prefix.isEmpty() ? null : prefix)).contents().iterator();
        } catch (SdkException e) {
            throw failure("list prefix", prefix, e);
        }
        Iterator<StoredObject> storedObjects = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return objects.hasNext();
                } catch (SdkException e) {
                    throw failure("list prefix", prefix, e);
                }
            }

            @Override
            public StoredObject next() {
                try {
                    S3Object object = objects.next();
                    return new StoredObject(object.key(), object.size());
                } catch (SdkException e) {
                    throw failure("list prefix", prefix, e);
                }
            }
        };
        int characteristics = Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL;
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(storedObjects, characteristics), false);
    }

    @Override
    public java.util.List<String> listDirectories(String prefix) {
        try {
            java.util.List<String> names = new java.util.ArrayList<>();
            s3.listObjectsV2Paginator(request -> request
                    .bucket(bucket)
                    .prefix(prefix.isEmpty() ? null : prefix)
                    .delimiter("/")).commonPrefixes().forEach(common -> {
                        String name = common.prefix().substring(prefix.length());
                        names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                    });
            return names;
        } catch (SdkException e) {
            throw failure("list directories under", prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public java.util.Optional<ch.tbd.kafka.backuprestore.storage.BucketLifecycle> lifecycle() {
        return java.util.Optional.of(new S3BucketLifecycle(s3, bucket, description));
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + description + "]";
    }

    private StorageException failure(String operation, String key, Throwable cause) {
        return StorageErrors.classify(operation, description, key, cause);
    }
}
