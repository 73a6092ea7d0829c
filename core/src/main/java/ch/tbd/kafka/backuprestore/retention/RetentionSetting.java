package ch.tbd.kafka.backuprestore.retention;

import java.util.Locale;

/**
 * How long a backup keeps a topic's objects, as configured: derived from the topic's own retention, or a number of
 * days, or never expiring.
 *
 * <p>{@code 0} and {@code -1} (Kafka's own word for "forever", as in {@code retention.ms=-1}) mean no expiry. Other
 * negative numbers are refused rather than read as "no expiry": a mistyped {@code -7} for {@code 7} would otherwise
 * keep a bucket growing without anyone noticing, and a mistyped {@code 7} for {@code 70} cannot be caught anyway.
 */
public sealed interface RetentionSetting {

    String DERIVE_VALUE = "derive";

    /** The topic's {@code retention.ms} in whole days, plus a margin; none for compacted or infinite topics. */
    record Derive() implements RetentionSetting {
        @Override
        public String toString() {
            return DERIVE_VALUE;
        }
    }

    /** A fixed number of days for every topic; zero for no expiry. */
    record Days(int days) implements RetentionSetting {
        public Days {
            if (days < 0) {
                throw new IllegalArgumentException("days must not be negative, got " + days);
            }
        }

        public boolean expires() {
            return days > 0;
        }

        @Override
        public String toString() {
            return Integer.toString(days);
        }
    }

    RetentionSetting DERIVE = new Derive();

    /**
     * Reads {@code "derive"} or a whole number of days.
     *
     * @throws IllegalArgumentException naming what is wrong with the value and what is accepted
     */
    static RetentionSetting parse(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.toLowerCase(Locale.ROOT).equals(DERIVE_VALUE)) {
            return DERIVE;
        }
        int days;
        try {
            days = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is neither '" + DERIVE_VALUE + "' nor a whole number"
                    + " of days: use '" + DERIVE_VALUE + "' to follow each topic's retention.ms, a number of days such"
                    + " as 14, or 0 for no expiry");
        }
        if (days == -1) {
            return new Days(0);
        }
        if (days < 0) {
            throw new IllegalArgumentException(days + " days is negative: use a positive number of days, or 0 (or -1,"
                    + " as in Kafka's retention.ms=-1) for no expiry");
        }
        return new Days(days);
    }
}
