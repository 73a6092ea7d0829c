package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackupLayoutProperties {

    @Property
    void shouldSortObjectNamesByStartOffset(@ForAll("prefixes") String prefix, @ForAll("topics") String topic,
            @ForAll @IntRange(min = 0) int partition, @ForAll @LongRange(min = 0) long a,
            @ForAll @LongRange(min = 0) long b) {
        BackupLayout layout = new BackupLayout(prefix);

        String keyA = layout.objectKey(topic, partition, a);
        String keyB = layout.objectKey(topic, partition, b);

        int byName = Integer.signum(keyA.compareTo(keyB));

        assertThat(byName).isEqualTo(Long.signum(Long.compare(a, b)));
    }

    @Property
    void shouldParseEveryKeyItNames(@ForAll("prefixes") String prefix, @ForAll("topics") String topic,
            @ForAll @IntRange(min = 0) int partition, @ForAll @LongRange(min = 0) long startOffset) {
        BackupLayout layout = new BackupLayout(prefix);
        String key = layout.objectKey(topic, partition, startOffset);

        assertThat(layout.parse(key)).contains(new ObjectKey(topic, partition, startOffset));
        assertThat(key).startsWith(layout.partitionPrefix(topic, partition)).endsWith(BackupLayout.EXTENSION);
    }

    @Property
    void shouldNotParseKeysOfAnotherPrefix(@ForAll("topics") String topic, @ForAll @IntRange(min = 0) int partition,
            @ForAll @LongRange(min = 0) long startOffset) {
        String key = new BackupLayout("one").objectKey(topic, partition, startOffset);

        assertThat(new BackupLayout("two").parse(key)).isEmpty();
        assertThat(new BackupLayout("").parse(key)).isEmpty();
    }

    @Provide
    Arbitrary<String> topics() {
        return BackupObjectRoundTripProperties.topicNames();
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "/", "a", "a/", "/a/b/", "backups/prod"),
                Arbitraries.strings().withChars("abz09-_./").ofMaxLength(30));
    }
}
