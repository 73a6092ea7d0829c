package ch.tbd.kafka.backuprestore.format;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One life of a topic name. A topic deleted and created again under the same name is a new topic to Kafka, with a new
 * topic id, and its offsets start over: backed up in the same place, its objects would take the old ones' names.
 *
 * <p>So the first incarnation backed up at a location writes the original layout, {@code TOPIC/PARTITION/...}, and
 * each later one a directory of its own, {@code TOPIC/incarnation-N-TOPICID/PARTITION/...}, numbered in the order the
 * backup met them. A backup that cannot ask the cluster for topic ids writes the original layout as before.
 *
 * @param topicId Kafka's topic id, or {@code null} when the backup did not know it
 * @param number  1 for the original layout, 2 and up for directories of their own
 */
public record Incarnation(String topicId, int number) {

    /** The original layout, for a backup that does not know the topic's id. */
    public static final Incarnation UNKNOWN = new Incarnation(null, 1);

    static final String DIRECTORY_PREFIX = "incarnation-";
    private static final Pattern DIRECTORY = Pattern.compile("incarnation-([0-9]{1,9})-([A-Za-z0-9_-]{1,64})");

    public Incarnation {
        if (number < 1) {
            throw new IllegalArgumentException("incarnation numbers start at 1, got " + number);
        }
        if (number > 1 && (topicId == null || !DIRECTORY.matcher(DIRECTORY_PREFIX + number + "-" + topicId)
                .matches())) {
            throw new IllegalArgumentException("incarnation " + number + " needs a topic id of base64url characters,"
                    + " got " + topicId);
        }
    }

    /** The topic's own directory, in the original layout. */
    public static Incarnation original(String topicId) {
        return new Incarnation(topicId, 1);
    }

    public boolean hasOwnDirectory() {
        return number > 1;
    }

    /** The directory under the topic's, {@code incarnation-N-TOPICID}; only for {@link #hasOwnDirectory()}. */
    public String directory() {
        if (!hasOwnDirectory()) {
            throw new IllegalStateException("the original incarnation has no directory of its own");
        }
        return DIRECTORY_PREFIX + number + "-" + topicId;
    }

    /** The incarnation a directory name under a topic's stands for; empty for a partition directory or anything else. */
    public static Optional<Incarnation> ofDirectory(String name) {
        Matcher matcher = DIRECTORY.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(matcher.group(1));
        return number < 2 ? Optional.empty() : Optional.of(new Incarnation(matcher.group(2), number));
    }

    /** "incarnation 2 (topic id abc)", for messages. */
    public String describe() {
        return "incarnation " + number + (topicId == null ? "" : " (topic id " + topicId + ")");
    }
}
