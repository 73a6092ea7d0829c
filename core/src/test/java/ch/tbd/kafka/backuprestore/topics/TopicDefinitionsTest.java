package ch.tbd.kafka.backuprestore.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.storage.ObjectContent;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic definitions and group ACLs kept in a real local directory. */
class TopicDefinitionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AclEntry READ = new AclEntry("TOPIC", "LITERAL", "orders", "User:app", "*", "READ", "ALLOW");

    @TempDir
    Path directory;

    private LocalDirectoryStorage storage;
    private final BackupLayout layout = new BackupLayout("nightly");
    private TopicDefinitions definitions;

    @BeforeEach
    void open() {
        storage = new LocalDirectoryStorage(directory);
        definitions = new TopicDefinitions(storage, layout);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static TopicDefinition orders(Instant at, String retention, String topicId) {
        return TopicDefinition.of("orders", topicId, at, 6, 3, Map.of("retention.ms", retention,
                "cleanup.policy", "delete"), List.of(READ), null);
    }

    @Test
    void shouldKeepOneVersionPerChangeOutsideTheTopicsDirectory() {
        assertThat(definitions.saveIfChanged(orders(T0, "1000", "id1"))).hasValue(
                "nightly/~topics/orders/20260101T000000.000Z.json");
        assertThat(definitions.saveIfChanged(orders(T0.plusSeconds(60), "1000", "id1"))).isEmpty();
        assertThat(definitions.saveIfChanged(orders(T0.plusSeconds(120), "2000", "id1"))).isPresent();

        assertThat(definitions.history("orders")).extracting(d -> d.configs().get("retention.ms"))
                .containsExactly("1000", "2000");
        assertThat(definitions.topics()).containsExactly("orders");
        assertThat(new BackupCatalog(storage, layout).topics()).as("the catalog passes over them").isEmpty();
    }

    @Test
    void shouldRoundTripTheDocumentedShape() throws Exception {
        definitions.saveIfChanged(orders(T0, "1000", "id1"));
        String json = new String(storage.get("nightly/~topics/orders/20260101T000000.000Z.json").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"formatVersion\" : 1", "\"topic\" : \"orders\"", "\"topicId\" : \"id1\"",
                "\"capturedAt\" : \"2026-01-01T00:00:00Z\"", "\"partitions\" : 6", "\"replicationFactor\" : 3",
                "\"retention.ms\" : \"1000\"", "\"principal\" : \"User:app\"").doesNotContain("wildcard");
        assertThat(definitions.latest("orders")).hasValueSatisfying(d -> assertThat(d.sameAs(orders(T0, "1000",
                "id1"))).isTrue());
    }

    @Test
    void shouldChooseTheDefinitionOfTheRestoredIncarnationAndTime() {
        definitions.saveIfChanged(orders(T0, "1000", "id1"));
        definitions.saveIfChanged(orders(T0.plusSeconds(100), "2000", "id1"));
        definitions.saveIfChanged(orders(T0.plusSeconds(200), "3000", "id2"));

        assertThat(definitions.forRestore("orders", null, null)).get().extracting(d -> d.configs()
                .get("retention.ms")).isEqualTo("3000");
        assertThat(definitions.forRestore("orders", "id1", null)).get().extracting(d -> d.configs()
                .get("retention.ms")).isEqualTo("2000");
        assertThat(definitions.forRestore("orders", "id1", T0.plusSeconds(50).toEpochMilli())).get()
                .extracting(d -> d.configs().get("retention.ms")).isEqualTo("1000");
        assertThat(definitions.forRestore("orders", "id1", T0.minusSeconds(50).toEpochMilli())).get()
                .as("before the first capture: the oldest").extracting(d -> d.configs().get("retention.ms"))
                .isEqualTo("1000");
        assertThat(definitions.forRestore("orders", "unknown-id", null)).get()
                .extracting(d -> d.configs().get("retention.ms")).isEqualTo("3000");
        assertThat(definitions.forRestore("payments", null, null)).isEmpty();
    }

    @Test
    void shouldNotForgetAclsWhenACaptureCouldNotReadThem() {
        definitions.saveIfChanged(orders(T0, "1000", "id1"));
        TopicDefinition denied = TopicDefinition.of("orders", "id1", T0.plusSeconds(60), 6, 3,
                Map.of("retention.ms", "1000", "cleanup.policy", "delete"), List.of(), "not allowed");

        assertThat(definitions.saveIfChanged(denied)).isEmpty();
        assertThat(definitions.latest("orders")).get().extracting(TopicDefinition::acls).asList()
                .containsExactly(READ);
    }

    @Test
    void shouldNameADefinitionItCannotRead() {
        storage.put("nightly/~topics/orders/20260101T000000.000Z.json",
                ObjectContent.of("{\"formatVersion\": 9, \"topic\": \"orders\"}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> definitions.latest("orders")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nightly/~topics/orders/20260101T000000.000Z.json")
                .hasMessageContaining("format version 9");
        storage.put("nightly/~topics/orders/20260101T000000.000Z.json",
                ObjectContent.of("not json".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> definitions.latest("orders")).hasMessageContaining("is not a topic definition");
    }

    @Test
    void shouldKeepGroupAclsOnlyWhenTheyChange() {
        AclEntry group = new AclEntry("GROUP", "PREFIXED", "billing-", "User:app", "*", "READ", "ALLOW");
        assertThat(GroupAcls.saveIfChanged(storage, layout, GroupAcls.of(T0, List.of(group), null))).isPresent();
        assertThat(GroupAcls.saveIfChanged(storage, layout, GroupAcls.of(T0.plusSeconds(1), List.of(group), null)))
                .isEmpty();
        assertThat(GroupAcls.saveIfChanged(storage, layout, GroupAcls.of(T0.plusSeconds(2), List.of(), "denied")))
                .isEmpty();
        assertThat(GroupAcls.latest(storage, layout)).get().extracting(GroupAcls::acls).asList()
                .containsExactly(group);
    }
}
