package ch.tbd.kafka.backuprestore.cli.metadata;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.TopicMapping;
import ch.tbd.kafka.backuprestore.topics.AclEntry;
import ch.tbd.kafka.backuprestore.topics.AclRestorePlan;
import ch.tbd.kafka.backuprestore.topics.GroupAcls;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code acls plan} and {@code acls apply} share: the backup, the topics and the groups. */
public final class AclsOptions {

    @Mixin
    FromLocationOptions location;

    @Mixin
    BackedUpTopicsOptions topics;

    @Option(names = "--groups", paramLabel = "GROUP|REGEX,...",
            description = "Also the bindings on these consumer groups, names or regular expressions ('.*' for all"
                    + " captured); tested on a binding's group name or prefix (default: none).")
    String groups;

    OpenBackup open() {
        return location.open(null);
    }

    AclRestorePlan plan(OpenBackup backup) {
        TopicMapping mapping = topics.mapping(backup);
        Map<String, TopicDefinition> definitions = BackedUpTopicsOptions.definitions(backup, mapping);
        GroupFilter filter = GroupFilter.of(groups == null ? "" : groups);
        List<AclEntry> groupAcls = groups == null ? List.of()
                : GroupAcls.latest(backup.storage(), backup.layout()).map(GroupAcls::acls).orElse(List.of());
        return AclRestorePlan.of(definitions, mapping.targets(), groupAcls, filter);
    }

    static void print(PrintWriter out, AclRestorePlan plan) {
        plan.bindings().forEach(planned -> out.println("  " + planned.binding().describe() + "   <- "
                + planned.origin()));
    }
}
