package ch.tbd.kafka.backuprestore.format;

/** The parts of a backup object's name: which topic-partition it belongs to and the offset it starts at. */
public record ObjectKey(String topic, int partition, long startOffset) {}
