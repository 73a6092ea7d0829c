package ch.tbd.kafka.backuprestore.it;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Mock in this JVM on a random port: an S3 server that stores bucket lifecycle configurations, for the tests of the
 * rules a backup writes (s3proxy answers 501 to them). It checks no signatures; the credentials are the usual ones so
 * that configurations read the same as against {@link S3Server}.
 */
public final class LifecycleS3Server implements AutoCloseable {

    /** Tomcat logs through java.util.logging; the loggers are held so that their level outlives a collection. */
    private static final List<Logger> TOMCAT_LOGGERS = List.of(Logger.getLogger("org.apache.catalina"),
            Logger.getLogger("org.apache.coyote"), Logger.getLogger("org.apache.tomcat"));

    private final S3MockApplication application;
    private final Path root;
    private final URI endpoint;
    private final S3Client client;

    private LifecycleS3Server(S3MockApplication application, Path root) {
        this.application = application;
        this.root = root;
        this.endpoint = URI.create("http://127.0.0.1:" + application.getHttpPort());
        this.client = S3Client.builder().endpointOverride(endpoint).region(Region.of(S3Server.REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build();
    }

    public static LifecycleS3Server start() {
        // Spring Boot would otherwise reconfigure log4j for the whole JVM, dropping the appenders tests add.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        TOMCAT_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
        Path root;
        try {
            root = Files.createTempDirectory("lifecycle-s3");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        // The S3 Vectors connectors listen on fixed ports by default, 9092 among them.
        properties.put("vectors.http.port", 0);
        properties.put("vectors.https.port", 0);
        properties.put("com.adobe.testing.s3mock.store.root", root.toString());
        properties.put("com.adobe.testing.s3mock.store.region", S3Server.REGION);
        properties.put(S3MockApplication.PROP_SILENT, true);
        return new LifecycleS3Server(S3MockApplication.start(properties), root);
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(request -> request.bucket(bucket));
    }

    /** The bucket's lifecycle configuration as the server holds it: the XML a GetBucketLifecycleConfiguration returns. */
    public String lifecycleXml(String bucket) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                endpoint.resolve("/" + bucket + "?lifecycle")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Settings of a backup connector that writes to {@code bucket} on this server. */
    public Map<String, String> connectorSettings(String bucket) {
        Map<String, String> settings = new HashMap<>();
        settings.put("s3.bucket.name", bucket);
        settings.put("s3.region", S3Server.REGION);
        settings.put("s3.endpoint.url", endpoint.toString());
        settings.put("s3.path.style.access.enabled", "true");
        settings.put("s3.access.key.id", S3Server.ACCESS_KEY);
        settings.put("s3.secret.access.key", S3Server.SECRET_KEY);
        return settings;
    }

    @Override
    public void close() {
        client.close();
        application.stop();
        // The server leaves its buckets in the directory it was given.
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
