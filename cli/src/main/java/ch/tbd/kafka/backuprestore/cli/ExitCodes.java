package ch.tbd.kafka.backuprestore.cli;

/** What {@code kafka-backup} exit codes mean; scripts depend on them. */
public final class ExitCodes {

    /** Done, and everything checked was sound. */
    public static final int OK = 0;
    /** Done, but a check found a problem (for example a damaged object); the output names it. */
    public static final int PROBLEMS_FOUND = 1;
    /** Wrong usage: an unknown option, a missing argument. */
    public static final int USAGE = 2;
    /** A failure that may pass when tried again: a network error, throttling. */
    public static final int RETRIABLE_FAILURE = 3;
    /** A failure that needs the user: missing bucket, access denied, bad configuration. */
    public static final int FATAL_FAILURE = 4;

    private ExitCodes() {}
}
