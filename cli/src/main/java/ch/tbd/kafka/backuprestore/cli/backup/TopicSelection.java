package ch.tbd.kafka.backuprestore.cli.backup;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.admin.TopicDescription;

/** The topics and partitions a backup covers, as the cluster has them now. */
final class TopicSelection {

    private static final long TIMEOUT_SECONDS = 60;

    private TopicSelection() {}

    /**
     * The partitions of the named topics, or of every topic whose whole name matches {@code regex} (internal topics
     * excepted, as with Connect's {@code topics.regex}).
     *
     * @throws IllegalStateException naming a topic that does not exist, or the pattern when nothing matches
     */
    static List<TopicPartitionId> partitions(Map<String, String> clientProps, Collection<String> topics, String regex) {
        try (Admin admin = Admin.create(new HashMap<String, Object>(clientProps))) {
            // Internal topics too: __consumer_offsets may be named, though no pattern selects it.
            Collection<TopicListing> listings = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .listings().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> existing = new TreeSet<>();
            listings.forEach(listing -> existing.add(listing.name()));
            Set<String> selected = new TreeSet<>();
            if (regex != null) {
                Pattern pattern = Pattern.compile(regex);
                listings.stream().filter(listing -> !listing.isInternal())
                        .map(TopicListing::name)
                        .filter(name -> pattern.matcher(name).matches()).forEach(selected::add);
                if (selected.isEmpty()) {
                    throw new IllegalStateException("No topic of cluster " + clientProps.get("bootstrap.servers")
                            + " matches --topics-regex " + regex);
                }
            }
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    throw new IllegalStateException("Topic " + topic + " does not exist in cluster "
                            + clientProps.get("bootstrap.servers") + ": check the name ('kafka-topics.sh --list')");
                }
                selected.add(topic);
            }
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(selected).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<TopicPartitionId> partitions = new ArrayList<>();
            descriptions.values().forEach(description -> description.partitions().forEach(partition ->
                    partitions.add(new TopicPartitionId(description.name(), partition.partition()))));
            return partitions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list the topics of cluster " + clientProps.get("bootstrap.servers")
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot reach cluster " + clientProps.get("bootstrap.servers") + " within "
                    + TIMEOUT_SECONDS + " s: check --bootstrap-server and --command-config", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        }
    }
}
