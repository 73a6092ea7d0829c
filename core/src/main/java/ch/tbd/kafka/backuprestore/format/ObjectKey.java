package ch.tbd.kafka.backuprestore.format;

/**
 * The parts of a backup object's name: which topic-partition it belongs to, the offset it starts at, and which
 * incarnation of the topic it is in ({@link Incarnation}).
 *
 * @param incarnation 1 for the original layout; the number of the incarnation's own directory otherwise
 * @param topicId     the topic id in the directory name of an incarnation of its own; {@code null} in the original
 *                    layout, whose topic id only the objects' headers tell
 */
public record ObjectKey(String topic, int partition, long startOffset, int incarnation, String topicId) {

    /** A key of the original layout. */
    public ObjectKey(String topic, int partition, long startOffset) {
        this(topic, partition, startOffset, 1, null);
    }
}
