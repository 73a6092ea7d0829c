package ch.tbd.kafka.backuprestore.cli.metadata;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.kafka.AclApplier;
import ch.tbd.kafka.backuprestore.topics.AclRestorePlan;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kafka-backup acls apply}: creates the bindings {@code acls plan} prints. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Creates on the cluster the ACL bindings 'acls plan' prints. A binding that exists already is"
                + " left as it is. Needs ALTER on the cluster.",
                "Exit 1 when a binding could not be created."})
public final class AclsApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AclsOptions options;

    @Mixin
    KafkaClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = options.open();
             Admin admin = Admin.create(new HashMap<>(cluster.clientProperties()))) {
            AclRestorePlan plan = options.plan(backup);
            AclApplier.Outcome outcome = AclApplier.apply(admin, plan);
            outcome.created().forEach(binding -> out.println("CREATED  " + binding.describe()));
            outcome.failed().forEach((binding, reason) -> out.println("FAILED   " + binding.describe() + ": "
                    + reason));
            out.printf("%d of %d ACL binding(s) created%n", outcome.created().size(), plan.bindings().size());
            out.flush();
            return outcome.complete() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
        }
    }
}
