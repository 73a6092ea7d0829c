package ch.tbd.kafka.backuprestore.cli.offsets;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import picocli.CommandLine.Command;

/** {@code kafka-backup offsets}: consumer-group offsets after a restore. */
@Command(name = "offsets", mixinStandardHelpOptions = true,
        description = "Puts consumer groups back where they stood after a restore: their committed offsets from the"
                + " backup, translated exactly into the restored topics.",
        subcommands = {OffsetsPlanCommand.class, OffsetsApplyCommand.class})
public final class OffsetsCommand {

    /** 0 when every offset of the plan translates, 1 otherwise (or when the backup holds none). */
    static int exitCode(GroupOffsetsTranslation.Plan plan) {
        return plan.complete() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }
}
