package ch.tbd.kafka.backuprestore.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.KafkaBackupCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The quickstart end to end: an embedded broker and Connect worker, a backup to a directory and a restore. */
class QuickstartTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(120)
    void shouldBackUpAndRestoreTheSampleRecordsByteForByte() throws Exception {
        Path backup = directory.resolve("backup");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = KafkaBackupCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("quickstart", "--records", "500", "--partitions", "2", "--dir",
                backup.toString());

        assertThat(exitCode).as("exit code; stderr: %s; stdout: %s", err, out).isZero();
        assertThat(out.toString()).contains("OK: 501 records").contains("restored byte for byte")
                .contains(backup.toString());
        try (Stream<Path> files = Files.walk(backup)) {
            assertThat(files.filter(path -> path.toString().endsWith(".avro"))).isNotEmpty();
        }
    }

    @Test
    void shouldRefuseABackupDirectoryThatIsNotEmpty() throws Exception {
        Files.writeString(directory.resolve("notes.txt"), "not a backup");
        StringWriter err = new StringWriter();
        CommandLine commandLine = KafkaBackupCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("quickstart", "--dir", directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty");
    }
}
