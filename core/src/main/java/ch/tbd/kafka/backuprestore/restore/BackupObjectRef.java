package ch.tbd.kafka.backuprestore.restore;

/**
 * A stored backup object as known from a listing, before anything of it is read.
 *
 * @param key         the object's key in the storage
 * @param startOffset the first offset, taken from the key's name
 * @param size        the object's size in bytes
 */
public record BackupObjectRef(String key, String topic, int partition, long startOffset, long size) {}
