package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    @TempDir
    Path backup;

    @BeforeEach
    void writeBackup() {
        TestBackups.write(backup, 10, TestBackups.range("orders", 0, 0, 30));
        TestBackups.write(backup, 10, TestBackups.range("payments", 0, 0, 5));
    }

    @Test
    void shouldPassOnASoundBackup() {
        Cli.Result result = Cli.run("verify", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().strip())
                .isEqualTo("Verified 4 objects, 35 records, " + totalBytes() + " bytes in 2 partitions of 2 topics: OK");
    }

    @Test
    void shouldNameADamagedObject() throws IOException {
        String damaged = TestBackups.key("orders", 0, 10);
        Path file = backup.resolve(damaged);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 30] ^= 0x01;
        Files.write(file, bytes);

        Cli.Result result = Cli.run("verify", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(result.out()).contains("DAMAGED  " + damaged + ": ").contains(": 1 problem");
    }

    @Test
    void shouldReportADeletedObjectAsAHole() throws IOException {
        Files.delete(backup.resolve(TestBackups.key("orders", 0, 10)));

        Cli.Result result = Cli.run("verify", "orders", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(result.out()).contains("HOLE     " + TestBackups.key("orders", 0, 20)
                + ": offset hole 10..19 (10 offsets) between " + TestBackups.key("orders", 0, 0));
        assertThat(result.out()).contains("Verified 2 objects, 20 records");
    }

    @Test
    void shouldAcceptHolesWhenAllowed() throws IOException {
        Files.delete(backup.resolve(TestBackups.key("orders", 0, 10)));

        Cli.Result result = Cli.run("verify", "--allow-holes", "orders", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("WARN     HOLE " + TestBackups.key("orders", 0, 20)).contains(": OK");
    }

    @Test
    void shouldNoteOverlapsWithoutFailing() {
        TestBackups.write(backup, 10, TestBackups.range("orders", 0, 25, 35));

        Cli.Result result = Cli.run("verify", "orders", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("NOTE     OVERLAP " + TestBackups.key("orders", 0, 25)
                + ": overlap 25..29 (5 offsets)");
    }

    @Test
    void shouldReportAnObjectWhoseHeaderDisagreesWithItsName() throws IOException {
        Files.move(backup.resolve(TestBackups.key("orders", 0, 20)), backup.resolve(TestBackups.key("orders", 0, 21)));

        Cli.Result result = Cli.run("verify", "orders", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(result.out()).contains("MISMATCH " + TestBackups.key("orders", 0, 21)
                + ": its name says orders-0 from offset 21 but its header says orders-0 from offset 20");
    }

    @Test
    void shouldReportATopicWithoutObjects() {
        Cli.Result result = Cli.run("verify", "nope", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(result.out()).contains("MISSING  topic nope");
    }

    private long totalBytes() {
        try (var files = Files.walk(backup)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
