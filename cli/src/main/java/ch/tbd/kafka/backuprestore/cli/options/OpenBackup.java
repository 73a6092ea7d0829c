package ch.tbd.kafka.backuprestore.cli.options;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;

/** A backup location opened for reading: its storage, its layout and a catalog over both. */
public record OpenBackup(ObjectStorage storage, BackupLayout layout) implements AutoCloseable {

    public BackupCatalog catalog() {
        return new BackupCatalog(storage, layout);
    }

    /** Where the backup is, for messages: the storage location and prefix, never credentials. */
    public String describe() {
        return storage.location() + (layout.prefix().isEmpty() ? "" : " (prefix " + layout.prefix() + ")");
    }

    @Override
    public void close() {
        storage.close();
    }
}
