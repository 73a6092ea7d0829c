package ch.tbd.kafka.backuprestore.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDefinitionDiffTest {

    private static final AclEntry READ = new AclEntry("TOPIC", "LITERAL", "orders", "User:app", "*", "READ", "ALLOW");

    @Test
    void shouldFindNothingBetweenATopicAndItsRestoreUnderANewName() {
        TopicDefinition backup = TopicDefinition.of("orders", "a", Instant.EPOCH, 3, 1,
                Map.of("cleanup.policy", "compact", "confluent.placement.constraints", "{}"), List.of(READ), null);
        TopicDefinition live = TopicDefinition.of("orders-copy", "b", Instant.EPOCH, 3, 1,
                Map.of("cleanup.policy", "compact"), List.of(READ.onLiteral("orders-copy")), null);

        assertThat(TopicDefinitionDiff.between(backup, live, Map.of("cleanup.policy", "compact"))).isEmpty();
        assertThat(TopicDefinitionDiff.notCompared(backup)).singleElement().asString()
                .startsWith("confluent.placement.constraints={} (a Confluent Server setting");
    }

    @Test
    void shouldNameEachDifference() {
        TopicDefinition backup = TopicDefinition.of("orders", "a", Instant.EPOCH, 6, 3,
                Map.of("retention.ms", "1000"), List.of(READ), null);
        TopicDefinition live = TopicDefinition.of("orders", "a", Instant.EPOCH, 3, 1,
                Map.of("max.message.bytes", "100"),
                List.of(new AclEntry("TOPIC", "LITERAL", "orders", "User:other", "*", "WRITE", "ALLOW")), null);

        assertThat(TopicDefinitionDiff.between(backup, live, Map.of("retention.ms", "604800000",
                "max.message.bytes", "100"))).containsExactly(
                "partitions: 6 in the backup, 3 live",
                "replication factor: 3 in the backup, 1 live",
                "config retention.ms: 1000 in the backup, 604800000 live",
                "config max.message.bytes: not set in the backup, 100 live",
                "ACL missing live: ALLOW User:app READ on TOPIC orders (LITERAL) from *",
                "ACL only live: ALLOW User:other WRITE on TOPIC orders (LITERAL) from *");
    }
}
