package ch.tbd.kafka.backuprestore.storage.s3;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the AWS SDK client that {@link S3Storage} talks through, from {@link S3Settings}. */
public final class S3ClientFactory {

    private S3ClientFactory() {}

    public static S3Client create(S3Settings settings) {
        return create(settings, List.of());
    }

    /** The interceptors let tests see the requests that go to the server. */
    static S3Client create(S3Settings settings, List<ExecutionInterceptor> interceptors) {
        return create(settings, interceptors, 0);
    }

    /**
     * @param sdkMaxAttempts attempts the SDK makes of each call before it reports a failure, 0 for its default (the
     *                       standard retry mode's 3); tests set 1 to see every failure of the server
     */
    static S3Client create(S3Settings settings, List<ExecutionInterceptor> interceptors, int sdkMaxAttempts) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentialsProvider(settings))
                .forcePathStyle(settings.pathStyleAccess())
                .httpClientBuilder(httpClient(settings))
                .overrideConfiguration(c -> {
                    c.apiCallTimeout(settings.apiCallTimeout()).executionInterceptors(interceptors);
                    if (sdkMaxAttempts > 0) {
                        c.retryStrategy(retry -> retry.maxAttempts(sdkMaxAttempts));
                    }
                });
        if (isSet(settings.endpoint())) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** Static keys win over a named profile, which wins over the SDK's default chain. */
    public static AwsCredentialsProvider credentialsProvider(S3Settings settings) {
        boolean hasKeyId = isSet(settings.accessKeyId());
        boolean hasSecret = isSet(settings.secretAccessKey());
        if (hasKeyId != hasSecret) {
            throw new IllegalArgumentException(
                    "Static S3 credentials need both an access key id and a secret access key; only one is set");
        }
        if (hasKeyId) {
            AwsCredentials credentials = isSet(settings.sessionToken())
                    ? AwsSessionCredentials.create(
                            settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken())
                    : AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey());
            return StaticCredentialsProvider.create(credentials);
        }
        if (isSet(settings.profileName())) {
            return ProfileCredentialsProvider.builder().profileName(settings.profileName()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Without a configured proxy the SDK's defaults apply, which honour the JVM's standard proxy system properties;
     * likewise for TLS, see {@link #withTls}.
     */
    static ApacheHttpClient.Builder httpClient(S3Settings settings) {
        ApacheHttpClient.Builder httpClient = withTls(ApacheHttpClient.builder(), settings.tls());
        if (isSet(settings.proxy())) {
            ProxyConfiguration.Builder proxy = ProxyConfiguration.builder().endpoint(proxyEndpoint(settings.proxy()));
            if (isSet(settings.proxyUser())) {
                proxy.username(settings.proxyUser()).password(settings.proxyPassword());
            }
            httpClient.proxyConfiguration(proxy.build());
        }
        return httpClient;
    }

    /**
     * Gives the client the trust and key managers of {@code tls}, from which the SDK builds its {@code SSLContext}
     * (keeping its own host name verification). The stores are opened here, so that a wrong path or password fails
     * the client's creation with a message naming the setting, rather than its first request. What is not configured
     * keeps the SDK's default: the JVM's trust store, and a client certificate only from the standard
     * {@code javax.net.ssl.keyStore} system properties.
     */
    static ApacheHttpClient.Builder withTls(ApacheHttpClient.Builder httpClient, TlsSettings tls) {
        if (tls.trustStore() != null) {
            TrustManager[] trustManagers = TlsStores.trustManagers(tls.trustStore());
            httpClient.tlsTrustManagersProvider(() -> trustManagers);
        }
        if (tls.keyStore() != null) {
            KeyManager[] keyManagers = TlsStores.keyManagers(tls.keyStore(), tls.keyPassword());
            httpClient.tlsKeyManagersProvider(() -> keyManagers);
        }
        return httpClient;
    }

    /** The SDK accepts only scheme, host and port; anything else (a trailing '/', user info) is dropped here. */
    static URI proxyEndpoint(URI proxy) {
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || proxy.getHost() == null) {
            // The URI itself is not shown: it may carry a password.
            throw new IllegalArgumentException(
                    "The S3 proxy must be an http or https URI such as http://proxy.example.com:3128");
        }
        int port = proxy.getPort() >= 0 ? proxy.getPort() : scheme.equals("https") ? 443 : 80;
        return URI.create(scheme + "://" + proxy.getHost() + ":" + port);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean isSet(URI value) {
        return value != null && !value.toString().isBlank();
    }
}
