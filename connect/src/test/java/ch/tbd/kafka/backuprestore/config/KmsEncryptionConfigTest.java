package ch.tbd.kafka.backuprestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupConfigValidation;
import ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encryption.kms.* keys: what the validate call reports, and the key ring they build. */
class KmsEncryptionConfigTest {

    private static Map<String, String> config() {
        Map<String, String> config = BackupConfigValidation.minimalConfig("orders");
        config.put("encryption.key.provider", "aws-kms");
        return config;
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        return BackupConfigValidation.errors(config);
    }

    @Test
    void shouldReportAMissingOrMalformedKeyIdOnItsKey() {
        assertThat(errors(config())).containsOnlyKeys(EncryptionConfig.KMS_KEY_ID);
        assertThat(errors(config()).get(EncryptionConfig.KMS_KEY_ID).get(0)).contains("aws-kms needs");
        Map<String, String> malformed = config();
        malformed.put(EncryptionConfig.KMS_KEY_ID, "alias/backup;key=other");
        assertThat(errors(malformed).get(EncryptionConfig.KMS_KEY_ID).get(0)).contains("is not a KMS key id");
        Map<String, String> good = config();
        good.put(EncryptionConfig.KMS_KEY_ID, "arn:aws:kms:eu-central-1:111122223333:alias/kafka-backup");
        assertThat(errors(good)).isEmpty();
    }

    @Test
    void shouldNameNewObjectsKeyAndTakeTheStoresRegionWhenNoneIsGiven() {
        Map<String, String> properties = Map.of("encryption.key.provider", "aws-kms",
                EncryptionConfig.KMS_KEY_ID, "alias/kafka-backup");

        KeyRing ring = EncryptionConfig.keyRing(properties, S3Settings.of("backups", "eu-central-2"));

        assertThat(ring.encrypts()).isTrue();
        assertThat(ring.currentId()).isEqualTo("aws-kms:alias/kafka-backup");
        ring.close();
        assertThatThrownBy(() -> EncryptionConfig.keyRing(properties, null))
                .isInstanceOf(EncryptionKeyException.class).hasMessageContaining(EncryptionConfig.KMS_REGION);
    }
}
