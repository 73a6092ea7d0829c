package ch.tbd.kafka.backuprestore.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a topic was, besides its records, at one moment: what a restore needs to create it as it was. Kept as JSON in
 * the backup location ({@link TopicDefinitions}); the shape is documented in the README.
 *
 * @param formatVersion     version of this JSON shape
 * @param topic             the topic's name
 * @param topicId           the topic's id on the source cluster, which tells incarnations of a name apart; may be null
 * @param capturedAt        when it was read from the cluster, ISO-8601 in UTC
 * @param partitions        the number of partitions
 * @param replicationFactor the number of replicas of its first partition
 * @param configs           every config set on the topic itself ({@code DYNAMIC_TOPIC_CONFIG}), even one whose value
 *                          equals the broker's default; sensitive values are never captured
 * @param acls              the ACL bindings that apply to the topic: literal, prefixed and wildcard
 * @param aclsUnavailable   why {@code acls} could not be read (no authorizer, not allowed), or null when they were
 */
public record TopicDefinition(int formatVersion, String topic, String topicId, String capturedAt, int partitions,
        int replicationFactor, SortedMap<String, String> configs, List<AclEntry> acls, String aclsUnavailable) {

    static final int CURRENT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public TopicDefinition {
        Objects.requireNonNull(topic, "the topic is missing");
        Objects.requireNonNull(capturedAt, "capturedAt is missing");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + topic + " cannot have " + partitions + " partitions");
        }
        configs = configs == null ? new TreeMap<>() : new TreeMap<>(configs);
        acls = acls == null ? List.of() : List.copyOf(acls);
    }

    /** A definition read now, in the current format. */
    public static TopicDefinition of(String topic, String topicId, Instant capturedAt, int partitions,
            int replicationFactor, Map<String, String> configs, List<AclEntry> acls, String aclsUnavailable) {
        return new TopicDefinition(CURRENT_VERSION, topic, topicId,
                capturedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), partitions,
                replicationFactor, new TreeMap<>(configs), acls, aclsUnavailable);
    }

    public Instant capturedTime() {
        return Instant.parse(capturedAt);
    }

    /** Whether the two say the same of the topic, whenever each was read. */
    public boolean sameAs(TopicDefinition other) {
        return other != null && topic.equals(other.topic) && Objects.equals(topicId, other.topicId)
                && partitions == other.partitions && replicationFactor == other.replicationFactor
                && configs.equals(other.configs) && new HashSet<>(acls).equals(new HashSet<>(other.acls))
                && Objects.equals(aclsUnavailable, other.aclsUnavailable);
    }

    /**
     * This definition, with the ACLs of an earlier one when this capture could not read them: a capture that was
     * denied the ACLs once must not make the backup forget them.
     */
    public TopicDefinition keepingAclsOf(TopicDefinition earlier) {
        if (aclsUnavailable == null || earlier == null || earlier.aclsUnavailable != null
                || !Objects.equals(topicId, earlier.topicId)) {
            return this;
        }
        return new TopicDefinition(formatVersion, topic, topicId, capturedAt, partitions, replicationFactor, configs,
                earlier.acls, null);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the definition of topic " + topic + " as JSON", e);
        }
    }

    public static TopicDefinition fromJson(InputStream in, String name) throws IOException {
        return CapturedVersions.readJson(JSON, in, name, "a topic definition", CURRENT_VERSION,
                TopicDefinition.class);
    }
}
