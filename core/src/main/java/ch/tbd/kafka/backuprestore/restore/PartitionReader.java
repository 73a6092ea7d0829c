package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.BlockSpan;
import ch.tbd.kafka.backuprestore.format.ObjectHeader;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.io.Closeable;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads one topic-partition's backup back as records, each original offset once and in offset order.
 *
 * <p>Objects of a partition normally follow one another, but a backup that crashed and ran again may have left
 * overlapping ones: a rewrite that starts inside an older object, or an old short object next to a longer rewrite. So
 * the reader never trusts a name to say where an object ends. It keeps {@code nextOffset}, the first offset not yet
 * passed, emits only records at or above it, and moves it past every record it passes: an offset seen in one object is
 * never emitted again from another.
 *
 * <p>To avoid downloads, an object is first judged by its header alone (a ranged read of its first bytes) when it may
 * be used up already (it starts below {@code nextOffset}, or the following object starts at or below it: usually a
 * sign that this one ends before, but only a sign) or when a time range could exclude it whole. Objects whose records
 * all lie outside the time range are skipped and {@code nextOffset} moves past them, since their offsets are settled.
 * Once a header is read, its block index narrows the read further: only the consecutive blocks that may hold records
 * from {@code nextOffset} on and in the time range are fetched, with one ranged read. A point-in-time restore so reads
 * a sliver of each object it touches, not the object. Since a time range needs the header of every object up to the
 * end of the offset range, those are read ahead, several at a time ({@link HeaderReadAhead}).
 *
 * <p>One object stream is open at a time, so memory stays bounded whatever the objects' sizes. Damage raises the
 * format's {@link ch.tbd.kafka.backuprestore.format.CorruptObjectException} naming the object; nothing is skipped
 * silently. Not thread-safe.
 */
public final class PartitionReader implements Iterator<BackupRecord>, Closeable {

    private final ObjectStorage storage;
    private final PartitionRestorePlan plan;
    private final List<BackupObjectRef> objects;
    private final long endOffset;

    private long nextOffset;
    private int nextObject;
    private BackupObjectReader current;
    private long currentLastOffset;
    private ObjectPrefetch prefetch;
    private HeaderReadAhead headersAhead;
    private BackupRecord pending;
    private boolean finished;

    private long objectsRead;
    private long objectsSkipped;
    private long headerBytesRead;
    private long dataBytesRead;
    private long recordsEmitted;

    public PartitionReader(ObjectStorage storage, PartitionRestorePlan plan) {
        this.storage = storage;
        this.plan = plan;
        this.objects = plan.objects();
        this.nextOffset = plan.nextOffset();
        this.endOffset = plan.window().offsetsFor(plan.partition()).to();
    }

    /** The first original offset not yet emitted or passed over: where a restore would continue. */
    public long nextOffset() {
        return nextOffset;
    }

    public ReadCounters counters() {
        return new ReadCounters(objectsRead, objectsSkipped, headerBytesRead, dataBytesRead, recordsEmitted);
    }

    @Override
    public boolean hasNext() {
        while (pending == null && !finished) {
            if (nextOffset >= endOffset || (current == null && !openNextObject())) {
                finish();
                break;
            }
            try {
                advanceInCurrent();
            } catch (RuntimeException e) {
                closeAfterFailure(e);
                throw e;
            }
        }
        return pending != null;
    }

    @Override
    public BackupRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records to restore for " + plan.partition());
        }
        BackupRecord record = pending;
        pending = null;
        nextOffset = record.offset() + 1;
        recordsEmitted++;
        return record;
    }

    private void advanceInCurrent() {
        if (!current.hasNext()) {
            // Every record of the object is passed, including those of blocks a span left out: their offsets are
            // settled.
            nextOffset = Math.min(Math.max(nextOffset, currentLastOffset + 1), endOffset);
            closeCurrent();
            return;
        }
        BackupRecord record = current.next();
        if (record.offset() < nextOffset) {
            return;
        }
        if (record.offset() >= endOffset) {
            nextOffset = endOffset;
            return;
        }
        if (plan.window().includes(record)) {
            pending = record;
        } else {
            nextOffset = record.offset() + 1;
        }
    }

    /** Opens the next object that may hold records to emit; false when none is left. */
    private boolean openNextObject() {
        while (nextObject < objects.size()) {
            int index = nextObject++;
            BackupObjectRef ref = objects.get(index);
            if (ref.startOffset() >= endOffset) {
                // Objects are in start-offset order: this and all that follow lie beyond the offset range.
                objectsSkipped += objects.size() - index;
                nextObject = objects.size();
                return false;
            }
            if (inDoubt(index) || plan.window().hasTimeBounds()) {
                ObjectHeader header = readHeader(index);
                ObjectSummary summary = header.summary();
                if (summary.lastOffset() < nextOffset) {
                    objectsSkipped++;
                    continue;
                }
                BlockSpan span = plan.window().mayIncludeTimes(summary.minTimestamp(), summary.maxTimestamp())
                        ? header.span(nextOffset, endOffset, plan.window()::mayIncludeTimes)
                        : BlockSpan.EMPTY;
                if (span.isEmpty()) {
                    objectsSkipped++;
                    nextOffset = Math.min(Math.max(nextOffset, summary.lastOffset() + 1), endOffset);
                    continue;
                }
                dropPrefetch();
                InputStream data = new CountingInputStream(storage.getRange(ref.key(), span.start(), span.length()),
                        n -> dataBytesRead += n);
                current = BackupObjectReader.open(data, header, span, ref.key(), storage.keyRing());
                currentLastOffset = summary.lastOffset();
                objectsRead++;
                return true;
            }
            InputStream data = new CountingInputStream(open(ref), n -> dataBytesRead += n);
            BackupObjectReader reader = BackupObjectReader.open(data, ref.key(), storage.keyRing());
            prefetchAfter(index, reader.summary().lastOffset());
            if (reader.summary().lastOffset() < nextOffset) {
                // Opened without a header check and used up already: stop before its data is transferred.
                reader.close();
                objectsSkipped++;
                continue;
            }
            current = reader;
            currentLastOffset = reader.summary().lastOffset();
            objectsRead++;
            return true;
        }
        return false;
    }

    private InputStream open(BackupObjectRef ref) {
        if (prefetch != null && prefetch.key().equals(ref.key())) {
            ObjectPrefetch ready = prefetch;
            prefetch = null;
            return ready.take();
        }
        dropPrefetch();
        return storage.get(ref.key());
    }

    /**
     * Starts opening the object after {@code index} when it will surely be read: it starts after the current object's
     * last offset (an overlap would call for a header check that may skip it), before the end of the offset range, and
     * no time window may skip it.
     */
    private void prefetchAfter(int index, long currentLastOffset) {
        dropPrefetch();
        int next = index + 1;
        if (next < objects.size() && objects.get(next).startOffset() > currentLastOffset
                && objects.get(next).startOffset() < endOffset && !plan.window().hasTimeBounds()) {
            prefetch = ObjectPrefetch.start(storage, objects.get(next).key());
        }
    }

    private void dropPrefetch() {
        if (prefetch != null) {
            prefetch.close();
            prefetch = null;
        }
    }

    /**
     * Whether the object may be used up already: it starts below the position (a resume, or an overlap with what was
     * read), or the following object starts at or below it (usually meaning this one ends before, but only usually).
     * After a plain run through non-overlapping objects neither holds, and no header read is spent.
     */
    private boolean inDoubt(int index) {
        return objects.get(index).startOffset() < nextOffset
                || (index + 1 < objects.size() && objects.get(index + 1).startOffset() <= nextOffset);
    }

    /**
     * The header of the object at {@code index}. A time window needs the header of every object up to the end of the
     * offset range, in order, so those are read ahead; an object merely in doubt is read alone.
     */
    private ObjectHeader readHeader(int index) {
        BackupObjectRef ref = objects.get(index);
        if (!plan.window().hasTimeBounds()) {
            return BackupObjectReader.readHeader(storage, ref.key(), n -> headerBytesRead += n);
        }
        if (headersAhead == null || !headersAhead.hasNext() || !headersAhead.nextKey().equals(ref.key())) {
            closeHeadersAhead();
            int end = index;
            while (end < objects.size() && objects.get(end).startOffset() < endOffset) {
                end++;
            }
            headersAhead = HeaderReadAhead.of(storage, objects.subList(index, end));
        }
        // A task's stop may close the reader from another thread meanwhile.
        HeaderReadAhead headers = headersAhead;
        long before = headers.bytesRead();
        try {
            return headers.next();
        } finally {
            headerBytesRead += headers.bytesRead() - before;
        }
    }

    private void closeHeadersAhead() {
        if (headersAhead != null) {
            headersAhead.close();
            headersAhead = null;
        }
    }

    private void closeCurrent() {
        if (current != null) {
            BackupObjectReader closing = current;
            current = null;
            closing.close();
        }
    }

    private void closeAfterFailure(RuntimeException failure) {
        try {
            closeCurrent();
        } catch (RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private void finish() {
        finished = true;
        closeCurrent();
        dropPrefetch();
        closeHeadersAhead();
    }

    @Override
    public void close() {
        finished = true;
        pending = null;
        closeCurrent();
        dropPrefetch();
        closeHeadersAhead();
    }
}
