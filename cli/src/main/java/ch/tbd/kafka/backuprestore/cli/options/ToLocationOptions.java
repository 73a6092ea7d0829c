package ch.tbd.kafka.backuprestore.cli.options;

import picocli.CommandLine.Option;

/** Where to write a backup: {@code --to} and the shared location options. */
public final class ToLocationOptions extends LocationOptions {

    @Option(names = "--to", paramLabel = "LOCATION",
            description = "Where to back up: s3://BUCKET[/PREFIX], file:///PATH or a directory path.")
    String to;

    @Override
    protected String location() {
        return to;
    }

    @Override
    protected String locationOption() {
        return "--to";
    }
}
