package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Server-side encryption against s3proxy, with the headers each request carried recorded on the way out. */
class S3EncryptionTest {

    private static final int LARGE = 11 * 1024 * 1024;
    private static final String SSE = "x-amz-server-side-encryption";

    private static S3ProxyFixture s3proxy;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private record Request(String operation, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3proxy = S3ProxyFixture.start();
    }

    @AfterAll
    static void stopS3Proxy() {
        s3proxy.close();
    }

    @Test
    void shouldAskForSseS3WhenCreatingObjects() throws IOException {
        String bucket = s3proxy.createBucket();
        ServerSideEncryption sseS3 = new ServerSideEncryption(ServerSideEncryption.Type.SSE_S3, null, null);

        try (S3Storage storage = storage(s3proxy.settings(bucket).withEncryption(sseS3))) {
            roundTrip(storage);
        }

        assertThat(requests("PutObject", "CreateMultipartUpload"))
                .allSatisfy(request -> assertThat(request.header(SSE)).isEqualTo("AES256"))
                .hasSize(2);
        assertThat(requests("UploadPart", "CompleteMultipartUpload", "GetObject"))
                .allSatisfy(request -> assertThat(request.header(SSE)).isNull())
                .isNotEmpty();
    }

    @Test
    void shouldAskForSseKmsWithKeyIdWhenCreatingObjects() throws IOException {
        String bucket = s3proxy.createBucket();
        ServerSideEncryption sseKms = new ServerSideEncryption(ServerSideEncryption.Type.SSE_KMS, "alias/backup", null);

        try (S3Storage storage = storage(s3proxy.settings(bucket).withEncryption(sseKms))) {
            roundTrip(storage);
        }

        assertThat(requests("PutObject", "CreateMultipartUpload"))
                .allSatisfy(request -> {
                    assertThat(request.header(SSE)).isEqualTo("aws:kms");
                    assertThat(request.header(SSE + "-aws-kms-key-id")).isEqualTo("alias/backup");
                })
                .hasSize(2);
    }

    @Test
    void shouldLeaveKmsKeyToBucketDefaultWhenNoKeyIdIsGiven() {
        // Built only: AWS then uses the bucket's default KMS key, but s3proxy insists on a key id.
        EncryptionHeaders headers = new EncryptionHeaders(
                new ServerSideEncryption(ServerSideEncryption.Type.SSE_KMS, " ", null));

        PutObjectRequest put = headers.apply(PutObjectRequest.builder()).build();
        CreateMultipartUploadRequest create = headers.apply(CreateMultipartUploadRequest.builder()).build();

        assertThat(put.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(put.ssekmsKeyId()).isNull();
        assertThat(create.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(create.ssekmsKeyId()).isNull();
    }

    @Test
    void shouldSendCustomerKeyWithEveryRequestThatTouchesObjectData() throws Exception {
        String bucket = s3proxy.createBucket();
        String customerKey = customerKey();
        ServerSideEncryption sseC = new ServerSideEncryption(ServerSideEncryption.Type.SSE_C, null, customerKey);

        try (S3Storage storage = storage(s3proxy.settings(bucket).withEncryption(sseC))) {
            roundTrip(storage);
            assertThat(storage.getRange("small", 5, 0).readAllBytes()).isEmpty();
        }

        String keyMd5 = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(customerKey)));
        assertThat(requests("PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
                "GetObject", "HeadObject"))
                .allSatisfy(request -> {
                    assertThat(request.header(SSE + "-customer-algorithm")).isEqualTo("AES256");
                    assertThat(request.header(SSE + "-customer-key")).isEqualTo(customerKey);
                    assertThat(request.header(SSE + "-customer-key-MD5")).isEqualTo(keyMd5);
                })
                .extracting(Request::operation)
                .contains("PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
                        "GetObject", "HeadObject");
    }

    @Test
    void shouldNotReadCustomerKeyObjectWithoutKey() {
        String bucket = s3proxy.createBucket();
        String customerKey = customerKey();
        ServerSideEncryption sseC = new ServerSideEncryption(ServerSideEncryption.Type.SSE_C, null, customerKey);
        try (S3Storage storage = storage(s3proxy.settings(bucket).withEncryption(sseC))) {
            storage.put("secret", ObjectContent.of(bytes(100)));
        }

        try (S3Storage withoutKey = new S3Storage(s3proxy.settings(bucket))) {
            StorageException error = catchThrowableOfType(StorageException.class, () -> withoutKey.get("secret"));

            assertThat(error.retriable()).isFalse();
            assertThat(error.getMessage()).contains("secret").doesNotContain(customerKey);
        }
    }

    @Test
    void shouldRejectCustomerKeyThatIsNot256BitsWithoutRevealingIt() {
        String notBase64 = "this is not base64!";
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> new S3Storage(s3proxy.settings("any")
                .withEncryption(new ServerSideEncryption(ServerSideEncryption.Type.SSE_C, null, notBase64))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining(notBase64);
        assertThatThrownBy(() -> new S3Storage(s3proxy.settings("any")
                .withEncryption(new ServerSideEncryption(ServerSideEncryption.Type.SSE_C, null, shortKey))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bits")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void shouldKeepCustomerKeyOutOfDescriptions() {
        String customerKey = customerKey();
        S3Settings settings = s3proxy.settings("any")
                .withEncryption(new ServerSideEncryption(ServerSideEncryption.Type.SSE_C, null, customerKey));

        try (S3Storage storage = new S3Storage(settings)) {
            assertThat(storage.toString()).doesNotContain(customerKey).doesNotContain(S3ProxyFixture.SECRET_KEY);
            assertThat(settings.toString()).doesNotContain(customerKey).doesNotContain(S3ProxyFixture.SECRET_KEY);
        }
    }

    /** A small object in one request, a large one in parts, both read back. */
    private void roundTrip(S3Storage storage) throws IOException {
        byte[] small = bytes(100);
        byte[] large = bytes(LARGE);
        storage.put("small", ObjectContent.of(small));
        storage.put("large", ObjectContent.of(large));

        try (InputStream in = storage.get("small")) {
            assertThat(in.readAllBytes()).isEqualTo(small);
        }
        try (InputStream in = storage.getRange("large", LARGE - 10, 100)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(large, LARGE - 10, LARGE));
        }
    }

    private List<Request> requests(String... operations) {
        List<String> wanted = List.of(operations);
        return requests.stream().filter(request -> wanted.contains(request.operation())).toList();
    }

    private S3Storage storage(S3Settings settings) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.add(new Request(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        context.httpRequest().headers()));
            }
        };
        return new S3Storage(settings, S3ClientFactory.create(settings, List.of(recorder)));
    }

    private static String customerKey() {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
