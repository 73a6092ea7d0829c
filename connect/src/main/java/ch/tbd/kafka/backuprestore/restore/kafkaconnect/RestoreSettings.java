package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.restore.OffsetRange;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Turns the point-in-time settings into a {@link RestoreWindow}. */
final class RestoreSettings {

    private RestoreSettings() {}

    /** A point in time, or {@code null} for an empty setting. */
    static Long parseTime(String text) {
        return text == null || text.isBlank() ? null : RestoreWindow.parseTime(text);
    }

    /**
     * Offsets by partition: a plain number applies to every partition (key {@code null}); {@code TOPIC-PARTITION:OFFSET}
     * entries apply to one partition each.
     */
    static Map<TopicPartitionId, Long> parseOffsets(String text) {
        Map<TopicPartitionId, Long> offsets = new HashMap<>();
        if (text == null || text.isBlank()) {
            return offsets;
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                putOnce(offsets, null, offset(trimmed, trimmed), trimmed);
                continue;
            }
            String partitionText = trimmed.substring(0, colon);
            int dash = partitionText.lastIndexOf('-');
            if (dash <= 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not TOPIC-PARTITION:OFFSET");
            }
            int partition;
            try {
                partition = Integer.parseInt(partitionText.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + trimmed + "' is not TOPIC-PARTITION:OFFSET", e);
            }
            putOnce(offsets, new TopicPartitionId(partitionText.substring(0, dash), partition),
                    offset(trimmed.substring(colon + 1), trimmed), trimmed);
        }
        return offsets;
    }

    private static void putOnce(Map<TopicPartitionId, Long> offsets, TopicPartitionId tp, long offset, String entry) {
        if (offsets.containsKey(tp)) {
            throw new IllegalArgumentException("'" + entry + "' sets an offset that is already set");
        }
        offsets.put(tp, offset);
    }

    private static long offset(String text, String entry) {
        try {
            long offset = Long.parseLong(text.trim());
            if (offset < 0) {
                throw new IllegalArgumentException("offset in '" + entry + "' is negative");
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "' does not end in an offset", e);
        }
    }

    static RestoreWindow window(RestoreSourceConfig config) {
        Long from = parseTime(config.getString(RestoreSourceConfig.TIME_FROM));
        Long to = parseTime(config.getString(RestoreSourceConfig.TIME_TO));
        if (from != null && to != null && to <= from) {
            throw new IllegalArgumentException(RestoreSourceConfig.TIME_TO + " (" + Instant.ofEpochMilli(to)
                    + ") is not after " + RestoreSourceConfig.TIME_FROM + " (" + Instant.ofEpochMilli(from)
                    + "): the window holds no record");
        }
        return offsetWindow(parseOffsets(config.getString(RestoreSourceConfig.OFFSET_FROM)),
                parseOffsets(config.getString(RestoreSourceConfig.OFFSET_TO))).withTimes(from, to);
    }

    /**
     * The offset ranges of {@code restore.offset.from} and {@code restore.offset.to}, per partition where given.
     *
     * @throws IllegalArgumentException naming the partition when a range ends before it starts
     */
    static RestoreWindow offsetWindow(Map<TopicPartitionId, Long> from, Map<TopicPartitionId, Long> to) {
        RestoreWindow window = RestoreWindow.all().withOffsets(range(from.get(null), to.get(null), "every partition"));
        Set<TopicPartitionId> partitions = new HashSet<>(from.keySet());
        partitions.addAll(to.keySet());
        partitions.remove(null);
        for (TopicPartitionId tp : partitions) {
            window = window.withOffsets(tp, range(from.getOrDefault(tp, from.get(null)),
                    to.getOrDefault(tp, to.get(null)), tp.topic() + "-" + tp.partition()));
        }
        return window;
    }

    private static OffsetRange range(Long from, Long to, String partitions) {
        long start = from == null ? 0 : from;
        long end = to == null ? Long.MAX_VALUE : to;
        if (end < start) {
            throw new IllegalArgumentException("for " + partitions + " the window ends at offset " + end
                    + " before it starts at " + start);
        }
        return new OffsetRange(start, end);
    }
}
