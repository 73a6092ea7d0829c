package ch.tbd.kafka.backuprestore.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into the jar's manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = KafkaBackupCommand.class.getPackage().getImplementationVersion();
        return new String[] {"kafka-backup " + (version == null ? "(development build)" : version)};
    }
}
