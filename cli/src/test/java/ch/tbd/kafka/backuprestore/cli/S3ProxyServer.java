package ch.tbd.kafka.backuprestore.cli;

import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** s3proxy in this JVM, checking signatures, for commands run against a real S3-compatible server. */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static S3ProxyServer start() throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    public void createBucket(String bucket) {
        try (S3Client admin = S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build()) {
            admin.createBucket(request -> request.bucket(bucket));
        }
    }

    /** Storage settings that reach {@code bucket}, for writing a backup the commands then read. */
    public S3Settings settings(String bucket) {
        return S3Settings.of(bucket, REGION).withEndpoint(endpoint, true).withStaticCredentials(ACCESS_KEY, SECRET_KEY);
    }

    /** A {@code --config} file with the keys, the one way a command takes secrets. */
    public Path configFile(Path directory) throws IOException {
        return Files.writeString(directory.resolve("s3.properties"),
                "s3.access.key.id=" + ACCESS_KEY + "\ns3.secret.access.key=" + SECRET_KEY + "\n");
    }

    /** The location options of a command for {@code location} ({@code s3://BUCKET[/PREFIX]}) on this server. */
    public String[] locationOptions(String option, String location, Path configFile) {
        return new String[] {option, location, "--endpoint", endpoint.toString(), "--path-style", "--config",
                configFile.toString()};
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
