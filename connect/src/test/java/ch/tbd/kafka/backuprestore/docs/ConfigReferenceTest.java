package ch.tbd.kafka.backuprestore.docs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConfig;
import ch.tbd.kafka.backuprestore.backup.kafkaconnect.compact.CompactBackupConfig;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference in docs/ is generated from the connectors' ConfigDefs. This test fails when the
 * committed copy is stale; run it with {@code -Ddocs.regenerate=true} to rewrite it.
 */
class ConfigReferenceTest {

    private static final Path DOCS = Path.of("..", "docs", "config");

    private static final Map<String, ConfigDef> REFERENCES = Map.of(
            "backup-sink-connector.md", BackupSinkConfig.CONFIG_DEF,
            "compact-backup-sink-connector.md", CompactBackupConfig.CONFIG_DEF,
            "restore-source-connector.md", RestoreSourceConfig.CONFIG_DEF);

    @Test
    void shouldMatchTheCommittedConfigurationReference() throws IOException {
        boolean regenerate = Boolean.getBoolean("docs.regenerate");
        for (Map.Entry<String, ConfigDef> reference : REFERENCES.entrySet()) {
            Path file = DOCS.resolve(reference.getKey());
            String generated = ConfigReference.markdown(reference.getKey(), reference.getValue());
            if (regenerate) {
                Files.createDirectories(DOCS);
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            }
            assertThat(file).as("%s is stale: run mvn -pl connect test -Dtest=ConfigReferenceTest"
                    + " -Ddocs.regenerate=true", file).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("%s is stale: run mvn -pl connect test"
                    + " -Dtest=ConfigReferenceTest -Ddocs.regenerate=true", file).isEqualTo(generated);
        }
    }
}
