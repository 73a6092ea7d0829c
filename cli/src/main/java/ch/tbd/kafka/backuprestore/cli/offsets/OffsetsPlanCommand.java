package ch.tbd.kafka.backuprestore.cli.offsets;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kafka-backup offsets plan}: where each group's committed offsets land after a restore, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Prints, per group, backed-up partition and restored partition: the committed offset from the"
                + " backup, the offset it translates to through the restore's offset map, and why. Changes nothing.",
                "Exit 1 when an offset cannot be translated."})
public final class OffsetsPlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OffsetsOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = options.open()) {
            GroupOffsetsTranslation.Plan plan = options.plan(backup, options.restoreConfig());
            OffsetsReport.printPlan(out, plan, options.json);
            out.flush();
            return OffsetsCommand.exitCode(plan);
        }
    }
}
