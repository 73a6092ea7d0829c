package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The inspection commands against a real S3-compatible server in this JVM, with keys from a config file. */
class S3LocationTest {

    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";
    private static final String BUCKET = "backups";

    private static S3Proxy proxy;
    private static URI endpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client admin = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            admin.createBucket(request -> request.bucket(BUCKET));
        }
        S3Settings settings = S3Settings.of(BUCKET, "us-east-1").withEndpoint(endpoint, true)
                .withStaticCredentials(ACCESS_KEY, SECRET_KEY);
        try (S3Storage storage = new S3Storage(settings)) {
            TestBackups.write(storage, new BackupLayout("prod"), 10, TestBackups.range("orders", 0, 0, 25));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    @Test
    void shouldVerifyAndDescribeABackupInS3() throws Exception {
        Path config = dir.resolve("s3.properties");
        Files.writeString(config, "s3.access.key.id=" + ACCESS_KEY + "\ns3.secret.access.key=" + SECRET_KEY + "\n");
        String[] location = {"--from", "s3://" + BUCKET + "/prod", "--endpoint", endpoint.toString(), "--path-style",
                "--config", config.toString()};

        Cli.Result verify = Cli.run(concat(new String[] {"verify"}, location));
        Cli.Result describe = Cli.run(concat(new String[] {"describe", "orders"}, location));

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("Verified 3 objects, 25 records").doesNotContain(SECRET_KEY);
        assertThat(describe.out()).contains("Topic orders in s3://" + BUCKET + " (prefix prod/)", "Offsets:    0..24");
    }

    @Test
    void shouldFailFatallyForAMissingBucket() throws Exception {
        Path config = dir.resolve("s3.properties");
        Files.writeString(config, "s3.access.key.id=" + ACCESS_KEY + "\ns3.secret.access.key=" + SECRET_KEY + "\n");

        Cli.Result result = Cli.run("list", "s3://no-such-bucket", "--endpoint", endpoint.toString(), "--path-style",
                "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("no-such-bucket").doesNotContain(SECRET_KEY);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
