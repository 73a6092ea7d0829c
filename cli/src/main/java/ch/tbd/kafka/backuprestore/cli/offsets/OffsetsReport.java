package ch.tbd.kafka.backuprestore.cli.offsets;

import ch.tbd.kafka.backuprestore.cli.inspect.Json;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsApplier;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import ch.tbd.kafka.backuprestore.offsets.PlannedOffset;
import ch.tbd.kafka.backuprestore.offsets.Translation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a plan, or what applying it did: one line (or JSON object) per group and partition. */
final class OffsetsReport {

    private OffsetsReport() {}

    static void printPlan(PrintWriter out, GroupOffsetsTranslation.Plan plan, boolean json) {
        if (json) {
            List<Object> rows = new ArrayList<>();
            plan.offsets().forEach(p -> rows.add(row(p, null)));
            out.println(Json.write(document(plan, rows)));
            return;
        }
        out.printf("Committed offsets (%s) from the backup's %s%n", plan.describeAsOf(), describe(plan.source()));
        header(out);
        plan.offsets().forEach(p -> line(out, p, p.translation().outcome().applicable()
                ? String.valueOf(shown(p.translation())) : "-", p.translation().outcome().name(),
                p.translation().detail()));
        summary(out, plan);
    }

    static void printApplied(PrintWriter out, GroupOffsetsTranslation.Plan plan,
            List<GroupOffsetsApplier.Applied> applied, boolean json) {
        if (json) {
            List<Object> rows = new ArrayList<>();
            applied.forEach(a -> rows.add(row(a.planned(), a)));
            out.println(Json.write(document(plan, rows)));
            return;
        }
        header(out);
        for (GroupOffsetsApplier.Applied a : applied) {
            line(out, a.planned(), a.set() ? Long.toString(a.offset()) : "-", a.set() ? "SET" : "NOT SET", a.why());
        }
        long set = applied.stream().filter(GroupOffsetsApplier.Applied::set).count();
        out.printf("%,d of %,d partition offsets set%n", set, applied.size());
        absent(out, plan);
    }

    private static Map<String, Object> document(GroupOffsetsTranslation.Plan plan, List<Object> rows) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source", plan.source().name());
        document.put("asOf", plan.asOf() == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(plan.asOf())
                .toString());
        document.put("offsets", rows);
        document.put("absentGroups", plan.absentGroups());
        return document;
    }

    private static void absent(PrintWriter out, GroupOffsetsTranslation.Plan plan) {
        for (String group : plan.absentGroups()) {
            out.printf("Group %s: no committed offset in the backup (%s): nothing to set; check the name and --at"
                    + " ('kafka-backup describe' lists the groups a backup holds)%n", group, plan.describeAsOf());
        }
    }

    private static void header(PrintWriter out) {
        out.printf("%-30s %-40s %12s  %-40s %12s  %-16s %s%n", "GROUP", "BACKED-UP PARTITION", "COMMITTED",
                "TARGET PARTITION", "NEW OFFSET", "OUTCOME", "WHY");
    }

    private static void line(PrintWriter out, PlannedOffset p, String offset, String outcome, String why) {
        Translation t = p.translation();
        out.printf("%-30s %-40s %12d  %-40s %12s  %-16s %s%n", p.group(), p.sourceTopic() + "-" + p.sourcePartition(),
                p.committed(), t.targetTopic() == null ? "-" : t.targetTopic() + "-" + t.targetPartition(), offset,
                outcome, why);
    }

    private static void summary(PrintWriter out, GroupOffsetsTranslation.Plan plan) {
        long translated = plan.offsets().stream().filter(p -> p.translation().outcome().applicable()).count();
        out.printf("%,d of %,d partition offsets translated%s%n", translated, plan.offsets().size(),
                plan.unreadableRecords() == 0 ? "" : "; " + plan.unreadableRecords() + " records of __consumer_offsets"
                        + " this release cannot read were left out");
        absent(out, plan);
    }

    private static Map<String, Object> row(PlannedOffset p, GroupOffsetsApplier.Applied applied) {
        Translation t = p.translation();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("group", p.group());
        row.put("topic", p.sourceTopic());
        row.put("partition", p.sourcePartition());
        row.put("committed", p.committed());
        row.put("targetTopic", t.targetTopic());
        row.put("targetPartition", t.targetPartition() < 0 ? null : t.targetPartition());
        row.put("offset", t.outcome().applicable() ? shown(t) : null);
        row.put("outcome", t.outcome().name());
        row.put("detail", t.detail());
        if (applied != null) {
            row.put("set", applied.set());
            row.put("previous", applied.previous() < 0 ? null : applied.previous());
            row.put("why", applied.why());
        }
        return row;
    }

    /** The offset as a person reads it: "earliest" stands for the start of the partition. */
    private static Object shown(Translation t) {
        return t.offset() == Translation.EARLIEST ? "earliest" : t.offset();
    }

    private static String describe(ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup.Source source) {
        return switch (source) {
            case RAW_RECORDS -> "__consumer_offsets records (exact at any moment)";
            case ADMIN_SNAPSHOTS -> "Admin API snapshots (as of the snapshot at or before the moment)";
            case NONE -> "nothing: no committed offsets were backed up";
        };
    }
}
