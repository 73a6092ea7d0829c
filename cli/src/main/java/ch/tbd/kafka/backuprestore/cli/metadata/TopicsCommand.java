package ch.tbd.kafka.backuprestore.cli.metadata;

import picocli.CommandLine.Command;

/** {@code kafka-backup topics}: the topic definitions captured with a backup. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Works with the topic definitions (partitions, replication factor, configs, ACLs) captured"
                + " with a backup. 'describe TOPIC' shows one.",
        subcommands = {TopicsDiffCommand.class})
public final class TopicsCommand {
}
