package ch.tbd.kafka.backuprestore.compact;

/** What one instance of a compacted-topic backup pair does for one partition. */
public enum Role {
    /** Holds no snapshot and writes nothing; waits for its turn to build one. */
    PASSIVE,
    /** Builds a fresh snapshot from the (compacted) beginning of the partition; not yet complete. */
    BUILDING,
    /**
     * Its snapshot is complete and it goes on backing up. The current snapshot is the complete one that wins
     * {@link InstanceState#precedes}: the newest generation.
     */
    COMPLETE,
    /** A newer snapshot is complete: stops writing and deletes its own objects, then turns passive. */
    RETIRING
}
