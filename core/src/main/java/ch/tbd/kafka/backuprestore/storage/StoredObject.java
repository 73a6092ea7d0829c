package ch.tbd.kafka.backuprestore.storage;

/** An object found by {@link ObjectStorage#list}: its key and size in bytes. */
public record StoredObject(String key, long size) {}
