package ch.tbd.kafka.backuprestore.storage.s3;

import ch.tbd.kafka.backuprestore.retention.LifecycleRule;
import ch.tbd.kafka.backuprestore.storage.BucketLifecycle;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.UnsupportedByStoreException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** An S3 bucket's lifecycle configuration, read and written whole as S3 requires. */
final class S3BucketLifecycle implements BucketLifecycle {

    private static final int NOT_FOUND = 404;
    private static final int NOT_IMPLEMENTED = 501;

    private final S3Client s3;
    private final String bucket;
    private final String description;

    S3BucketLifecycle(S3Client s3, String bucket, String description) {
        this.s3 = s3;
        this.bucket = bucket;
        this.description = description;
    }

    @Override
    public List<LifecycleRule> read() {
        try {
            return s3.getBucketLifecycleConfiguration(request -> request.bucket(bucket)).rules().stream()
                    .map(S3BucketLifecycle::fromS3).toList();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND && "NoSuchLifecycleConfiguration".equals(errorCode(e))) {
                return List.of();
            }
            throw failure("read the lifecycle configuration of", e);
        } catch (SdkException e) {
            throw failure("read the lifecycle configuration of", e);
        }
    }

    @Override
    public void write(List<LifecycleRule> rules) {
        try {
            if (rules.isEmpty()) {
                s3.deleteBucketLifecycle(request -> request.bucket(bucket));
            } else {
                BucketLifecycleConfiguration configuration = BucketLifecycleConfiguration.builder()
                        .rules(rules.stream().map(S3BucketLifecycle::toS3).toList()).build();
                s3.putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                        .lifecycleConfiguration(configuration));
            }
        } catch (SdkException e) {
            throw failure("write the lifecycle configuration of", e);
        }
    }

    @Override
    public String bucket() {
        return "s3://" + bucket;
    }

    private StorageException failure(String operation, SdkException e) {
        if (e instanceof SdkServiceException service && (service.statusCode() == NOT_IMPLEMENTED
                || "NotImplemented".equals(errorCode(service)))) {
            return new UnsupportedByStoreException("it answered status " + service.statusCode() + " to a request to "
                    + operation + " the bucket", e);
        }
        return StorageErrors.classify(operation + " bucket", description, null, e);
    }

    private static String errorCode(SdkServiceException e) {
        return e instanceof S3Exception s3 && s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorCode() : null;
    }

    private static LifecycleRule fromS3(software.amazon.awssdk.services.s3.model.LifecycleRule rule) {
        LifecycleRuleFilter filter = rule.filter();
        boolean plainFilter = filter == null || (filter.tag() == null && filter.and() == null
                && filter.objectSizeGreaterThan() == null && filter.objectSizeLessThan() == null);
        @SuppressWarnings("deprecation")
        String prefix = !plainFilter ? null
                : filter != null ? nullToEmpty(filter.prefix()) : nullToEmpty(rule.prefix());
        LifecycleExpiration expiration = rule.expiration();
        boolean otherExpiry = expiration != null && (expiration.date() != null
                || expiration.expiredObjectDeleteMarker() != null);
        boolean otherActions = otherExpiry || rule.hasTransitions() && !rule.transitions().isEmpty()
                || rule.noncurrentVersionExpiration() != null
                || rule.hasNoncurrentVersionTransitions() && !rule.noncurrentVersionTransitions().isEmpty();
        return new LifecycleRule(rule.id() == null ? "" : rule.id(), prefix,
                expiration == null ? null : expiration.days(),
                rule.abortIncompleteMultipartUpload() == null ? null
                        : rule.abortIncompleteMultipartUpload().daysAfterInitiation(),
                rule.status() == ExpirationStatus.ENABLED, otherActions, rule);
    }

    private static software.amazon.awssdk.services.s3.model.LifecycleRule toS3(LifecycleRule rule) {
        if (rule.stored() instanceof software.amazon.awssdk.services.s3.model.LifecycleRule stored) {
            return stored;
        }
        software.amazon.awssdk.services.s3.model.LifecycleRule.Builder builder =
                software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                        .id(rule.id())
                        .filter(LifecycleRuleFilter.builder().prefix(rule.prefix()).build())
                        .status(rule.enabled() ? ExpirationStatus.ENABLED : ExpirationStatus.DISABLED);
        if (rule.expirationDays() != null) {
            builder.expiration(LifecycleExpiration.builder().days(rule.expirationDays()).build());
        }
        if (rule.abortIncompleteUploadDays() != null) {
            builder.abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder()
                    .daysAfterInitiation(rule.abortIncompleteUploadDays()).build());
        }
        return builder.build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
