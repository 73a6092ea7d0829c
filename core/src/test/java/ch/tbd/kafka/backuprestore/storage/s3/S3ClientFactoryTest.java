package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3ClientFactoryTest {

    @Test
    void shouldPreferStaticCredentialsOverProfile() {
        S3Settings settings = settings("key-id", "secret", null, "some-profile");

        AwsCredentials credentials = S3ClientFactory.credentialsProvider(settings).resolveCredentials();

        assertThat(S3ClientFactory.credentialsProvider(settings)).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(credentials.accessKeyId()).isEqualTo("key-id");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret");
    }

    @Test
    void shouldUseSessionTokenWithStaticCredentials() {
        AwsCredentials credentials = S3ClientFactory.credentialsProvider(settings("key-id", "secret", "token", null))
                .resolveCredentials();

        assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class,
                session -> assertThat(session.sessionToken()).isEqualTo("token"));
    }

    @Test
    void shouldReadNamedProfile(@TempDir Path temp) throws Exception {
        Path credentialsFile = Files.writeString(temp.resolve("credentials"),
                "[default]\naws_access_key_id = default-id\naws_secret_access_key = default-secret\n"
                        + "[backup]\naws_access_key_id = profile-id\naws_secret_access_key = profile-secret\n");
        String previousCredentials = System.setProperty("aws.sharedCredentialsFile", credentialsFile.toString());
        String previousConfig = System.setProperty("aws.configFile", temp.resolve("no-config").toString());
        try {
            AwsCredentials credentials = S3ClientFactory.credentialsProvider(settings(null, null, null, "backup"))
                    .resolveCredentials();

            assertThat(S3ClientFactory.credentialsProvider(settings(null, null, null, "backup")))
                    .isInstanceOf(ProfileCredentialsProvider.class);
            assertThat(credentials.accessKeyId()).isEqualTo("profile-id");
        } finally {
            restore("aws.sharedCredentialsFile", previousCredentials);
            restore("aws.configFile", previousConfig);
        }
    }

    @Test
    void shouldFallBackToDefaultChainWhenNothingIsConfigured() {
        assertThat(S3ClientFactory.credentialsProvider(settings(null, null, null, null)))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(S3ClientFactory.credentialsProvider(settings(" ", "", "", " ")))
                .isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void shouldRejectHalfOfStaticCredentials() {
        assertThatThrownBy(() -> S3ClientFactory.credentialsProvider(settings("key-id", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> S3ClientFactory.credentialsProvider(settings(null, "secret", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret\"");
    }

    @Test
    void shouldReduceProxyToSchemeHostAndPort() {
        assertThat(S3ClientFactory.proxyEndpoint(URI.create("http://proxy.example.com:3128/")))
                .isEqualTo(URI.create("http://proxy.example.com:3128"));
        assertThat(S3ClientFactory.proxyEndpoint(URI.create("http://user:pass@proxy.example.com")))
                .isEqualTo(URI.create("http://proxy.example.com:80"));
        assertThat(S3ClientFactory.proxyEndpoint(URI.create("HTTPS://proxy.example.com")))
                .isEqualTo(URI.create("https://proxy.example.com:443"));
    }

    @Test
    void shouldRejectProxyWithoutSchemeWithoutEchoingIt() {
        assertThatThrownBy(() -> S3ClientFactory.proxyEndpoint(URI.create("proxy.example.com:3128")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://proxy.example.com:3128");
        assertThatThrownBy(() -> S3ClientFactory.proxyEndpoint(URI.create("ftp://user:hunter2@proxy")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldSendRequestsThroughProxy() throws Exception {
        // s3proxy serves requests in proxy form ("PUT http://host/bucket/key") too, so it can stand in for the proxy.
        // The endpoint's host cannot be resolved: only a client that goes through the proxy reaches the bucket.
        try (S3ProxyFixture s3proxy = S3ProxyFixture.start()) {
            String bucket = s3proxy.createBucket();
            S3Settings base = s3proxy.settings(bucket);
            S3Settings viaProxy = new S3Settings(bucket, base.region(), URI.create("http://s3.invalid:9000"), true,
                    null, base.accessKeyId(), base.secretAccessKey(), null, s3proxy.endpoint(), "proxy-user",
                    "proxy-password", base.encryption(), base.partSizeBytes(), Duration.ofSeconds(30));
            S3Settings withoutProxy = new S3Settings(bucket, base.region(), URI.create("http://s3.invalid:9000"),
                    true, null, base.accessKeyId(), base.secretAccessKey(), null, URI.create(""), null, null,
                    base.encryption(), base.partSizeBytes(), Duration.ofSeconds(30));

            try (S3Storage storage = new S3Storage(viaProxy)) {
                storage.put("through-proxy", ObjectContent.of(new byte[] {1, 2, 3}));
                try (InputStream in = storage.get("through-proxy")) {
                    assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
                }
            }
            try (S3Storage storage = new S3Storage(withoutProxy)) {
                assertThatThrownBy(storage::checkAccess).isInstanceOf(StorageException.class)
                        .hasMessageContaining("s3.invalid");
            }
        }
    }

    private static S3Settings settings(String accessKeyId, String secret, String sessionToken, String profile) {
        S3Settings base = S3Settings.of("bucket", "eu-central-1");
        return new S3Settings(base.bucket(), base.region(), null, false, profile, accessKeyId, secret, sessionToken,
                null, null, null, base.encryption(), base.partSizeBytes(), base.apiCallTimeout());
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
