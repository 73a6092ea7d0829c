package ch.tbd.kafka.backuprestore.compact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An instance's state for one topic-partition as it travels between the two instances of a pair: the key that keeps
 * one record per instance and partition in a compacted topic, and the state as JSON.
 *
 * @param formatVersion version of this JSON shape
 * @param topic         the backed-up topic
 * @param partition     its partition
 * @param state         the instance's state
 */
public record PublishedState(int formatVersion, String topic, int partition, InstanceState state) {

    static final int CURRENT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public PublishedState {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(state, "state");
    }

    public static PublishedState of(String topic, int partition, InstanceState state) {
        return new PublishedState(CURRENT_VERSION, topic, partition, state);
    }

    /** {@code TOPIC/PARTITION/INSTANCE}: neither a topic name nor an instance name holds '/'. */
    public String key() {
        return key(topic, partition, state.instance());
    }

    public static String key(String topic, int partition, String instance) {
        return topic + "/" + partition + "/" + instance;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an instance state as JSON", e);
        }
    }

    /**
     * @param where the record's place, for the message when it is not a state this release reads
     * @throws IllegalArgumentException naming {@code where} for anything else
     */
    public static PublishedState fromJson(byte[] json, String where) {
        PublishedState state;
        try {
            state = JSON.readValue(json, PublishedState.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The record at " + where + " is not a compacted backup's instance state"
                    + " (" + e.getMessage() + "): is another application writing to the coordination topic? Record: "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8));
        }
        if (state.formatVersion() > CURRENT_VERSION) {
            throw new IllegalArgumentException("The record at " + where + " is an instance state of format version "
                    + state.formatVersion() + ", newer than this release reads (" + CURRENT_VERSION + "): upgrade"
                    + " Kafka Backup on every worker that runs the pair");
        }
        return state;
    }
}
