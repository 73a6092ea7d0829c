package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.KafkaBackupCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code kafka-backup} as a user would, capturing what it prints. */
final class Cli {

    record Result(int exitCode, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = KafkaBackupCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
