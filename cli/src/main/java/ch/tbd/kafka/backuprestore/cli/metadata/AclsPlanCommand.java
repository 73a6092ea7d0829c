package ch.tbd.kafka.backuprestore.cli.metadata;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.topics.AclRestorePlan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kafka-backup acls plan}: the bindings {@code acls apply} would create; touches no cluster. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Prints the ACL bindings 'acls apply' would create, each with the topic or group it comes"
                + " from. Reads only the backup.")
public final class AclsPlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AclsOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = options.open()) {
            AclRestorePlan plan = options.plan(backup);
            out.println("ACL bindings to create from " + backup.describe() + ": " + plan.bindings().size());
            AclsOptions.print(out, plan);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
