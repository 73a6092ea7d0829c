package ch.tbd.kafka.backuprestore.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.KeyedStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection commands on an encrypted backup: with the keys in --config they read it; without, they say which. */
class EncryptedBackupCommandsTest {

    @TempDir
    Path directory;

    private Path backup;
    private Path config;

    @BeforeEach
    void writeEncryptedBackup() throws Exception {
        backup = Files.createDirectories(directory.resolve("backup"));
        Path key = directory.resolve("kek-2026");
        Files.write(key, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        TestBackups.write(new KeyedStorage(new LocalDirectoryStorage(backup), KeyRing.fromFiles(List.of(key))),
                new BackupLayout(""), 10, TestBackups.range("t", 0, 0, 25));
        config = directory.resolve("backup.properties");
        Files.writeString(config, "encryption.key.provider=file\nencryption.key.files=" + key + "\n");
    }

    @Test
    void shouldReadAnEncryptedBackupWithItsKeys() {
        Cli.Result verified = Cli.run("verify", "--from", backup.toString(), "--config", config.toString());
        Cli.Result cat = Cli.run("cat", "t", "0", "--from", backup.toString(), "--config", config.toString());

        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isEqualTo(ExitCodes.OK);
        assertThat(cat.exitCode()).as(cat.err()).isEqualTo(ExitCodes.OK);
        assertThat(cat.out().lines()).hasSize(25);
    }

    @Test
    void shouldNameTheKeyItLacks() {
        Cli.Result verified = Cli.run("verify", "--from", backup.toString());
        Cli.Result cat = Cli.run("cat", "t", "0", "--from", backup.toString());

        assertThat(verified.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(verified.out() + verified.err()).contains("encrypted with key 'kek-2026'");
        assertThat(cat.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(cat.err()).contains("encrypted with key 'kek-2026'");
    }
}
