package ch.tbd.kafka.backuprestore.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that turns a storage failure into a {@link StorageException} and decides whether retrying can help.
 *
 * <p>For S3 it follows the conditions the AWS SDK itself retries on (throttling, clock skew, 5xx, request timeouts,
 * I/O errors) so that a failure the SDK already gave up on is retried by the caller only when another attempt later
 * can plausibly succeed. Failures that need a person (a missing bucket, rejected credentials, a read-only disk, a
 * certificate that is not trusted) are fatal, and their message says what to do.
 *
 * <p>Messages name the operation, the location (bucket or directory) and the key; they never contain credentials,
 * because S3 error messages do not echo them.
 */
public final class StorageErrors {

    /** S3 error codes that no retry can fix. */
    private static final Set<String> FATAL_S3_CODES = Set.of(
            "AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken",
            "ExpiredToken", "NoSuchBucket", "NoSuchKey", "InvalidBucketName", "InvalidObjectState",
            "PermanentRedirect", "AuthorizationHeaderMalformed", "NotImplemented", "InvalidArgument", "InvalidRequest");

    /** S3 error codes the SDK's default retry condition treats as transient although their status is 4xx. */
    private static final Set<String> RETRIABLE_S3_CODES = Set.of(
            "RequestTimeout", "RequestTimeoutException", "InternalError", "PriorRequestNotComplete",
            // Two conditional writes of one key at once: one of them is told to try again.
            "ConditionalRequestConflict");

    private StorageErrors() {}

    /**
     * Classifies {@code cause}, which happened while doing {@code operation} on {@code key} (or on the storage root
     * when {@code key} is null) at {@code location}. A {@link StorageException} is returned unchanged.
     */
    public static StorageException classify(String operation, String location, String key, Throwable cause) {
        if (cause instanceof StorageException storageException) {
            return storageException;
        }
        Throwable failure = cause instanceof UncheckedIOException unchecked && unchecked.getCause() != null
                ? unchecked.getCause()
                : cause;
        return new StorageException(subject(operation, location, key) + ": " + explain(failure, key),
                isRetriable(failure), kind(failure), cause);
    }

    /** A failure found by a check rather than thrown, such as a storage root that is not a directory. */
    public static StorageException fatal(String operation, String location, String key, String problem) {
        return new StorageException(subject(operation, location, key) + ": " + problem, false, FailureKind.REFUSED,
                null);
    }

    /** What kind of failure {@code failure} is, for the failure metrics. */
    public static FailureKind kind(Throwable failure) {
        if (failure instanceof StorageException storageException) {
            return storageException.kind();
        }
        if (failure instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return kind(unchecked.getCause());
        }
        if (TlsFailure.of(failure) != null) {
            return FailureKind.REFUSED;
        }
        if (failure instanceof SdkServiceException serviceException) {
            if (serviceException.isThrottlingException()) {
                return FailureKind.THROTTLED;
            }
            String code = errorCode(serviceException);
            if (code.startsWith("RequestTimeout")) {
                return FailureKind.IO;
            }
            if (code.equals("ConditionalRequestConflict") || serviceException.isClockSkewException()) {
                return FailureKind.OTHER;
            }
            return FailureKind.ofStatus(serviceException.statusCode());
        }
        if (failure instanceof SdkClientException clientException) {
            return clientException instanceof ApiCallTimeoutException
                    || clientException instanceof ApiCallAttemptTimeoutException
                    || hasIoCause(clientException) ? FailureKind.IO : FailureKind.OTHER;
        }
        if (failure instanceof IOException ioException) {
            return isRetriable(ioException) ? FailureKind.IO : FailureKind.REFUSED;
        }
        return FailureKind.OTHER;
    }

    /** Whether trying the same call again later can succeed. */
    public static boolean isRetriable(Throwable failure) {
        if (failure instanceof StorageException storageException) {
            return storageException.retriable();
        }
        // The SDK reports these as I/O errors, which may pass; they do not.
        if (TlsFailure.of(failure) != null) {
            return false;
        }
        if (failure instanceof SdkServiceException serviceException) {
            return isRetriable(serviceException);
        }
        if (failure instanceof SdkClientException clientException) {
            return clientException.retryable()
                    || clientException instanceof ApiCallTimeoutException
                    || clientException instanceof ApiCallAttemptTimeoutException
                    || hasIoCause(clientException);
        }
        if (failure instanceof SdkException sdkException) {
            return sdkException.retryable();
        }
        if (failure instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return isRetriable(unchecked.getCause());
        }
        if (failure instanceof IOException ioException) {
            return isRetriable(ioException);
        }
        return false;
    }

    /**
     * Whether a failure of a check made when a connector or command starts may pass by retrying. As
     * {@link #isRetriable}, except that a host name that does not resolve is taken for what it almost always is at
     * start, a misconfigured endpoint or region, and reported at once.
     */
    public static boolean mayPassAtStart(Throwable failure) {
        return isRetriable(failure) && causeOfType(failure, UnknownHostException.class) == null;
    }

    private static boolean isRetriable(SdkServiceException failure) {
        String code = errorCode(failure);
        int status = failure.statusCode();
        // Clock skew comes as a 403, but the SDK has corrected its clock offset by now, so a retry can succeed.
        if (failure.isClockSkewException()) {
            return true;
        }
        // 501: the store does not implement the request (SSE-C, a header, an API); no retry changes that.
        if (FATAL_S3_CODES.contains(code) || status == 401 || status == 403 || status == 404 || status == 501) {
            return false;
        }
        return failure.retryable()
                || failure.isThrottlingException()
                || RETRIABLE_S3_CODES.contains(code)
                || status >= 500
                || status == 408
                || status == 429;
    }

    private static boolean isRetriable(IOException failure) {
        // These need a person: a missing path, missing permissions, a path already taken by a file or a directory.
        if (failure instanceof NoSuchFileException
                || failure instanceof AccessDeniedException
                || failure instanceof NotDirectoryException
                || failure instanceof FileAlreadyExistsException
                || failure instanceof DirectoryNotEmptyException) {
            return false;
        }
        return !isReadOnlyFileSystem(failure);
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReadOnlyFileSystem(IOException failure) {
        return failure instanceof FileSystemException fileSystemException
                && fileSystemException.getReason() != null
                && fileSystemException.getReason().toLowerCase(Locale.ROOT).contains("read-only");
    }

    private static String subject(String operation, String location, String key) {
        return operation + (key != null ? " '" + key + "'" : "") + " at " + location + " failed";
    }

    private static String explain(Throwable failure, String key) {
        if (failure instanceof AwsServiceException serviceException) {
            return hint(serviceException, key) + " (" + serviceException.getMessage() + ")";
        }
        if (failure instanceof SdkServiceException serviceException) {
            return "S3 answered with status " + serviceException.statusCode() + " (" + failure.getMessage() + ")";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file " + failure.getMessage();
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied on " + failure.getMessage() + ": check the file system permissions";
        }
        TlsFailure tlsFailure = TlsFailure.of(failure);
        if (tlsFailure != null) {
            return tlsFailure.hint() + " (" + failure.getMessage() + ")";
        }
        if (TlsFailure.brokeDuringHandshake(failure)) {
            return "the connection broke during the TLS handshake; if this goes on, the store may require a client"
                    + " certificate that it is not given or does not trust: check s3.ssl.keystore.location ("
                    + failure.getMessage() + ")";
        }
        UnknownHostException unknownHost = causeOfType(failure, UnknownHostException.class);
        if (unknownHost != null) {
            return "the host name " + unknownHost.getMessage() + " cannot be resolved: check s3.endpoint.url and"
                    + " s3.region, and the worker's DNS (" + failure.getMessage() + ")";
        }
        if (failure instanceof IOException ioException && isReadOnlyFileSystem(ioException)) {
            return "the file system is read-only (" + failure.getMessage() + ")";
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static String hint(AwsServiceException failure, String key) {
        String code = errorCode(failure);
        int status = failure.statusCode();
        return switch (code) {
            case "NoSuchBucket" -> "the bucket does not exist: create it or fix the bucket name (s3.bucket.name)";
            case "NoSuchKey" -> "no such object";
            case "InvalidAccessKeyId" -> "the access key id is unknown to the server: check the credentials";
            case "SignatureDoesNotMatch" -> "the request signature does not match: check the secret access key";
            case "ExpiredToken", "InvalidToken" -> "the session token is expired or invalid: renew the credentials";
            case "AccessDenied", "AllAccessDisabled" ->
                    "access denied: check the credentials and that they may use this bucket";
            case "RequestTimeTooSkewed" -> "the clock of this machine is off: synchronize it";
            case "PermanentRedirect", "AuthorizationHeaderMalformed" ->
                    "the bucket is in another region: fix the configured region";
            case "NotImplemented" -> "the store does not implement this request, for example server-side"
                    + " encryption with a customer key (s3.sse.type): use a setting the store supports";
            case "InvalidArgument", "InvalidRequest" -> "S3 refused the request as invalid: check the s3.* settings,"
                    + " such as s3.sse.type and its key";
            default -> switch (status) {
                // Answers to HEAD requests have no body, hence no error code.
                case 404 -> key == null
                        ? "the bucket does not exist: create it or fix the bucket name (s3.bucket.name)"
                        : "no such object";
                case 401, 403 -> "access denied: check the credentials (access key, secret, profile) and that "
                        + "they may use this bucket";
                case 301 -> "the bucket is in another region: fix the configured region";
                case 501 -> "the store does not implement this request, for example server-side encryption with a"
                        + " customer key (s3.sse.type): use a setting the store supports";
                default -> failure.isThrottlingException()
                        ? "the service asks to slow down: too many requests"
                        : service(failure) + " rejected the request";
            };
        };
    }

    /** S3 unless the failure names another service, such as KMS. */
    private static String service(AwsServiceException failure) {
        String name = failure.awsErrorDetails() == null ? null : failure.awsErrorDetails().serviceName();
        return name == null || name.isBlank() ? "S3" : name;
    }

    private static String errorCode(SdkServiceException failure) {
        if (failure instanceof AwsServiceException awsException
                && awsException.awsErrorDetails() != null
                && awsException.awsErrorDetails().errorCode() != null) {
            return awsException.awsErrorDetails().errorCode();
        }
        return "";
    }
}
