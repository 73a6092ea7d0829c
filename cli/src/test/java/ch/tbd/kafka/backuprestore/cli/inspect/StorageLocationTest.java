package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLocationTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailClearlyForAMissingDirectory() {
        Path missing = dir.resolve("nowhere");

        Cli.Result result = Cli.run("list", "--from", missing.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("kafka-backup: The backup directory " + missing + " does not exist");
    }

    @Test
    void shouldFailForAnS3LocationWithoutBucket() {
        Cli.Result result = Cli.run("verify", "--from", "s3://");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("names no bucket");
    }

    @Test
    void shouldRejectAnUnknownOption() {
        Cli.Result result = Cli.run("list", "--frobnicate", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void shouldAskForALocation() {
        Cli.Result result = Cli.run("describe", "orders");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Where is the backup?");
    }

    @Test
    void shouldReadTheConnectorsKeysFromAConfigFile() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        TestBackups.write(data.resolve("backups"), 10, TestBackups.range("orders", 0, 0, 3));
        Path config = dir.resolve("backup.properties");
        Files.writeString(config, "storage.type=local\nstorage.local.directory=" + data
                + "\nstorage.prefix=backups/\ns3.secret.access.key=do-not-print\n");

        Cli.Result result = Cli.run("list", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("orders").doesNotContain("do-not-print");
    }

    @Test
    void shouldPreferTheCommandLineOverTheConfigFile() throws IOException {
        TestBackups.write(dir.resolve("cli"), 10, TestBackups.range("from-cli", 0, 0, 3));
        Path config = dir.resolve("backup.properties");
        Files.writeString(config, "storage.type=local\nstorage.local.directory=" + dir.resolve("elsewhere") + "\n");

        Cli.Result result = Cli.run("list", "--config", config.toString(), "--from", dir.resolve("cli").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("from-cli");
    }
}
