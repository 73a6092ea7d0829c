package ch.tbd.kafka.backuprestore.cli.offsets;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsApplier;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kafka-backup offsets apply}: sets the groups' offsets as {@code offsets plan} prints them. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Sets each group's offsets on the target cluster as 'offsets plan' prints them: only for groups"
                + " with no active member, and never backwards unless --force. Prints what it set and what not.",
                "Exit 1 when an offset could not be translated or set."})
public final class OffsetsApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OffsetsOptions options;

    @Option(names = "--force", description = "Move a group's offset back too, when the plan's is below its own.")
    boolean force;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = options.open()) {
            GroupOffsetsTranslation.Plan plan = options.plan(backup, options.restoreConfig());
            if (plan.offsets().isEmpty()) {
                OffsetsReport.printPlan(out, plan, options.json);
                out.flush();
                return ExitCodes.PROBLEMS_FOUND;
            }
            List<GroupOffsetsApplier.Applied> applied;
            try (Admin admin = Admin.create(options.clientConfig())) {
                applied = GroupOffsetsTranslation.apply(admin, plan, force);
            }
            OffsetsReport.printApplied(out, plan, applied, options.json);
            out.flush();
            return applied.stream().allMatch(GroupOffsetsApplier.Applied::set) && plan.absentGroups().isEmpty()
                    ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
        }
    }
}
