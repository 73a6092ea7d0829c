package ch.tbd.kafka.backuprestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupConfigValidation;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector;
import ch.tbd.kafka.backuprestore.storage.s3.InvalidTlsStoreException;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The s3.ssl.* keys: each store opened at validation as the client will open it, each problem on the key to fix. */
class S3TlsConfigTest {

    private static final String WRONG_PASSWORD = "wrong-password-123";

    @TempDir
    static Path directory;

    private static Path keyPair;
    private static Path trustStore;
    private static Path jksTrustStore;

    @BeforeAll
    static void makeStores() {
        keyPair = TestCertificates.keyPair(directory, "worker", "dns:localhost");
        Path certificate = TestCertificates.exportCertificate(keyPair, "worker");
        trustStore = TestCertificates.trustStore(directory, "truststore.p12", "PKCS12", certificate);
        jksTrustStore = TestCertificates.trustStore(directory, "truststore.jks", "JKS", certificate);
    }

    private static Map<String, String> config() {
        Map<String, String> config = BackupConfigValidation.minimalConfig("test-topic");
        config.put("s3.endpoint.url", "https://minio.example.com:9000");
        return config;
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        return BackupConfigValidation.errors(config);
    }

    private static Map<String, String> withTrustStore(Path location, String password) {
        Map<String, String> config = config();
        config.put("s3.ssl.truststore.location", location.toString());
        config.put("s3.ssl.truststore.password", password);
        return config;
    }

    @Test
    void shouldAcceptATrustStoreAndAKeyStoreThatOpen() {
        Map<String, String> config = withTrustStore(trustStore, TestCertificates.PASSWORD);
        config.put("s3.ssl.keystore.location", keyPair.toString());
        config.put("s3.ssl.keystore.password", TestCertificates.PASSWORD);

        assertThat(errors(config)).isEmpty();
        S3Settings settings = s3Settings(config);
        assertThat(settings.tls().trustStore().location()).isEqualTo(trustStore);
        assertThat(settings.tls().trustStore().type()).isEqualTo("PKCS12");
        assertThat(settings.tls().keyStore().location()).isEqualTo(keyPair);
        assertThat(settings.tls().keyPassword()).isNull();
    }

    @Test
    void shouldAcceptAJksTrustStoreInAnyCase() {
        Map<String, String> config = withTrustStore(jksTrustStore, TestCertificates.PASSWORD);
        config.put("s3.ssl.truststore.type", "jks");

        assertThat(errors(config)).isEmpty();
        config.put("s3.ssl.truststore.type", "PEM");
        assertThat(errors(config)).containsOnlyKeys("s3.ssl.truststore.type");
    }

    @Test
    void shouldRefuseAWrongTrustStorePasswordOnThatKeyNamingTheFileButNotThePassword() {
        Map<String, List<String>> errors = errors(withTrustStore(trustStore, WRONG_PASSWORD));

        assertThat(errors).containsOnlyKeys("s3.ssl.truststore.password");
        assertThat(errors.get("s3.ssl.truststore.password").get(0))
                .contains("s3.ssl.truststore.password", trustStore.toString(), "wrong password")
                .doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void shouldRefuseATrustStoreThatDoesNotExistNamingTheKeyAndTheFile() {
        Path missing = directory.resolve("no-such-truststore.p12");

        Map<String, List<String>> errors = errors(withTrustStore(missing, TestCertificates.PASSWORD));

        assertThat(errors).containsOnlyKeys("s3.ssl.truststore.location");
        assertThat(errors.get("s3.ssl.truststore.location").get(0))
                .contains("s3.ssl.truststore.location", missing.toString(), "does not exist");
    }

    @Test
    void shouldRefuseAStoreWithoutItsPasswordAndAPasswordWithoutItsStore() {
        Map<String, String> trustWithoutPassword = config();
        trustWithoutPassword.put("s3.ssl.truststore.location", trustStore.toString());
        Map<String, String> passwordWithoutTrust = config();
        passwordWithoutTrust.put("s3.ssl.truststore.password", TestCertificates.PASSWORD);
        Map<String, String> keyWithoutPassword = config();
        keyWithoutPassword.put("s3.ssl.keystore.location", keyPair.toString());
        Map<String, String> keyPasswordWithoutKeyStore = config();
        keyPasswordWithoutKeyStore.put("s3.ssl.key.password", "key-secret");

        assertThat(errors(trustWithoutPassword)).containsOnlyKeys("s3.ssl.truststore.password");
        assertThat(errors(passwordWithoutTrust)).containsOnlyKeys("s3.ssl.truststore.location");
        assertThat(errors(keyWithoutPassword)).containsOnlyKeys("s3.ssl.keystore.password");
        assertThat(errors(keyPasswordWithoutKeyStore)).containsOnlyKeys("s3.ssl.keystore.location");
        assertThat(errors(keyPasswordWithoutKeyStore).toString()).doesNotContain("key-secret");
    }

    @Test
    void shouldRefuseAKeyStoreWithoutAPrivateKeyAndAWrongKeyPassword() {
        Map<String, String> trustStoreAsKeyStore = config();
        trustStoreAsKeyStore.put("s3.ssl.keystore.location", trustStore.toString());
        trustStoreAsKeyStore.put("s3.ssl.keystore.password", TestCertificates.PASSWORD);
        Map<String, String> wrongKeyPassword = config();
        wrongKeyPassword.put("s3.ssl.keystore.location", keyPair.toString());
        wrongKeyPassword.put("s3.ssl.keystore.password", TestCertificates.PASSWORD);
        wrongKeyPassword.put("s3.ssl.key.password", WRONG_PASSWORD);

        assertThat(errors(trustStoreAsKeyStore)).containsOnlyKeys("s3.ssl.keystore.location");
        assertThat(errors(trustStoreAsKeyStore).get("s3.ssl.keystore.location").get(0)).contains("no private key");
        assertThat(errors(wrongKeyPassword)).containsOnlyKeys("s3.ssl.key.password");
        assertThat(errors(wrongKeyPassword).toString()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void shouldKeepThePasswordsOutOfTheValidationOutputAndTheSettings() {
        Map<String, String> config = withTrustStore(trustStore, TestCertificates.PASSWORD);
        config.put("s3.ssl.keystore.location", keyPair.toString());
        config.put("s3.ssl.keystore.password", TestCertificates.PASSWORD);
        config.put("s3.ssl.key.password", TestCertificates.PASSWORD);

        String rendered = new BackupSinkConnector().validate(config).configValues().toString();

        assertThat(rendered).doesNotContain(TestCertificates.PASSWORD);
        assertThat(s3Settings(config).toString()).contains(trustStore.toString())
                .doesNotContain(TestCertificates.PASSWORD);
        for (String key : List.of("s3.ssl.truststore.password", "s3.ssl.keystore.password", "s3.ssl.key.password")) {
            assertThat(StorageConfig.define(new ConfigDef()).configKeys().get(key).type)
                    .isEqualTo(ConfigDef.Type.PASSWORD);
        }
    }

    /** The command line reads the keys without the connector's validation, and gets the same refusal. */
    @Test
    void shouldRefuseAPasswordWithoutItsStoreWhenTheSettingsAreBuilt() {
        Map<String, String> config = config();
        config.put("s3.ssl.truststore.password", TestCertificates.PASSWORD);

        assertThatThrownBy(() -> s3Settings(config)).isInstanceOf(InvalidTlsStoreException.class)
                .hasMessageContaining("s3.ssl.truststore.location")
                .hasMessageNotContaining(TestCertificates.PASSWORD);
    }

    private static S3Settings s3Settings(Map<String, String> config) {
        return new StorageConfig(new AbstractConfig(StorageConfig.define(new ConfigDef()), config, false))
                .s3Settings();
    }
}
