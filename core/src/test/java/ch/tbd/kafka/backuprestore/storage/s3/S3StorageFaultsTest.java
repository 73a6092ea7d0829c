package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.retry.RetryPolicy;
import ch.tbd.kafka.backuprestore.retry.Retrying;
import ch.tbd.kafka.backuprestore.storage.FailureCounts;
import ch.tbd.kafka.backuprestore.storage.FailureKind;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy.Fault;
import ch.tbd.kafka.backuprestore.storage.s3.FaultInjectingProxy.FaultPlan;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the S3 storage and the error classifier make of the faults of a real store, injected by a proxy in front of
 * s3proxy: each is classified as one that may pass, and the retry policy carries every call through.
 */
class S3StorageFaultsTest {

    private static final RetryPolicy PATIENT = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(60));

    private static S3ProxyFixture s3proxy;
    private static FaultInjectingProxy faults;

    @BeforeAll
    static void start() throws Exception {
        s3proxy = S3ProxyFixture.start();
        faults = FaultInjectingProxy.start(s3proxy.endpoint());
    }

    @AfterAll
    static void stop() {
        faults.close();
        s3proxy.close();
    }

    private static S3Storage storage(String bucket) {
        // The SDK's own retries off: every fault reaches the classifier.
        S3Settings settings = s3proxy.settings(bucket).withEndpoint(faults.endpoint(), true);
        return new S3Storage(settings, S3ClientFactory.create(settings, List.of(), 1));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"INTERNAL_ERROR", "SLOW_DOWN", "RESET", "TRUNCATE"})
    void shouldClassifyEachFaultOfAReadAsOneThatMayPassAndByItsKind(Fault fault) throws Exception {
        String bucket = s3proxy.createBucket();
        try (S3Storage storage = storage(bucket)) {
            storage.put("a/object", ObjectContent.of(new byte[100_000]));
            faults.plan(FaultPlan.always(fault));

            // The object reader turns a failing read into an UncheckedIOException, as here.
            RuntimeException failure = catchThrowableOfType(RuntimeException.class, () -> {
                try (InputStream in = storage.get("a/object")) {
                    in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            assertThat(failure).as("a GET answered with %s", fault).isNotNull();
            assertThat(StorageErrors.isRetriable(failure)).as("retriable: %s", failure).isTrue();
            assertThat(StorageErrors.kind(failure)).as("kind of %s", failure).isEqualTo(switch (fault) {
                case INTERNAL_ERROR -> FailureKind.SERVER_ERROR;
                case SLOW_DOWN -> FailureKind.THROTTLED;
                default -> FailureKind.IO;
            });
        } finally {
            faults.plan(FaultPlan.none());
        }
    }

    /** The SDK's own retries, counted by the kind of the failed attempt before each: what the metrics show. */
    @Test
    void shouldCountTheRetriesOfTheStorageClientByKind() {
        String bucket = s3proxy.createBucket();
        Deque<Fault> sequence = new ArrayDeque<>(List.of(Fault.SLOW_DOWN, Fault.INTERNAL_ERROR, Fault.NONE,
                Fault.RESET, Fault.NONE));
        try (S3Storage storage = new S3Storage(s3proxy.settings(bucket).withEndpoint(faults.endpoint(), true))) {
            faults.plan(request -> request.method().equals("PUT") && !sequence.isEmpty()
                    ? sequence.poll() : Fault.NONE);

            storage.put("a/first", ObjectContent.of(new byte[1000]));
            storage.put("a/second", ObjectContent.of(new byte[1000]));

            FailureCounts retries = storage.requestRetries();
            assertThat(retries.get(FailureKind.THROTTLED)).isEqualTo(1);
            assertThat(retries.get(FailureKind.SERVER_ERROR)).isEqualTo(1);
            assertThat(retries.get(FailureKind.IO)).isEqualTo(1);
            assertThat(retries.total()).isEqualTo(3);
        } finally {
            faults.plan(FaultPlan.none());
        }
    }

    /** A listing cut off in the middle of its XML: the SDK cannot parse it, and another try would. */
    @Test
    void shouldClassifyATruncatedListingAsOneThatMayPass() {
        String bucket = s3proxy.createBucket();
        try (S3Storage storage = storage(bucket)) {
            storage.put("a/object", ObjectContent.of(new byte[10]));
            faults.plan(FaultPlan.always(Fault.TRUNCATE));

            StorageException failure = catchThrowableOfType(StorageException.class, () -> {
                try (Stream<StoredObject> objects = storage.list("a/")) {
                    objects.toList();
                }
            });

            assertThat(failure).isNotNull();
            assertThat(failure.retriable()).as("retriable: %s", failure).isTrue();
            assertThat(failure.getMessage()).contains("list prefix 'a/'").contains("s3://" + bucket);
        } finally {
            faults.plan(FaultPlan.none());
        }
    }

    @Test
    void shouldStoreListAndReadEverythingThroughTenPercentFaultsWithRetries() throws Exception {
        String bucket = s3proxy.createBucket();
        Random random = new Random(11);
        byte[][] contents = new byte[40][];
        try (S3Storage storage = storage(bucket)) {
            faults.plan(FaultPlan.randomly(0.1, 42, Fault.INTERNAL_ERROR, Fault.SLOW_DOWN, Fault.RESET,
                    Fault.TRUNCATE));
            for (int i = 0; i < contents.length; i++) {
                contents[i] = new byte[1 + random.nextInt(50_000)];
                random.nextBytes(contents[i]);
                String key = "objects/" + i;
                ObjectContent content = ObjectContent.of(contents[i]);
                Retrying.call(PATIENT, "put " + key, () -> {
                    storage.put(key, content);
                    return null;
                }, StorageErrors::isRetriable);
            }
            List<StoredObject> listed = Retrying.call(PATIENT, "list", () -> {
                try (Stream<StoredObject> objects = storage.list("objects/")) {
                    return objects.toList();
                }
            }, StorageErrors::isRetriable);
            assertThat(listed).hasSize(contents.length);
            for (int i = 0; i < contents.length; i++) {
                String key = "objects/" + i;
                byte[] read = Retrying.call(PATIENT, "get " + key, () -> {
                    try (InputStream in = storage.get(key)) {
                        return in.readAllBytes();
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, StorageErrors::isRetriable);
                assertThat(read).as(key).isEqualTo(contents[i]);
            }
        } finally {
            faults.plan(FaultPlan.none());
        }
        assertThat(faults.faultsInjected()).isGreaterThan(5);
    }
}
