package ch.tbd.kafka.backuprestore.storage.s3;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes the AWS SDK's own retries visible. The SDK tries each call up to three times (its standard retry mode) before
 * a failure reaches the connector's retry policy; those quick retries are silent by default, so a store that fails
 * one request in ten would look healthy. Each attempt after the first is logged at WARN and counted.
 */
final class SdkRetryLog implements ExecutionInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SdkRetryLog.class);
    /** The header the SDK sends with every attempt: {@code attempt=2; max=3}. */
    private static final String ATTEMPT_HEADER = "amz-sdk-request";

    private final String location;
    private final AtomicLong retries = new AtomicLong();

    SdkRetryLog(String location) {
        this.location = location;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        context.httpRequest().firstMatchingHeader(ATTEMPT_HEADER).ifPresent(value -> {
            int attempt = number(value, "attempt=");
            if (attempt > 1) {
                retries.incrementAndGet();
                log.warn("S3 {} of '{}' at {} failed and is tried again by the AWS SDK (attempt {} of {})",
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), key(context.request()),
                        location, attempt, number(value, "max="));
            }
        });
    }

    /** Attempts after the first, of every call so far. */
    long retries() {
        return retries.get();
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
