package ch.tbd.kafka.backuprestore.format;

/** Kafka's timestamp types, kept apart from Kafka's own enum so that the format does not depend on Kafka. */
public enum TimestampType {
    NO_TIMESTAMP_TYPE,
    CREATE_TIME,
    LOG_APPEND_TIME
}
