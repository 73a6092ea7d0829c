package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffsets;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The consumer groups whose offsets a backup holds, for {@code list} and {@code describe}. */
final class BackedUpGroups {

    /** One group: partitions it has an offset of (on the topics asked for), and when it committed first and last. */
    record Group(String group, int partitions, long firstCommit, long lastCommit) {}

    private final GroupOffsetsBackup.Source source;
    private final List<Group> groups;
    private final List<CommittedOffset> offsets;

    private BackedUpGroups(GroupOffsetsBackup.Source source, List<Group> groups, List<CommittedOffset> offsets) {
        this.source = source;
        this.groups = groups;
        this.offsets = offsets;
    }

    /** The groups with offsets of the topics {@code topics} accepts, as of the latest backed up. */
    static BackedUpGroups read(OpenBackup backup, Predicate<String> topics) {
        GroupOffsetsBackup offsetsBackup = new GroupOffsetsBackup(backup.storage(), backup.layout());
        GroupOffsetsBackup.Source source = offsetsBackup.source();
        if (source == GroupOffsetsBackup.Source.NONE) {
            return new BackedUpGroups(source, List.of(), List.of());
        }
        CommittedOffsets committed = offsetsBackup.committedOffsets(GroupFilter.of(".*"), Long.MAX_VALUE);
        List<CommittedOffset> ofTopics = committed.offsets().stream().filter(o -> topics.test(o.topic())).toList();
        Map<String, Integer> partitions = new TreeMap<>();
        ofTopics.forEach(o -> partitions.merge(o.group(), 1, Integer::sum));
        Map<String, long[]> times = committed.commitTimes();
        List<Group> groups = new ArrayList<>();
        partitions.forEach((group, count) -> groups.add(new Group(group, count, times.get(group)[0],
                times.get(group)[1])));
        return new BackedUpGroups(source, groups, ofTopics);
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    List<CommittedOffset> offsets() {
        return offsets;
    }

    void print(PrintWriter out) {
        if (groups.isEmpty()) {
            return;
        }
        out.println();
        out.println("Consumer groups (" + (source == GroupOffsetsBackup.Source.RAW_RECORDS
                ? "from __consumer_offsets records" : "from Admin API snapshots") + "):");
        int width = Math.max("GROUP".length(), groups.stream().mapToInt(g -> g.group().length()).max().orElse(0));
        String format = "%-" + width + "s  %10s  %-24s  %-24s%n";
        out.printf(format, "GROUP", "PARTITIONS", "FIRST COMMIT", "LAST COMMIT");
        for (Group g : groups) {
            out.printf(format, g.group(), g.partitions(), Instant.ofEpochMilli(g.firstCommit()),
                    Instant.ofEpochMilli(g.lastCommit()));
        }
    }

    List<Object> json() {
        List<Object> list = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("group", g.group());
            group.put("partitions", g.partitions());
            group.put("firstCommit", Instant.ofEpochMilli(g.firstCommit()).toString());
            group.put("lastCommit", Instant.ofEpochMilli(g.lastCommit()).toString());
            list.add(group);
        }
        return list;
    }
}
