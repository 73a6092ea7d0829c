package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.storage.ForwardingStorage;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Passes everything to a real storage and records which keys were downloaded whole and which by range. */
class CountingStorage extends ForwardingStorage {

    final List<String> gets = Collections.synchronizedList(new ArrayList<>());
    final List<String> rangeGets = Collections.synchronizedList(new ArrayList<>());

    CountingStorage(ObjectStorage delegate) {
        super(delegate);
    }

    @Override
    public InputStream get(String key) {
        gets.add(key);
        return super.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        rangeGets.add(key);
        return super.getRange(key, offset, length);
    }
}
