package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupSinkConnectorValidateTest {

    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** The original README's example, with the converters and a reachable store filled in. */
    private static Map<String, String> originalExample() {
        Map<String, String> config = BackupConfigValidation.minimalConfig("test-topic");
        config.put("flush.size", "3");
        config.put("s3.region", "eu-central-1");
        config.put("s3.proxy.url", "");
        config.put("tasks.max", "1");
        return config;
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        return BackupConfigValidation.errors(config);
    }

    @Test
    void shouldAcceptTheOriginalExample() {
        assertThat(errors(originalExample())).isEmpty();
    }

    @Test
    void shouldAcceptTheOriginalExampleWithARealProxy() {
        Map<String, String> config = originalExample();
        config.put("s3.proxy.url", "http://proxy.example.com:3128");
        assertThat(errors(config)).isEmpty();
    }

    @Test
    void shouldRejectEveryConverterThatIsNotByteArrayConverter() {
        Map<String, String> config = originalExample();
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");

        Map<String, List<String>> errors = errors(config);
        assertThat(errors).containsOnlyKeys("value.converter", "header.converter");
        assertThat(errors.get("value.converter").get(0)).contains("value.converter=" + BYTES);
    }

    @Test
    void shouldRequireABucketForS3AndADirectoryForLocal() {
        Map<String, String> config = originalExample();
        config.remove("s3.bucket.name");
        assertThat(errors(config)).containsOnlyKeys("s3.bucket.name");

        config.put("storage.type", "local");
        assertThat(errors(config)).containsOnlyKeys("storage.local.directory");
    }

    @Test
    void shouldRequireBothStaticKeysOrNeither() {
        Map<String, String> config = originalExample();
        config.put("s3.access.key.id", "AKIA");
        assertThat(errors(config)).containsOnlyKeys("s3.secret.access.key");
    }

    @Test
    void shouldRequireACustomerKeyForSseC() {
        Map<String, String> config = originalExample();
        config.put("s3.sse.type", "sse_c");
        assertThat(errors(config)).containsOnlyKeys("s3.sse.customer.key");
    }

    @Test
    void shouldRejectACustomerKeyThatIsNotTheBase64Of256BitsWithoutQuotingIt() {
        Map<String, String> config = originalExample();
        config.put("s3.sse.type", "sse_c");
        config.put("s3.sse.customer.key", "c2hvcnQta2V5");

        Map<String, List<String>> errors = errors(config);

        assertThat(errors).containsOnlyKeys("s3.sse.customer.key");
        assertThat(errors.get("s3.sse.customer.key").get(0)).contains("256-bit").contains("decodes to 9 bytes")
                .doesNotContain("c2hvcnQta2V5");
        config.put("s3.sse.customer.key", "not base64 at all!");
        assertThat(errors(config).get("s3.sse.customer.key").get(0)).contains("not valid base64");
        config.put("s3.sse.customer.key", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(errors(config)).isEmpty();
    }

    @Test
    void shouldRejectTransformsUnlessAllowed() {
        Map<String, String> config = originalExample();
        config.put("transforms", "route");
        config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");

        assertThat(errors(config)).containsOnlyKeys("transforms");
        assertThat(errors(config).get("transforms").get(0)).contains("byte for byte")
                .contains("backup.transforms.enabled=true");
        config.put("backup.transforms.enabled", "true");
        assertThat(errors(config)).isEmpty();
    }

    @Test
    void shouldRejectARetryBackoffWhoseLargestIsBelowItsFirst() {
        Map<String, String> config = originalExample();
        config.put("retry.backoff.ms", "5000");
        config.put("retry.backoff.max.ms", "1000");

        assertThat(errors(config)).containsOnlyKeys("retry.backoff.max.ms");
    }

    @Test
    void shouldRejectMalformedUrlsAndUnknownChoices() {
        Map<String, String> config = originalExample();
        config.put("s3.proxy.url", "proxy:3128");
        config.put("s3.endpoint.url", "ftp://store");
        config.put("avro.codec", "lz5");
        assertThat(errors(config)).containsOnlyKeys("avro.codec");

        config.put("avro.codec", "zstd");
        assertThat(errors(config)).containsOnlyKeys("s3.proxy.url", "s3.endpoint.url");
    }

    @Test
    void shouldKeepSecretsOutOfTheValidationOutput() {
        Map<String, String> config = originalExample();
        config.put("s3.access.key.id", "AKIAEXAMPLE");
        config.put("s3.secret.access.key", "very-secret");
        config.put("s3.proxy.password", "proxy-secret");

        String rendered = new BackupSinkConnector().validate(config).configValues().toString();
        assertThat(rendered).doesNotContain("very-secret", "proxy-secret", "AKIAEXAMPLE");
        assertThat(BackupSinkConfig.CONFIG_DEF.configKeys().get("s3.secret.access.key").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }
}
