package ch.tbd.kafka.backuprestore.cli;

import ch.tbd.kafka.backuprestore.cli.backup.BackupCommand;
import ch.tbd.kafka.backuprestore.cli.inspect.CatCommand;
import ch.tbd.kafka.backuprestore.cli.inspect.DescribeCommand;
import ch.tbd.kafka.backuprestore.cli.inspect.ListCommand;
import ch.tbd.kafka.backuprestore.cli.inspect.VerifyCommand;
import ch.tbd.kafka.backuprestore.cli.metadata.AclsCommand;
import ch.tbd.kafka.backuprestore.cli.metadata.TopicsCommand;
import ch.tbd.kafka.backuprestore.cli.offsets.OffsetsCommand;
import ch.tbd.kafka.backuprestore.cli.quickstart.QuickstartCommand;
import ch.tbd.kafka.backuprestore.cli.restore.RestoreCommand;
import ch.tbd.kafka.backuprestore.cli.retention.RetentionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kafka-backup} command. Each sub-command is a class of its own. */
@Command(name = "kafka-backup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Backs up Kafka topics to S3 or a directory, restores them, and inspects backups.",
        subcommands = {BackupCommand.class, RestoreCommand.class, OffsetsCommand.class, TopicsCommand.class,
            AclsCommand.class, RetentionCommand.class, ListCommand.class,
            DescribeCommand.class, VerifyCommand.class, CatCommand.class, QuickstartCommand.class,
            CommandLine.HelpCommand.class})
public final class KafkaBackupCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its sub-commands and the shared exception handling, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new KafkaBackupCommand());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
