package ch.tbd.kafka.backuprestore.cli.metadata;

import picocli.CommandLine.Command;

/** {@code kafka-backup acls}: the ACL bindings captured with a backup, planned and applied to a cluster. */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = "Restores the ACL bindings captured with a backup: those that apply to backed-up topics (moved"
                + " to their new names when renamed) and those on consumer groups. Never applied unless asked.",
        subcommands = {AclsPlanCommand.class, AclsApplyCommand.class})
public final class AclsCommand {
}
