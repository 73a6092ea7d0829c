package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.topics.AclEntry;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Reads what a cluster says of topics besides their records, through the Admin API: partitions, replication factor,
 * topic id, the configs set on each topic, the ACL bindings that apply to them, and the effective configs of topics a
 * restore writes into. Each call fails as the Admin API does; callers run them under {@link AdminCalls}.
 */
public final class TopicDefinitionReader {

    private static final long TIMEOUT_SECONDS = 30;

    /** ACL bindings as read, or why they could not be. */
    public record Acls(List<AclEntry> entries, String unavailable) {}

    /** A live topic's configs: every effective value, and the names of those set on the topic itself. */
    public record LiveConfigs(Map<String, String> effective, Set<String> own) {}

    private final Admin admin;

    public TopicDefinitionReader(Admin admin) {
        this.admin = admin;
    }

    /** The definitions of the topics the cluster has; a topic it does not have is left out. */
    public Map<String, TopicDefinition> read(Collection<String> topics, Instant now)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> descriptions = describe(topics);
        Map<String, LiveConfigs> configs = configs(descriptions.keySet());
        Acls acls = acls(ResourceType.TOPIC);
        Map<String, TopicDefinition> definitions = new TreeMap<>();
        descriptions.forEach((topic, description) -> {
            Uuid id = description.topicId();
            Map<String, String> own = new TreeMap<>();
            LiveConfigs live = configs.get(topic);
            if (live == null) {
                return; // deleted between the two calls
            }
            live.own().forEach(config -> own.put(config, live.effective().get(config)));
            List<AclEntry> applying = acls.entries().stream()
                    .filter(entry -> entry.appliesTo(AclEntry.TOPIC, topic)).toList();
            definitions.put(topic, TopicDefinition.of(topic, id == null || Uuid.ZERO_UUID.equals(id) ? null
                    : id.toString(), now, description.partitions().size(),
                    description.partitions().get(0).replicas().size(), own, applying, acls.unavailable()));
        });
        return definitions;
    }

    /** Every ACL binding on resources of one type; none, with the reason, when the cluster cannot tell. */
    public Acls acls(ResourceType type) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            Collection<AclBinding> bindings = admin.describeAcls(AclBindings.allOf(type)).values()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Acls(bindings.stream().map(AclBindings::entry).toList(), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                return new Acls(List.of(), "the cluster has no authorizer (authorizer.class.name is not set), so no"
                        + " ACLs");
            }
            if (e.getCause() instanceof ClusterAuthorizationException) {
                return new Acls(List.of(), "not allowed to read ACLs: grant the client's principal DESCRIBE on the"
                        + " CLUSTER resource");
            }
            throw e;
        }
    }

    /** The configs of the topics the cluster has; a topic it does not have is left out. */
    public Map<String, LiveConfigs> configs(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<ConfigResource, KafkaFuture<Config>> futures = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).values();
        Map<String, LiveConfigs> configs = new HashMap<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> future : futures.entrySet()) {
            Config config;
            try {
                config = future.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue;
                }
                throw e;
            }
            Map<String, String> effective = new HashMap<>();
            Set<String> own = new HashSet<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.isSensitive() || entry.value() == null) {
                    continue; // never captured: a backup is no place for secrets
                }
                effective.put(entry.name(), entry.value());
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    own.add(entry.name());
                }
            }
            configs.put(future.getKey().name(), new LiveConfigs(effective, own));
        }
        return configs;
    }

    /** The brokers the cluster has now. */
    public int brokers() throws ExecutionException, TimeoutException, InterruptedException {
        return admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
    }

    private Map<String, TopicDescription> describe(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> descriptions = new TreeMap<>();
        List<String> asked = new ArrayList<>(topics);
        var futures = admin.describeTopics(asked).topicNameValues();
        for (var future : futures.entrySet()) {
            try {
                descriptions.put(future.getKey(), future.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return descriptions;
    }
}
