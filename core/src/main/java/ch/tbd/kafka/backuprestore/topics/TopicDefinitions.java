package ch.tbd.kafka.backuprestore.topics;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The captured {@link TopicDefinition}s of a backup location: {@code [PREFIX/]~topics/TOPIC/CAPTURE-TIME.json}, one
 * version per change. They are kept outside the topics' directories, so that the object layout and its listing stay
 * as they were, and so that a lifecycle rule that expires a topic's objects never expires the definition that a
 * topic unchanged for longer than its retention still needs.
 */
public final class TopicDefinitions {

    static final String DIRECTORY = "topics";

    private final ObjectStorage storage;
    private final BackupLayout layout;

    public TopicDefinitions(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** The topics with a captured definition. */
    public List<String> topics() {
        return storage.listDirectories(layout.metadataPrefix(DIRECTORY));
    }

    /** Every version of a topic's definition, oldest first. */
    public List<TopicDefinition> history(String topic) {
        return versions(topic).all();
    }

    public Optional<TopicDefinition> latest(String topic) {
        return versions(topic).newest(definition -> true);
    }

    /**
     * The definition a restore of {@code topic} takes: of the incarnation restored when its topic id is known, the
     * newest captured at or before {@code asOfMs} (a point-in-time restore's end), else that incarnation's oldest;
     * of any incarnation when none was captured with that id.
     *
     * @param topicId the restored incarnation's id, or null when unknown
     * @param asOfMs  the end of the restore's time window, or null for the newest
     */
    public Optional<TopicDefinition> forRestore(String topic, String topicId, Long asOfMs) {
        List<TopicDefinition> all = history(topic);
        List<TopicDefinition> ofIncarnation = topicId == null ? all
                : all.stream().filter(definition -> topicId.equals(definition.topicId())).toList();
        List<TopicDefinition> candidates = ofIncarnation.isEmpty() ? all : ofIncarnation;
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (asOfMs == null) {
            return Optional.of(candidates.get(candidates.size() - 1));
        }
        TopicDefinition chosen = candidates.get(0);
        for (TopicDefinition definition : candidates) {
            if (definition.capturedTime().toEpochMilli() <= asOfMs) {
                chosen = definition;
            }
        }
        return Optional.of(chosen);
    }

    /**
     * Stores the definition unless the newest stored one says the same.
     *
     * @return the key it was stored under, or empty when nothing changed
     */
    public Optional<String> saveIfChanged(TopicDefinition captured) {
        Optional<TopicDefinition> latest = latest(captured.topic());
        TopicDefinition definition = captured.keepingAclsOf(latest.orElse(null));
        if (latest.isPresent() && definition.sameAs(latest.get())) {
            return Optional.empty();
        }
        return Optional.of(versions(captured.topic()).store(definition.capturedTime(), definition.toJson()));
    }

    private CapturedVersions<TopicDefinition> versions(String topic) {
        Objects.requireNonNull(topic, "topic");
        return new CapturedVersions<>(storage, layout.metadataPrefix(DIRECTORY) + topic + "/",
                TopicDefinition::fromJson);
    }
}
