package ch.tbd.kafka.backuprestore.cli.retention;

import picocli.CommandLine.Command;

/** {@code kafka-backup retention}: expiry of a backup's old objects. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Expires a backup's old objects by the timestamps of their records, in any store: S3, an"
                + " S3-compatible server without lifecycle rules, or a local directory.",
        subcommands = {RetentionApplyCommand.class})
public final class RetentionCommand {
}
