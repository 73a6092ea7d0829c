package ch.tbd.kafka.backuprestore.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store over HTTPS with a certificate from no public CA, as s3proxy serves it with certificates made by keytool:
 * reached with a trust store, refused clearly without one, and, with a server that requires it, mutual TLS.
 */
class S3TlsTest {

    private static final char[] PASSWORD = TestCertificates.PASSWORD.toCharArray();
    /** Long enough for a handshake on a loaded machine, far shorter than any retry timeout. */
    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @TempDir
    static Path certificates;

    private static Path serverKeys;
    private static Path trustStore;
    private static Path jksTrustStore;
    private static Path clientKeys;
    private static Path otherKeys;
    private static S3ProxyFixture server;
    private static S3ProxyFixture mutualTlsServer;

    @BeforeAll
    static void start() throws Exception {
        // Key generation takes keytool a second; the client's and the other host's keys are made meanwhile.
        CompletableFuture<Path> clientKeysMade = CompletableFuture.supplyAsync(
                () -> TestCertificates.keyPair(certificates, "client", "dns:backup-worker"));
        CompletableFuture<Path> otherKeysMade = CompletableFuture.supplyAsync(
                () -> TestCertificates.keyPair(certificates, "other", "dns:other.example.com"));
        serverKeys = TestCertificates.keyPair(certificates, "s3", "ip:127.0.0.1,dns:localhost");
        Path serverCertificate = TestCertificates.exportCertificate(serverKeys, "s3");
        trustStore = TestCertificates.trustStore(certificates, "truststore.p12", "PKCS12", serverCertificate);
        jksTrustStore = TestCertificates.trustStore(certificates, "truststore.jks", "JKS", serverCertificate);
        server = S3ProxyFixture.startSecure(serverKeys, trustingTheServer());

        clientKeys = clientKeysMade.join();
        otherKeys = otherKeysMade.join();
        Path clientCertificate = TestCertificates.exportCertificate(clientKeys, "client");
        Path clientsTrusted =
                TestCertificates.trustStore(certificates, "clients.p12", "PKCS12", clientCertificate);
        mutualTlsServer = S3ProxyFixture.startSecure(ClientAuthenticatingContext.of(
                        TlsStores.keyManagers(new KeyStoreFile(serverKeys, "PKCS12", PASSWORD), null),
                        TlsStores.trustManagers(new KeyStoreFile(clientsTrusted, "PKCS12", PASSWORD)), "TLSv1.2"),
                new TlsSettings(new KeyStoreFile(trustStore, "PKCS12", PASSWORD),
                        new KeyStoreFile(clientKeys, "PKCS12", PASSWORD), null));
    }

    @AfterAll
    static void stop() {
        if (mutualTlsServer != null) {
            mutualTlsServer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static TlsSettings trustingTheServer() {
        return new TlsSettings(new KeyStoreFile(trustStore, "PKCS12", PASSWORD), null, null);
    }

    @Test
    void shouldPutListAndGetOverHttpsWithTheTrustStore() throws Exception {
        String bucket = server.createBucket();
        assertThat(server.endpoint().getScheme()).isEqualTo("https");

        try (S3Storage storage = new S3Storage(server.settings(bucket))) {
            storage.checkAccess();
            storage.put("topic/0/object", ObjectContent.of(new byte[] {1, 2, 3}));

            assertThat(storage.list("topic/").map(StoredObject::key).toList()).containsExactly("topic/0/object");
            try (InputStream in = storage.get("topic/0/object")) {
                assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void shouldTakeAJksTrustStore() {
        TlsSettings jks = new TlsSettings(new KeyStoreFile(jksTrustStore, "JKS", PASSWORD), null, null);

        try (S3Storage storage = new S3Storage(server.settings(server.createBucket()).withTls(jks))) {
            storage.checkAccess();
        }
    }

    @Test
    void shouldFailAtOnceNamingTheEndpointAndTheTrustStoreWithoutIt() {
        S3Settings withJvmTrust = server.settings(server.createBucket()).withTls(TlsSettings.none());

        try (S3Storage storage = new S3Storage(withJvmTrust)) {
            long start = System.nanoTime();
            StorageException failure = catchThrowableOfType(StorageException.class,
                    () -> storage.put("topic/0/object", ObjectContent.of(new byte[] {1})));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isNotNull();
            assertThat(failure.retriable()).isFalse();
            assertThat(StorageErrors.mayPassAtStart(failure)).isFalse();
            assertThat(failure.getMessage())
                    .contains("endpoint " + server.endpoint())
                    .contains("not trusted")
                    .contains("s3.ssl.truststore.location");
            assertThat(took).isLessThan(QUICKLY);
        }
    }

    @Test
    void shouldSayThatACertificateForAnotherHostIsNotTheTrustStoresFault() throws Exception {
        Path otherTrust = TestCertificates.trustStore(certificates, "other-trust.p12", "PKCS12",
                TestCertificates.exportCertificate(otherKeys, "other"));
        TlsSettings trustingOther = new TlsSettings(new KeyStoreFile(otherTrust, "PKCS12", PASSWORD), null, null);

        try (S3ProxyFixture otherServer = S3ProxyFixture.startSecure(otherKeys, trustingOther);
                S3Storage storage = new S3Storage(otherServer.settings("bucket"))) {
            StorageException failure = catchThrowableOfType(StorageException.class, storage::checkAccess);

            assertThat(failure.retriable()).isFalse();
            assertThat(failure.getMessage()).contains("endpoint " + otherServer.endpoint())
                    .contains("not made out to the host").contains("s3.endpoint.url");
        }
    }

    @Test
    void shouldRefuseAWrongTrustStorePasswordNamingTheSettingAndTheFileButNotThePassword() {
        TlsSettings wrongPassword = new TlsSettings(
                new KeyStoreFile(trustStore, "PKCS12", "not-the-password".toCharArray()), null, null);

        InvalidTlsStoreException failure = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> new S3Storage(server.settings("bucket").withTls(wrongPassword)).close());

        assertThat(failure.setting()).isEqualTo("s3.ssl.truststore.password");
        assertThat(failure.getMessage()).contains("s3.ssl.truststore.password").contains(trustStore.toString())
                .doesNotContain("not-the-password").doesNotContain(TestCertificates.PASSWORD);
    }

    @Test
    void shouldRefuseATrustStoreThatIsMissingOrNotAKeyStore() throws Exception {
        Path missing = certificates.resolve("missing.p12");
        Path notAKeyStore = Files.writeString(certificates.resolve("not-a-keystore.p12"), "-----BEGIN");

        InvalidTlsStoreException missingFailure = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> TlsStores.trustManagers(new KeyStoreFile(missing, "PKCS12", PASSWORD)));
        InvalidTlsStoreException garbageFailure = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> TlsStores.trustManagers(new KeyStoreFile(notAKeyStore, "PKCS12", PASSWORD)));
        InvalidTlsStoreException noPassword = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> TlsStores.trustManagers(new KeyStoreFile(trustStore, "PKCS12", null)));

        assertThat(missingFailure.setting()).isEqualTo("s3.ssl.truststore.location");
        assertThat(missingFailure.getMessage()).contains(missing.toString()).contains("does not exist");
        assertThat(garbageFailure.setting()).isEqualTo("s3.ssl.truststore.location");
        assertThat(garbageFailure.getMessage()).contains(notAKeyStore.toString()).contains("not a PKCS12");
        assertThat(noPassword.setting()).isEqualTo("s3.ssl.truststore.password");
    }

    @Test
    void shouldPresentTheClientCertificateToAStoreThatRequiresOne() throws Exception {
        String bucket = mutualTlsServer.createBucket();

        try (S3Storage storage = new S3Storage(mutualTlsServer.settings(bucket))) {
            storage.put("object", ObjectContent.of(new byte[] {4, 5}));
            try (InputStream in = storage.get("object")) {
                assertThat(in.readAllBytes()).containsExactly(4, 5);
            }
        }
    }

    /**
     * The store's refusal reaches the client as an alert (fatal) or, when the store closes first, as a connection
     * broken in the handshake (which may be a network failure, so it may pass); either way the message says to check
     * the key store.
     */
    @Test
    void shouldNameTheKeyStoreWhenTheStoreRequiresAClientCertificate() {
        S3Settings withoutClientCertificate = mutualTlsServer.settings("bucket").withTls(trustingTheServer());

        try (S3Storage storage = new S3Storage(withoutClientCertificate)) {
            long start = System.nanoTime();
            StorageException failure = catchThrowableOfType(StorageException.class, storage::checkAccess);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("endpoint " + mutualTlsServer.endpoint())
                    .contains("s3.ssl.keystore.location");
            assertThat(took).isLessThan(QUICKLY);
        }
    }

    @Test
    void shouldRefuseAWrongKeyStorePasswordAndAKeyStoreWithoutAKey() {
        InvalidTlsStoreException wrongPassword = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> TlsStores.keyManagers(new KeyStoreFile(clientKeys, "PKCS12", "wrong".toCharArray()), null));
        InvalidTlsStoreException noKey = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> TlsStores.keyManagers(new KeyStoreFile(trustStore, "PKCS12", PASSWORD), null));
        InvalidTlsStoreException keyPasswordAlone = catchThrowableOfType(InvalidTlsStoreException.class,
                () -> new TlsSettings(null, null, "key-secret".toCharArray()));

        assertThat(wrongPassword.setting()).isEqualTo("s3.ssl.keystore.password");
        assertThat(wrongPassword.getMessage()).contains(clientKeys.toString()).doesNotContain("wrong\"");
        assertThat(noKey.setting()).isEqualTo("s3.ssl.keystore.location");
        assertThat(noKey.getMessage()).contains("no private key");
        assertThat(keyPasswordAlone.setting()).isEqualTo("s3.ssl.keystore.location");
        assertThat(keyPasswordAlone.getMessage()).doesNotContain("key-secret");
    }

    @Test
    void shouldKeepPasswordsOutOfTheSettingsDescription() {
        S3Settings settings = mutualTlsServer.settings("bucket");

        assertThat(settings.toString()).contains(trustStore.toString()).contains(clientKeys.toString())
                .doesNotContain(TestCertificates.PASSWORD);
        assertThat(List.of(settings.tls().toString(), settings.tls().trustStore().toString()))
                .noneMatch(text -> text.contains(TestCertificates.PASSWORD));
    }
}
