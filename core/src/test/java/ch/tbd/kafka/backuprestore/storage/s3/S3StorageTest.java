package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorageContractTest;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

class S3StorageTest extends ObjectStorageContractTest {

    private static final String MISSING_BUCKET = "missing-bucket";

    private static S3ProxyFixture s3proxy;

    private final List<String> operations = new CopyOnWriteArrayList<>();

    private String bucket;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3proxy = S3ProxyFixture.start();
    }

    @AfterAll
    static void stopS3Proxy() {
        s3proxy.close();
    }

    @Override
    protected ObjectStorage createStorage() {
        bucket = s3proxy.createBucket();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        S3Settings settings = s3proxy.settings(bucket);
        return new S3Storage(settings, S3ClientFactory.create(settings, List.of(recorder)));
    }

    @Override
    protected ObjectStorage createStorageWithMissingRoot() {
        return new S3Storage(s3proxy.settings(MISSING_BUCKET));
    }

    @Override
    protected String missingRootName() {
        return MISSING_BUCKET;
    }

    @Override
    protected void assertNoLeftoversAfterFailedPut() {
        assertThat(s3proxy.admin().listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
    }

    @Override
    protected void assertListingTookSeveralPages() {
        assertThat(operations).filteredOn("ListObjectsV2"::equals).hasSizeGreaterThan(1);
    }

    @Test
    void shouldFailAccessCheckWithFatalErrorWhenSecretIsWrong() {
        S3Settings wrongSecret = s3proxy.settings(bucket)
                .withStaticCredentials(S3ProxyFixture.ACCESS_KEY, "wrong-secret");

        try (ObjectStorage rejected = new S3Storage(wrongSecret)) {
            StorageException error = catchThrowableOfType(StorageException.class, rejected::checkAccess);

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains(bucket).contains("check the credentials")
                    .doesNotContain("wrong-secret");
        }
    }

    @Test
    void shouldFailAccessCheckWithFatalErrorWhenAccessKeyIsUnknown() {
        S3Settings unknownKey = s3proxy.settings(bucket)
                .withStaticCredentials("unknown-key", S3ProxyFixture.SECRET_KEY);

        try (ObjectStorage rejected = new S3Storage(unknownKey)) {
            StorageException error = catchThrowableOfType(StorageException.class, rejected::checkAccess);

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains(bucket).contains("credentials")
                    .doesNotContain(S3ProxyFixture.SECRET_KEY);
        }
    }

    @Test
    void shouldFailPutWithFatalErrorWhenSecretIsWrong() {
        S3Settings wrongSecret = s3proxy.settings(bucket)
                .withStaticCredentials(S3ProxyFixture.ACCESS_KEY, "wrong-secret");

        try (ObjectStorage rejected = new S3Storage(wrongSecret)) {
            StorageException error = catchThrowableOfType(StorageException.class,
                    () -> rejected.put("key", ObjectContent.of(new byte[] {1})));

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains("key").contains(bucket).contains("secret access key");
        }
    }

    @Test
    void shouldRefuseObjectNeedingMorePartsThanS3AllowsBeforeUploading() {
        ObjectContent huge = new ObjectContent() {
            @Override
            public long length() {
                return 10_001L * PART_SIZE;
            }

            @Override
            public InputStream open() {
                throw new AssertionError("must not be read");
            }
        };

        StorageException error = catchThrowableOfType(StorageException.class, () -> storage.put("huge", huge));

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("huge", "10001 parts", "raise the part size");
        assertThat(operations).doesNotContain("CreateMultipartUpload");
    }

    @Test
    void shouldNameBucketAndEndpointInMessages() {
        StorageException error = catchThrowableOfType(StorageException.class, () -> storage.get("missing"));

        assertThat(storage.location()).isEqualTo("s3://" + bucket);
        assertThat(error.getMessage()).contains("s3://" + bucket).contains(s3proxy.endpoint().toString())
                .contains("no such object");
    }
}
