package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which records a restore writes back: a time range and offset ranges, each optional.
 *
 * <p>A record is in the window when it is in every range that is set. Records without a timestamp are outside any time
 * range, since nothing says when they were written. Per-partition offset ranges take the place of the global one for
 * their partition.
 *
 * @param fromTimestamp    first timestamp restored (inclusive), epoch ms, or {@code null} for no lower bound
 * @param toTimestamp      first timestamp not restored (exclusive), epoch ms, or {@code null} for no upper bound
 * @param offsets          offsets restored in every partition without its own range
 * @param partitionOffsets offsets restored per partition, overriding {@code offsets}
 */
public record RestoreWindow(Long fromTimestamp, Long toTimestamp, OffsetRange offsets,
        Map<TopicPartitionId, OffsetRange> partitionOffsets) {

    private static final RestoreWindow ALL = new RestoreWindow(null, null, OffsetRange.ALL, Map.of());

    public RestoreWindow {
        if (fromTimestamp != null && toTimestamp != null && toTimestamp <= fromTimestamp) {
            throw new IllegalArgumentException("the restore time window is empty: it ends (" + toTimestamp
                    + ") at or before it starts (" + fromTimestamp + ")");
        }
        offsets = offsets == null ? OffsetRange.ALL : offsets;
        partitionOffsets = Map.copyOf(partitionOffsets == null ? Map.of() : partitionOffsets);
    }

    public static RestoreWindow all() {
        return ALL;
    }

    public RestoreWindow withTimes(Long from, Long to) {
        return new RestoreWindow(from, to, offsets, partitionOffsets);
    }

    public RestoreWindow withOffsets(OffsetRange range) {
        return new RestoreWindow(fromTimestamp, toTimestamp, range, partitionOffsets);
    }

    public RestoreWindow withOffsets(TopicPartitionId partition, OffsetRange range) {
        Map<TopicPartitionId, OffsetRange> ranges = new HashMap<>(partitionOffsets);
        ranges.put(partition, range);
        return new RestoreWindow(fromTimestamp, toTimestamp, offsets, ranges);
    }

    public OffsetRange offsetsFor(TopicPartitionId partition) {
        return partitionOffsets.getOrDefault(partition, offsets);
    }

    public boolean hasTimeBounds() {
        return fromTimestamp != null || toTimestamp != null;
    }

    public boolean includes(BackupRecord record) {
        if (!offsetsFor(new TopicPartitionId(record.topic(), record.partition())).contains(record.offset())) {
            return false;
        }
        if (!hasTimeBounds()) {
            return true;
        }
        Long timestamp = record.timestamp();
        return timestamp != null
                && (fromTimestamp == null || timestamp >= fromTimestamp)
                && (toTimestamp == null || timestamp < toTimestamp);
    }

    /**
     * Whether records with timestamps from {@code min} to {@code max} (both inclusive) may fall in the time range;
     * unknown bounds ({@code null}) may.
     */
    public boolean mayIncludeTimes(Long min, Long max) {
        if (min == null || max == null) {
            return true;
        }
        return (toTimestamp == null || min < toTimestamp) && (fromTimestamp == null || max >= fromTimestamp);
    }

    /** Whether every timestamp from {@code min} to {@code max} (both inclusive) falls in the time range. */
    public boolean includesAllTimes(long min, long max) {
        return (fromTimestamp == null || min >= fromTimestamp) && (toTimestamp == null || max < toTimestamp);
    }

    /**
     * Parses a point in time as an ISO-8601 instant ({@code 2026-11-25T10:15:30Z}), an ISO-8601 date-time with offset
     * ({@code 2026-11-25T11:15:30+01:00}) or milliseconds since the epoch ({@code 1795601730000}).
     */
    public static long parseTime(String text) {
        String value = text == null ? "" : text.strip();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalidTime(text, e);
            }
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw invalidTime(text, e);
            }
        }
    }

    private static IllegalArgumentException invalidTime(String text, Exception cause) {
        return new IllegalArgumentException("'" + text + "' is not a point in time: use an ISO-8601 instant such as"
                + " 2026-11-25T10:15:30Z, an ISO-8601 date-time with offset such as 2026-11-25T11:15:30+01:00, or"
                + " milliseconds since the epoch such as 1795601730000", cause);
    }
}
