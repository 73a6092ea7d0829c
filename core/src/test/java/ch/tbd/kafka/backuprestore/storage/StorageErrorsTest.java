package ch.tbd.kafka.backuprestore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertificateException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class StorageErrorsTest {

    static Stream<Arguments> s3Failures() {
        return Stream.of(
                Arguments.of(503, "SlowDown", true, FailureKind.THROTTLED),
                Arguments.of(500, "InternalError", true, FailureKind.SERVER_ERROR),
                Arguments.of(502, null, true, FailureKind.SERVER_ERROR),
                Arguments.of(429, null, true, FailureKind.THROTTLED),
                Arguments.of(408, null, true, FailureKind.IO),
                Arguments.of(400, "RequestTimeout", true, FailureKind.IO),
                Arguments.of(400, "Throttling", true, FailureKind.THROTTLED),
                Arguments.of(403, "RequestTimeTooSkewed", true, FailureKind.OTHER),
                Arguments.of(403, "AccessDenied", false, FailureKind.REFUSED),
                Arguments.of(403, "InvalidAccessKeyId", false, FailureKind.REFUSED),
                Arguments.of(403, "SignatureDoesNotMatch", false, FailureKind.REFUSED),
                Arguments.of(403, null, false, FailureKind.REFUSED),
                Arguments.of(401, null, false, FailureKind.REFUSED),
                Arguments.of(404, "NoSuchBucket", false, FailureKind.REFUSED),
                Arguments.of(404, "NoSuchKey", false, FailureKind.REFUSED),
                Arguments.of(404, null, false, FailureKind.REFUSED),
                Arguments.of(400, "ExpiredToken", false, FailureKind.REFUSED),
                Arguments.of(400, "InvalidArgument", false, FailureKind.REFUSED),
                Arguments.of(301, "PermanentRedirect", false, FailureKind.REFUSED),
                Arguments.of(501, "NotImplemented", false, FailureKind.REFUSED),
                Arguments.of(501, null, false, FailureKind.REFUSED));
    }

    @ParameterizedTest(name = "{0} {1} retriable={2} {3}")
    @MethodSource("s3Failures")
    void shouldClassifyS3Failures(int status, String code, boolean retriable, FailureKind kind) {
        StorageException error = StorageErrors.classify("put", "s3://bucket", "key", s3Exception(status, code));

        assertThat(error.retriable()).isEqualTo(retriable);
        assertThat(error.kind()).isEqualTo(kind);
    }

    @Test
    void shouldExplainAStoreThatDoesNotImplementARequest() {
        StorageException error = StorageErrors.classify("put", "s3://bucket", "key", s3Exception(501, "NotImplemented"));

        assertThat(error.getMessage()).contains("put 'key' at s3://bucket failed")
                .contains("does not implement this request").contains("s3.sse.type");
    }

    @Test
    void shouldNameTheSettingsToCheckWhenTheHostIsUnknown() {
        SdkClientException unknownHost = SdkClientException.builder()
                .message("Unable to execute HTTP request: s3.nowhere-1.amazonaws.com")
                .cause(new java.net.UnknownHostException("s3.nowhere-1.amazonaws.com"))
                .build();

        StorageException error = StorageErrors.classify("checkAccess", "s3://bucket", null, unknownHost);

        assertThat(error.getMessage()).contains("s3.nowhere-1.amazonaws.com cannot be resolved")
                .contains("s3.endpoint.url").contains("s3.region");
    }

    @Test
    void shouldTreatClientFailuresFromIoAsRetriable() {
        SdkClientException connectionReset = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection reset")
                .cause(new IOException("Connection reset"))
                .build();
        SdkClientException readTimeout = SdkClientException.builder()
                .message("Unable to execute HTTP request: Read timed out")
                .cause(new UncheckedIOException(new SocketTimeoutException("Read timed out")))
                .build();

        assertThat(StorageErrors.isRetriable(connectionReset)).isTrue();
        assertThat(StorageErrors.isRetriable(readTimeout)).isTrue();
        assertThat(StorageErrors.isRetriable(ApiCallTimeoutException.create(120_000))).isTrue();
        assertThat(StorageErrors.kind(connectionReset)).isEqualTo(FailureKind.IO);
        assertThat(StorageErrors.kind(readTimeout)).isEqualTo(FailureKind.IO);
        assertThat(StorageErrors.kind(ApiCallTimeoutException.create(120_000))).isEqualTo(FailureKind.IO);
    }

    @Test
    void shouldTreatClientMisconfigurationAsFatal() {
        SdkClientException noCredentials = SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain");

        assertThat(StorageErrors.isRetriable(noCredentials)).isFalse();
    }

    @Test
    void shouldTreatAnUntrustedCertificateAsFatalAndNameTheTrustStore() {
        SdkClientException untrusted = httpFailure(new SSLHandshakeException("PKIX path building failed"),
                new CertificateException("unable to find valid certification path to requested target"));

        StorageException error = StorageErrors.classify("checkAccess", "s3://b (endpoint https://store:9000)", null,
                untrusted);

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("https://store:9000").contains("not trusted")
                .contains("s3.ssl.truststore.location");
    }

    @Test
    void shouldTreatACertificateForAnotherHostAsFatalAndNameTheEndpointSetting() {
        SdkClientException otherHost = httpFailure(new SSLPeerUnverifiedException(
                "Certificate for <store> doesn't match any of the subject alternative names: [other]"), null);

        StorageException error = StorageErrors.classify("checkAccess", "s3://b", null, otherHost);

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("s3.endpoint.url");
    }

    @Test
    void shouldTreatARefusedClientCertificateAsFatalEvenWhenOnlyAnEarlierAttemptSawTheAlert() {
        SdkClientException brokenPipe = httpFailure(new java.net.SocketException("Broken pipe"), null);
        brokenPipe.addSuppressed(httpFailure(new SSLHandshakeException("Received fatal alert: bad_certificate"),
                null));

        StorageException error = StorageErrors.classify("put", "s3://b", "k", brokenPipe);

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("s3.ssl.keystore.location");
        assertThat(StorageErrors.isRetriable(httpFailure(new java.net.SocketException("Broken pipe"), null)))
                .isTrue();
    }

    @Test
    void shouldTreatAConnectionBrokenDuringTheHandshakeAsRetriable() {
        SdkClientException terminated = httpFailure(
                new SSLHandshakeException("Remote host terminated the handshake"), new java.io.EOFException());
        SdkClientException reset = httpFailure(new SSLException("Connection reset"),
                new java.net.SocketException("Connection reset"));

        assertThat(StorageErrors.isRetriable(terminated)).isTrue();
        assertThat(StorageErrors.isRetriable(reset)).isTrue();
    }

    @Test
    void shouldTreatTransientIoFailuresAsRetriable() {
        assertThat(StorageErrors.isRetriable(new IOException("No space left on device"))).isTrue();
        assertThat(StorageErrors.isRetriable(new UncheckedIOException(new IOException("Input/output error"))))
                .isTrue();
    }

    @Test
    void shouldTreatFileSystemFailuresThatNeedPersonAsFatal() {
        assertThat(StorageErrors.isRetriable(new NoSuchFileException("/backup/a"))).isFalse();
        assertThat(StorageErrors.isRetriable(new AccessDeniedException("/backup/a"))).isFalse();
        assertThat(StorageErrors.isRetriable(new FileSystemException("/backup/a", null, "Read-only file system")))
                .isFalse();
        assertThat(StorageErrors.isRetriable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void shouldNameOperationLocationKeyAndCause() {
        StorageException error = StorageErrors.classify("get", "/var/backup", "topic/0/segment",
                new NoSuchFileException("/var/backup/topic/0/segment"));

        assertThat(error.getMessage())
                .startsWith("get 'topic/0/segment' at /var/backup failed: ")
                .contains("no such file /var/backup/topic/0/segment");
        assertThat(error.getCause()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldSayWhatToDoAboutMissingBucket() {
        StorageException withCode = StorageErrors.classify("put", "s3://backups", "key",
                s3Exception(404, "NoSuchBucket"));
        StorageException fromHeadBucket = StorageErrors.classify("checkAccess", "s3://backups", null,
                s3Exception(404, null));

        assertThat(withCode.getMessage()).contains("s3://backups", "does not exist", "create it", "s3.bucket.name");
        assertThat(fromHeadBucket.getMessage()).startsWith("checkAccess at s3://backups failed")
                .contains("does not exist");
    }

    @Test
    void shouldSayWhatToDoAboutRejectedCredentials() {
        assertThat(StorageErrors.classify("put", "s3://b", "k", s3Exception(403, "InvalidAccessKeyId")).getMessage())
                .contains("check the credentials");
        assertThat(StorageErrors.classify("put", "s3://b", "k", s3Exception(403, "SignatureDoesNotMatch"))
                .getMessage()).contains("secret access key");
        assertThat(StorageErrors.classify("checkAccess", "s3://b", null, s3Exception(403, null)).getMessage())
                .contains("access denied", "check the credentials");
    }

    @Test
    void shouldKeepStorageExceptionAsItIs() {
        StorageException original = new StorageException("already classified", true, null);

        assertThat(StorageErrors.classify("put", "s3://b", "k", original)).isSameAs(original);
    }

    @Test
    void shouldBuildFatalExceptionFromCheck() {
        StorageException error = StorageErrors.fatal("checkAccess", "/backup", null, "the path is not a directory");

        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).isEqualTo("checkAccess at /backup failed: the path is not a directory");
    }

    /** What the SDK throws when the HTTP client fails with {@code failure}, itself caused by {@code cause}. */
    private static SdkClientException httpFailure(Exception failure, Exception cause) {
        if (cause != null) {
            failure.initCause(cause);
        }
        return SdkClientException.builder()
                .message("Unable to execute HTTP request: " + failure.getMessage())
                .cause(failure)
                .build();
    }

    private static S3Exception s3Exception(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message(code == null ? null : code + " message")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build())
                .build();
    }
}
