package ch.tbd.kafka.backuprestore.storage.s3;

import ch.tbd.kafka.backuprestore.storage.FailureCounts;
import ch.tbd.kafka.backuprestore.storage.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes the AWS SDK's own retries visible. The SDK tries each call up to three times (its standard retry mode) before
 * a failure reaches the connector's retry policy; those quick retries are silent by default, so a store that fails
 * one request in ten would look healthy. Each attempt after the first is logged at WARN and counted by the kind of
 * the failure it follows: the status of the attempt before, or {@link FailureKind#IO} when that one got no answer.
 */
final class SdkRetryLog implements ExecutionInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SdkRetryLog.class);
    /** The header the SDK sends with every attempt: {@code attempt=2; max=3}. */
    private static final String ATTEMPT_HEADER = "amz-sdk-request";
    /** The HTTP status of the execution's last attempt that got an answer; 0 after it was counted. */
    private static final ExecutionAttribute<Integer> LAST_STATUS = new ExecutionAttribute<>("KafkaBackupLastStatus");

    private final String location;
    private final FailureCounts retries = new FailureCounts();

    SdkRetryLog(String location) {
        this.location = location;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        context.httpRequest().firstMatchingHeader(ATTEMPT_HEADER).ifPresent(value -> {
            int attempt = number(value, "attempt=");
            if (attempt > 1) {
                Integer status = attributes.getAttribute(LAST_STATUS);
                FailureKind kind = status == null || status == 0 ? FailureKind.IO : FailureKind.ofStatus(status);
                retries.add(kind);
                log.warn("S3 {} of '{}' at {} failed ({}) and is tried again by the AWS SDK (attempt {} of {})",
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), key(context.request()),
                        location, status == null || status == 0 ? "no answer" : "status " + status, attempt,
                        number(value, "max="));
            }
            attributes.putAttribute(LAST_STATUS, 0);
        });
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(LAST_STATUS, context.httpResponse().statusCode());
    }

    /** Attempts after the first, of every call so far, by the kind of failure that each followed. */
    FailureCounts retries() {
        return retries;
    }

    private static String key(SdkRequest request) {
        return request.getValueForField("Key", String.class).orElse("");
    }

    private static int number(String header, String name) {
        int start = header.indexOf(name);
        if (start < 0) {
            return -1;
        }
        int end = header.indexOf(';', start);
        try {
            return Integer.parseInt(header.substring(start + name.length(), end < 0 ? header.length() : end).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
