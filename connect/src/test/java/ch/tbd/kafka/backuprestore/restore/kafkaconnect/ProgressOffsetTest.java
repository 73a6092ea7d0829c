package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restored record's source offset, made lazily, is the same map for Connect as one made up front. */
class ProgressOffsetTest {

    @Test
    void shouldBeTheProgressAsAMapAndSurviveConnectsSerialization() throws Exception {
        RestoreProgress progress = new RestoreProgress(41, 42, 100, 5000, 9000, false, 1, "10-19");

        Map<String, Object> offset = progress.sourceOffset();

        assertThat(offset).isEqualTo(progress.toMap()).hasSize(8).containsEntry("offset", 41L);
        assertThat(offset.get("offset")).isEqualTo(41L);
        assertThatThrownBy(() -> offset.put("offset", 0L)).isInstanceOf(UnsupportedOperationException.class);
        // As schemaless JSON, the way Connect's offset store writes and reads it.
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = json.readValue(json.writeValueAsBytes(offset), Map.class);
        assertThat(RestoreProgress.fromSourceOffset(stored)).isEqualTo(progress);
    }

    @Test
    void shouldShareAPartitionMapThatSerializesAndHashesAsTheOneConnectLooksOffsetsUpWith() throws Exception {
        ch.tbd.kafka.backuprestore.backup.TopicPartitionId tp =
                new ch.tbd.kafka.backuprestore.backup.TopicPartitionId("orders", 7);

        Map<String, Object> shared = RestoreProgress.sharedSourcePartition(tp);
        Map<String, Object> lookedUp = RestoreProgress.sourcePartition(tp);

        assertThat(shared).isEqualTo(lookedUp).hasSameHashCodeAs(lookedUp);
        // Connect finds a stored offset by the serialized bytes of the partition map.
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(shared)).isEqualTo(json.writeValueAsString(lookedUp));
        assertThatThrownBy(() -> shared.put("partition", 8)).isInstanceOf(UnsupportedOperationException.class);
    }
}
