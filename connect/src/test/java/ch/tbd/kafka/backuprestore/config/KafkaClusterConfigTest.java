package ch.tbd.kafka.backuprestore.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The secret client settings of the clusters a connector reaches: passwords that Connect hides, given as they are. */
class KafkaClusterConfigTest {

    private static final String SECRET = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"backup\" password=\"s3cr3t-jaas\";";

    @Test
    void shouldDefineKafkasSecretClientSettingsAsPasswordsUnderBothPrefixes() {
        assertThat(KafkaClusterConfig.SECRET_CLIENT_SETTINGS).contains("sasl.jaas.config", "ssl.key.password",
                "ssl.keystore.password", "ssl.truststore.password");
        assertThat(BackupSinkConfig.CONFIG_DEF.configKeys().get("source.cluster.sasl.jaas.config").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(RestoreSourceConfig.CONFIG_DEF.configKeys().get("target.cluster.ssl.keystore.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void shouldHideTheSecretWhereConnectShowsTheConfigurationAndGiveItToTheClient() {
        Map<String, String> props = new HashMap<>();
        props.put("topics", "orders");
        props.put("storage.type", "local");
        props.put("storage.local.directory", "/tmp");
        props.put("source.cluster.bootstrap.servers", "kafka:9093");
        props.put("source.cluster.security.protocol", "SASL_SSL");
        props.put("source.cluster.sasl.jaas.config", SECRET);
        BackupSinkConfig config = new BackupSinkConfig(props);

        assertThat(config.sourceCluster().clientConfig()).containsEntry("sasl.jaas.config", SECRET)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.values().toString()).doesNotContain("s3cr3t-jaas");
        ConfigValue validated = new BackupSinkConnector().validate(props).configValues().stream()
                .filter(value -> value.name().equals("source.cluster.sasl.jaas.config")).findFirst().orElseThrow();
        assertThat(String.valueOf(validated.value())).isEqualTo("[hidden]");
    }
}
