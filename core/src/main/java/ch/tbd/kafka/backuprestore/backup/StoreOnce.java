package ch.tbd.kafka.backuprestore.backup;

import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter.FinishedObject;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.BlockSpan;
import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.format.ObjectHeader;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.format.RecordDigest;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.StorageErrors;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a finished object under its name without ever replacing a good object of another writer.
 *
 * <p>Two writers can reach one name: a task that lost its partition but has not noticed yet (a zombie) and the task
 * that has it now; a task and its own earlier attempt whose answer was lost; and a topic deleted and created again,
 * whose offsets start over. The object is written with a conditional write that fails when the name is taken. Then the
 * object there is read: if it holds the same log (the same topic id, or the same first record), it is kept and counts
 * as stored up to its own last offset, whatever its end; if it holds other records, nothing is written and the failure
 * says why. A damaged object there is replaced, since the records in hand are good.
 *
 * <p>Safe for concurrent use: it holds no state besides the storage.
 */
final class StoreOnce {

    private static final Logger log = LoggerFactory.getLogger(StoreOnce.class);

    private final ObjectStorage storage;

    StoreOnce(ObjectStorage storage) {
        this.storage = storage;
    }

    /**
     * Stores {@code object} under {@code key} unless an object of the same log is there already.
     *
     * @return the last offset that the object under {@code key} now holds: this object's, or the one found there
     */
    long store(String key, FinishedObject object) {
        ObjectSummary ours = object.summary();
        if (storage.putIfAbsent(key, object.content())) {
            return ours.lastOffset();
        }
        ObjectHeader existing;
        try {
            existing = BackupObjectReader.readHeader(storage, key, bytes -> { });
        } catch (CorruptObjectException e) {
            log.warn("Replacing the damaged object '{}' at {} with offsets {}..{}: {}", key, storage.location(),
                    ours.firstOffset(), ours.lastOffset(), e.getMessage());
            storage.put(key, object.content());
            return ours.lastOffset();
        }
        ObjectSummary theirs = existing.summary();
        if (!sameLog(key, existing, ours, object.firstRecordDigest())) {
            throw StorageErrors.fatal("put", storage.location(), key, "an object of this name already holds other"
                    + " records at offset " + ours.firstOffset() + " of " + ours.topic() + "-" + ours.partition()
                    + (theirs.topicId() == null ? "" : " (topic id " + theirs.topicId() + ")")
                    + ": the topic was deleted and created again since that object was stored. Nothing was"
                    + " overwritten. Set source.cluster.bootstrap.servers, so that each incarnation of a topic is backed"
                    + " up in a place of its own, or back up to another storage.prefix");
        }
        log.info("Object '{}' at {} already holds offsets {}..{} of the same log (an earlier attempt, or a task that"
                + " had the partition before): kept as stored", key, storage.location(), theirs.firstOffset(),
                theirs.lastOffset());
        return theirs.lastOffset();
    }

    private boolean sameLog(String key, ObjectHeader existing, ObjectSummary ours, long firstRecordDigest) {
        ObjectSummary theirs = existing.summary();
        if (theirs.firstOffset() != ours.firstOffset() || theirs.partition() != ours.partition()
                || !theirs.topic().equals(ours.topic())) {
            return false;
        }
        if (theirs.topicId() != null && ours.topicId() != null) {
            return Objects.equals(theirs.topicId(), ours.topicId());
        }
        return RecordDigest.of(firstRecord(key, existing)) == firstRecordDigest;
    }

    /** The first record of a stored object, from a ranged read of its first block. */
    private BackupRecord firstRecord(String key, ObjectHeader header) {
        BlockSpan first = header.span(header.summary().firstOffset(), header.summary().firstOffset() + 1,
                (min, max) -> true);
        try (BackupObjectReader reader = BackupObjectReader.open(
                storage.getRange(key, first.start(), first.length()), header, first, key, storage.keyRing())) {
            return reader.next();
        }
    }
}
