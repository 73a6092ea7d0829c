package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.format.IncarnationResolver;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StoredObject;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers on one partition over a real directory: a task that lost its partition but goes on (a zombie) and the
 * task that has it now, or a topic created again after the backup of its predecessor. No object is ever replaced by
 * one of other records, and whichever writer stores first, the partition's objects together hold every offset.
 */
class ConcurrentWritersTest {

    private static final String TOPIC = "orders";
    private static final TopicPartitionId TP = new TopicPartitionId(TOPIC, 0);
    private static final BackupLayout LAYOUT = new BackupLayout("");

    @TempDir
    Path directory;

    private static BackupWriter writer(ObjectStorage storage, int flushSize, int uploadThreads) {
        return new BackupWriter(storage, LAYOUT, Codec.ZSTD, new RotationPolicy(flushSize, -1, -1, Long.MAX_VALUE),
                1 << 24, 64 * 1024, Clock.systemUTC(), uploadThreads);
    }

    private static BackupRecord record(long offset, String generation) {
        return new BackupRecord(TOPIC, 0, offset, 1_000 + offset, TimestampType.CREATE_TIME,
                ("key-" + offset).getBytes(), (generation + "-" + offset).getBytes(), List.of());
    }

    @Test
    void shouldKeepTheOwnersObjectWhenAZombieStoresAShorterOneOfTheSameNameLater() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            BackupWriter owner = writer(storage, 10, 0);
            for (long offset = 0; offset < 10; offset++) {
                owner.write(record(offset, "v"));
            }
            BackupWriter zombie = writer(storage, 7, 0);
            for (long offset = 0; offset < 7; offset++) {
                zombie.write(record(offset, "v"));
            }

            // The zombie's object of offsets 0..6 found 0..9 of the same log under its name: it counts as stored.
            assertThat(zombie.committableOffsets()).containsEntry(TP, 7L);
            assertThat(contents(storage)).containsOnlyKeys(LAYOUT.objectKey(TOPIC, 0, 0));
            assertThat(contents(storage).get(LAYOUT.objectKey(TOPIC, 0, 0))).hasSize(10);
        }
    }

    @Test
    void shouldAskForTheRestWhenAZombieStoredAShorterObjectOfTheSameNameFirst() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            BackupWriter zombie = writer(storage, 7, 0);
            for (long offset = 0; offset < 7; offset++) {
                zombie.write(record(offset, "v"));
            }
            BackupWriter owner = writer(storage, 10, 0);
            for (long offset = 0; offset < 9; offset++) {
                owner.write(record(offset, "v"));
            }

            assertThatThrownBy(() -> owner.write(record(9, "v")))
                    .isInstanceOfSatisfying(RewindNeededException.class, e -> assertThat(e.offset()).isEqualTo(7));
            assertThat(owner.committableOffsets()).containsEntry(TP, 7L);

            // Delivered again from offset 7: the rest lands in an object of its own.
            for (long offset = 7; offset < 17; offset++) {
                owner.write(record(offset, "v"));
            }
            assertThat(contents(storage)).containsOnlyKeys(LAYOUT.objectKey(TOPIC, 0, 0),
                    LAYOUT.objectKey(TOPIC, 0, 7));
            assertThat(owner.committableOffsets()).containsEntry(TP, 17L);
        }
    }

    @Test
    void shouldRefuseToReplaceTheObjectOfATopicThatWasCreatedAgain() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            BackupWriter before = writer(storage, 5, 0);
            for (long offset = 0; offset < 5; offset++) {
                before.write(record(offset, "old"));
            }
            BackupWriter after = writer(storage, 5, 0);
            for (long offset = 0; offset < 4; offset++) {
                after.write(record(offset, "new"));
            }

            assertThatThrownBy(() -> after.write(record(4, "new")))
                    .isInstanceOfSatisfying(ObjectUploadException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining(LAYOUT.objectKey(TOPIC, 0, 0))
                    .hasMessageContaining("deleted and created again")
                    .hasMessageContaining("source.cluster.bootstrap.servers");
            assertThat(contents(storage).get(LAYOUT.objectKey(TOPIC, 0, 0)))
                    .allSatisfy(value -> assertThat(value).startsWith("old-"));
        }
    }

    @Test
    void shouldBackUpATopicCreatedAgainInADirectoryOfItsOwnWhenItsIdIsKnown() {
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            BackupWriter before = writer(storage, 5, 0);
            before.incarnation(TOPIC, IncarnationResolver.resolve(storage, LAYOUT, TOPIC, "oldTopicId"));
            for (long offset = 0; offset < 5; offset++) {
                before.write(record(offset, "old"));
            }
            Incarnation second = IncarnationResolver.resolve(storage, LAYOUT, TOPIC, "newTopicId");
            BackupWriter after = writer(storage, 5, 0);
            after.incarnation(TOPIC, second);
            for (long offset = 0; offset < 5; offset++) {
                after.write(record(offset, "new"));
            }

            assertThat(second).isEqualTo(new Incarnation("newTopicId", 2));
            assertThat(contents(storage)).containsOnlyKeys(LAYOUT.objectKey(TOPIC, 0, 0),
                    "orders/incarnation-2-newTopicId/0/orders-0-00000000000000000000.avro");
            assertThat(IncarnationResolver.resolve(storage, LAYOUT, TOPIC, "oldTopicId"))
                    .isEqualTo(Incarnation.original("oldTopicId"));
            assertThat(IncarnationResolver.resolve(storage, LAYOUT, TOPIC, "newTopicId")).isEqualTo(second);
            assertThat(IncarnationResolver.resolve(storage, LAYOUT, TOPIC, "thirdTopicId"))
                    .isEqualTo(new Incarnation("thirdTopicId", 3));
        }
    }

    /**
     * Two writers with different object sizes and background uploads store the same log at once, each starting again
     * where it is told to: whoever wins each name, the objects hold every offset once or more, each exactly as produced.
     */
    @RepeatedTest(20)
    void shouldHoldEveryOffsetWhoeverWinsEachName() throws Exception {
        int records = 300;
        Random random = new Random();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LocalDirectoryStorage storage = new LocalDirectoryStorage(directory)) {
            Future<?> first = threads.submit(writeAll(storage, 5 + random.nextInt(20), records));
            Future<?> second = threads.submit(writeAll(storage, 5 + random.nextInt(20), records));
            first.get();
            second.get();

            Map<Long, String> stored = new TreeMap<>();
            contents(storage).forEach((key, values) -> values.forEach(value -> stored.put(
                    Long.parseLong(value.substring(value.indexOf('-') + 1)), value)));
            assertThat(stored).hasSize(records);
            stored.forEach((offset, value) -> assertThat(value).isEqualTo("v-" + offset));
        } finally {
            threads.shutdownNow();
        }
    }

    private static Callable<Void> writeAll(ObjectStorage storage, int flushSize, int records) {
        return () -> {
            BackupWriter writer = writer(storage, flushSize, 2);
            long offset = 0;
            while (offset < records) {
                try {
                    writer.write(record(offset, "v"));
                    offset++;
                    if (offset == records) {
                        writer.storeAll();
                    }
                } catch (RewindNeededException e) {
                    offset = e.offset();
                }
            }
            writer.close();
            return null;
        };
    }

    /** Each object's values in offset order, by key. */
    private static Map<String, List<String>> contents(ObjectStorage storage) {
        Map<String, List<String>> contents = new TreeMap<>();
        try (Stream<StoredObject> objects = storage.list("")) {
            for (StoredObject object : objects.toList()) {
                List<String> values = new ArrayList<>();
                try (BackupObjectReader reader = BackupObjectReader.open(storage.get(object.key()), object.key())) {
                    reader.forEachRemaining(r -> values.add(new String(r.value())));
                }
                contents.put(object.key(), values);
            }
        }
        return contents;
    }
}
