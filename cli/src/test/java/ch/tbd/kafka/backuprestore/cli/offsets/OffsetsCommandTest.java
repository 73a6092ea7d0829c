package ch.tbd.kafka.backuprestore.cli.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedKafka;
import ch.tbd.kafka.backuprestore.cli.quickstart.SampleData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disaster-recovery sequence of the command line against a real broker: the data and {@code __consumer_offsets}
 * backed up, the data restored into new topics, then {@code offsets plan} and {@code offsets apply} put the groups
 * back, as of the latest commit or an earlier moment, never backwards without {@code --force} and never under a
 * group's running members.
 */
class OffsetsCommandTest {

    private static final String TOPIC = "payments";
    private static final String RESTORED = "payments-dr";
    private static final String WINDOW = "payments-pit";

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static Path backup;
    private static long firstTimestamp;
    /** A moment between the groups' first commits and their last. */
    private static Instant between;

    @BeforeAll
    static void backUpAndRestore() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        kafka.createTopic(TOPIC, 2);
        // Record i goes to partition i % 2 at firstTimestamp + i: offset k of partition 0 is stamped firstTimestamp + 2k.
        firstTimestamp = System.currentTimeMillis() - 60_000;
        SampleData.produce(kafka.bootstrapServers(), TOPIC, 2, 400, firstTimestamp);
        commit("billing", Map.of(partition(0), 100L, partition(1), 50L));
        commit("audit", Map.of(partition(0), 10L));
        Thread.sleep(50);
        between = Instant.ofEpochMilli(System.currentTimeMillis());
        Thread.sleep(50);
        commit("billing", Map.of(partition(0), 150L));

        backup = work.resolve("backup");
        Cli.Result data = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics", TOPIC,
                "--to", backup.toString(), "--snapshot", "--progress", "none");
        assertThat(data.exitCode()).as(data.err()).isEqualTo(ExitCodes.OK);
        Cli.Result offsets = Cli.run("backup", "--bootstrap-server", kafka.bootstrapServers(), "--topics",
                "__consumer_offsets", "--to", backup.toString(), "--snapshot", "--progress", "none");
        assertThat(offsets.exitCode()).as(offsets.out() + offsets.err()).isEqualTo(ExitCodes.OK);
        Cli.Result restored = Cli.run("restore", "--from", backup.toString(), "--topics", TOPIC + ":" + RESTORED,
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none");
        assertThat(restored.exitCode()).as(restored.err()).isEqualTo(ExitCodes.OK);
        Cli.Result window = Cli.run("restore", "--from", backup.toString(), "--topics", TOPIC + ":" + WINDOW,
                "--time-from", Long.toString(firstTimestamp + 100), "--time-to", Long.toString(firstTimestamp + 299),
                "--bootstrap-server", kafka.bootstrapServers(), "--progress", "none");
        assertThat(window.exitCode()).as(window.err()).isEqualTo(ExitCodes.OK);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldPlanEveryGroupAtItsLatestCommitAndAtAnEarlierMoment() {
        Cli.Result latest = offsets("plan");
        Cli.Result earlier = offsets("plan", "--at", between.toString());

        assertThat(latest.exitCode()).as(latest.err()).isEqualTo(ExitCodes.OK);
        assertThat(latest.out()).contains("__consumer_offsets records")
                .containsPattern("billing\\s+payments-0\\s+150\\s+payments-dr-0\\s+150\\s+EXACT")
                .containsPattern("billing\\s+payments-1\\s+50\\s+payments-dr-1\\s+50\\s+EXACT")
                .containsPattern("audit\\s+payments-0\\s+10\\s+payments-dr-0\\s+10\\s+EXACT")
                .contains("3 of 3 partition offsets translated");
        assertThat(earlier.out()).containsPattern("billing\\s+payments-0\\s+100\\s+payments-dr-0\\s+100\\s+EXACT");
        // The plan changes nothing (and the other test never sets this group).
        assertThat(committed("audit")).doesNotContainKey(restored(0));
    }

    @Test
    void shouldSetTheGroupsNeverBackwardsWithoutForceAndNeverUnderRunningMembers() throws Exception {
        Cli.Result applied = offsets("apply", "--groups", "billing");
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isEqualTo(ExitCodes.OK);
        assertThat(applied.out()).contains("2 of 2 partition offsets set");
        assertThat(committed("billing")).containsEntry(restored(0), 150L).containsEntry(restored(1), 50L);
        // What the application kept with its offset goes with it.
        assertThat(metadata("billing", restored(0))).isEqualTo("billing state 150");

        Cli.Result back = offsets("apply", "--groups", "billing", "--at", between.toString());
        assertThat(back.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(back.out()).containsPattern("billing\\s+payments-0.*NOT SET.*150").contains("--force");
        assertThat(committed("billing")).containsEntry(restored(0), 150L);

        Cli.Result forced = offsets("apply", "--groups", "billing", "--at", between.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.out()).isEqualTo(ExitCodes.OK);
        assertThat(committed("billing")).containsEntry(restored(0), 100L);

        try (KafkaConsumer<byte[], byte[]> member = member("audit")) {
            Cli.Result busy = offsets("apply", "--groups", "audit");
            assertThat(busy.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
            assertThat(busy.out()).containsPattern("audit\\s+payments-0.*NOT SET").contains("active member");
        }
        assertThat(committed("audit")).doesNotContainKey(restored(0));
    }

    @Test
    void shouldListTheGroupsTheBackupHolds() {
        Cli.Result list = Cli.run("list", backup.toString());
        Cli.Result describe = Cli.run("describe", "--from", backup.toString(), TOPIC);

        assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).contains("Consumer groups (from __consumer_offsets records)")
                .containsPattern("audit\\s+1\\s+")
                .containsPattern("billing\\s+2\\s+")
                .doesNotContain("connect-kafka-backup-");
        assertThat(describe.out()).contains("Consumer groups").contains("billing").contains("audit");
    }

    @Test
    void shouldNameWhatItCannotDo() {
        Cli.Result ghost = offsets("plan", "--groups", "audit,ghost", "--at", between.toString());
        Cli.Result noMap = offsets("plan", "--offset-map-topic", "no-such-map");
        Cli.Result badRegex = offsets("plan", "--groups-regex", "bill[ing");

        assertThat(ghost.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(ghost.out()).contains("Group ghost: no committed offset in the backup (as of " + between);
        assertThat(noMap.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(noMap.err()).contains("The offset map topic 'no-such-map' does not exist on the target cluster");
        assertThat(badRegex.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRegex.err()).contains("bill[ing").contains("not a valid regular expression");
    }

    /**
     * A point-in-time restore of offsets 50..149 of each partition: a group put back as of a moment goes on at the
     * first record of the window it had not consumed then, and reads exactly the rest of the window.
     */
    @Test
    void shouldPutAGroupOnTheFirstRecordOfTheWindowItHadNotConsumed() throws Exception {
        String[] window = {"--time-from", Long.toString(firstTimestamp + 100), "--time-to",
                Long.toString(firstTimestamp + 299), "--at", between.toString()};

        Cli.Result plan = offsetsInto(WINDOW, "plan", window);
        Cli.Result applied = offsetsInto(WINDOW, "apply", concat(window, "--groups", "billing"));

        assertThat(plan.out()).containsPattern("billing\\s+payments-0\\s+100\\s+payments-pit-0\\s+50\\s+EXACT")
                .containsPattern("billing\\s+payments-1\\s+50\\s+payments-pit-1\\s+0\\s+EXACT")
                .containsPattern("audit\\s+payments-0\\s+10\\s+payments-pit-0\\s+0\\s+NEXT_RECORD");
        assertThat(applied.exitCode()).as(applied.out()).isEqualTo(ExitCodes.OK);
        List<String> read = readAsGroup("billing", new TopicPartition(WINDOW, 0));
        List<String> source = readAsGroup("nobody", partition(0));
        assertThat(read).containsExactlyElementsOf(source.subList(100, 150));
    }

    private static Cli.Result offsets(String command, String... more) {
        return offsetsInto(RESTORED, command, more);
    }

    private static Cli.Result offsetsInto(String restoredAs, String command, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("offsets", command, "--from", backup.toString(),
                "--topics", TOPIC + ":" + restoredAs, "--bootstrap-server", kafka.bootstrapServers()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The values the group reads of the partition from where it stands (from the start without an offset). */
    private static List<String> readAsGroup(String group, TopicPartition tp) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value() == null
                        ? "(tombstone)" : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(System.nanoTime()).as("reading %s as %s", tp, group).isLessThan(deadline);
            }
        }
        return values;
    }

    private static TopicPartition partition(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    private static TopicPartition restored(int partition) {
        return new TopicPartition(RESTORED, partition);
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset, group + " state " + offset)));
        try (Admin admin = kafka.admin()) {
            admin.alterConsumerGroupOffsets(group, commits).all().get();
        }
    }

    private static Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> offsets = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String metadata(String group, TopicPartition tp) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp).metadata();
        }
    }

    /** A running member of the group, joined and holding the restored topic. */
    private static KafkaConsumer<byte[], byte[]> member(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(Set.of(RESTORED));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
            assertThat(System.nanoTime()).as("the member joining").isLessThan(deadline);
        }
        return consumer;
    }
}
