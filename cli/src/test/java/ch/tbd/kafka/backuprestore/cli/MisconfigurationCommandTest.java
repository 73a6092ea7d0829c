package ch.tbd.kafka.backuprestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.inspect.TestBackups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the command-line tool as a new user gives it: each ends with the documented exit code and one line
 * that names the option, key or location and says what to do, before anything is written.
 */
class MisconfigurationCommandTest {

    @TempDir
    static Path work;

    private static String backup;

    @BeforeAll
    static void writeABackup() throws Exception {
        Path directory = work.resolve("backup");
        TestBackups.write(directory, 10, TestBackups.range("orders", 0, 0, 30));
        backup = directory.toString();
        Files.writeString(work.resolve("bad-type.properties"), "storage.type=tape\n");
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                bad(ExitCodes.USAGE, "Give the topics with either --topics or --topics-regex",
                        "backup", "--bootstrap-server", "localhost:9092", "--to", "/tmp/x"),
                bad(ExitCodes.USAGE, "Give the topics with either --topics or --topics-regex",
                        "backup", "--bootstrap-server", "localhost:9092", "--to", "/tmp/x", "--topics", "a",
                        "--topics-regex", "a.*"),
                bad(ExitCodes.USAGE, "Where is the backup?", "backup", "--bootstrap-server", "localhost:9092",
                        "--topics", "a"),
                bad(ExitCodes.USAGE, "--tasks must be at least 1", "restore", "--from", "@backup", "--topics",
                        "orders", "--bootstrap-server", "localhost:9092", "--tasks", "0"),
                bad(ExitCodes.USAGE, "Which Kafka cluster?", "restore", "--from", "@backup", "--topics", "orders"),
                bad(ExitCodes.USAGE, "ISO-8601", "restore", "--from", "@backup", "--topics", "orders",
                        "--time-from", "yesterday", "--dry-run"),
                bad(ExitCodes.USAGE, "restore.time.to (2026-11-25T06:00:00Z) is not after", "restore", "--from", "@backup", "--topics", "orders",
                        "--time-from", "2026-11-25T12:00:00Z", "--time-to", "2026-11-25T06:00:00Z", "--dry-run"),
                bad(ExitCodes.USAGE, "before it starts", "restore", "--from", "@backup", "--topics", "orders",
                        "--offset-from", "50", "--offset-to", "10", "--dry-run"),
                bad(ExitCodes.USAGE, "SOURCE:TARGET", "restore", "--from", "@backup", "--topics", "orders:a:b",
                        "--dry-run"),
                bad(ExitCodes.USAGE, "TOPIC:INCARNATION", "restore", "--from", "@backup", "--topics", "orders",
                        "--incarnation", "7", "--dry-run"),
                bad(ExitCodes.USAGE, "no incarnation '7'", "restore", "--from", "@backup", "--topics", "orders",
                        "--incarnation", "orders:7", "--dry-run"),
                bad(ExitCodes.FATAL_FAILURE, "No backup of topic nowhere", "restore", "--from", "@backup",
                        "--topics", "nowhere", "--dry-run"),
                bad(ExitCodes.FATAL_FAILURE, "does not exist", "list", "--from", "@missing"),
                bad(ExitCodes.FATAL_FAILURE, "names no bucket", "list", "--from", "s3://"),
                bad(ExitCodes.FATAL_FAILURE, "is not a storage type", "list", "--config", "@bad-type.properties"),
                bad(ExitCodes.USAGE, "Invalid value for option '--progress'", "restore", "--from", "@backup",
                        "--topics", "orders", "--progress", "loud", "--dry-run"),
                bad(ExitCodes.FATAL_FAILURE, "no backup of topic 'nowhere'", "describe", "--from", "@backup",
                        "nowhere"),
                bad(ExitCodes.FATAL_FAILURE, "Cannot read the --config file", "list", "--config",
                        "@missing.properties"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInput")
    void shouldExitWithTheDocumentedCodeAndSayWhatToFix(int exitCode, String expected, List<String> args) {
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            resolved.add(arg.equals("@backup") ? backup : arg.startsWith("@") ? work.resolve(arg.substring(1))
                    .toString() : arg);
        }

        Cli.Result result = Cli.run(resolved.toArray(String[]::new));

        assertThat(result.exitCode()).as("exit code of %s: %s%s", resolved, result.out(), result.err())
                .isEqualTo(exitCode);
        assertThat(result.err()).as("what %s says", resolved).contains(expected);
    }

    private static Arguments bad(int exitCode, String expected, String... args) {
        return Arguments.of(exitCode, expected, List.of(args));
    }
}
