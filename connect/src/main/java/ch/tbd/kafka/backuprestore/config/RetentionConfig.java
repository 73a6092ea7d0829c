package ch.tbd.kafka.backuprestore.config;

import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How long a backup keeps its objects: lifecycle rules that the store applies itself, and a sweep by record time for
 * stores without them. The {@code s3.retention.*} keys apply to every store; the original design named the first one.
 */
public final class RetentionConfig {

    public static final String GROUP = "Retention";

    public static final String POLICY_DAYS = "s3.retention.policy.days";
    private static final String POLICY_DAYS_DOC = "How long the backup keeps each topic's objects. 'derive' (the"
            + " default): the topic's own retention.ms rounded up to whole days, plus s3.retention.policy.margin.days;"
            + " no expiry for topics with retention.ms=-1 or cleanup.policy=compact, and none for __consumer_offsets."
            + " Deriving reads the topics' configuration through source.cluster.*: without it no rule is written. A"
            + " number of days applies to every topic; 0 (or -1) means no expiry. On S3 the connector keeps one"
            + " lifecycle rule per topic (id 'kafka-backup:expire:PREFIX/TOPIC/', expiration only) and one that aborts"
            + " multipart uploads left unfinished for a day; the bucket's other rules are kept as they are. Stores"
            + " without lifecycle rules get a warning: use s3.retention.sweep.interval.ms or 'kafka-backup retention"
            + " apply' there.";
    public static final String POLICY_DAYS_DEFAULT = RetentionSetting.DERIVE_VALUE;

    public static final String MARGIN_DAYS = "s3.retention.policy.margin.days";
    private static final String MARGIN_DAYS_DOC = "Days added to a derived retention, so that the backup outlives the"
            + " data it protects: the time to notice that a cluster is lost or a topic damaged, and to restore. A"
            + " lifecycle rule counts from when an object was written, which is after its records were produced, so"
            + " the backup of a record always outlives the record in Kafka by at least this margin.";
    public static final int MARGIN_DAYS_DEFAULT = 7;

    public static final String SWEEP_INTERVAL_MS = "s3.retention.sweep.interval.ms";
    private static final String SWEEP_INTERVAL_MS_DOC = "How often each task removes the objects of its partitions"
            + " whose records are all older than the retention, by the records' timestamps (as 'kafka-backup retention"
            + " apply' does): never an object holding a record inside the retention, never a partition's newest"
            + " object. For stores without lifecycle rules, or to expire by record time rather than write time. -1"
            + " (the default) never sweeps.";

    private static final ParsingValidator SETTING = ParsingValidator.of(
            "'derive', or a whole number of days (0 or -1 for no expiry)", RetentionSetting::parse);

    private final AbstractConfig config;

    public RetentionConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def.define(POLICY_DAYS, Type.STRING, POLICY_DAYS_DEFAULT, SETTING, Importance.MEDIUM, POLICY_DAYS_DOC,
                        GROUP, ++order, Width.SHORT, "Retention in days")
                .define(MARGIN_DAYS, Type.INT, MARGIN_DAYS_DEFAULT, ConfigDef.Range.atLeast(0), Importance.LOW,
                        MARGIN_DAYS_DOC, GROUP, ++order, Width.SHORT, "Margin of a derived retention")
                .define(SWEEP_INTERVAL_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                        SWEEP_INTERVAL_MS_DOC, GROUP, ++order, Width.SHORT, "Sweep interval");
    }

    public RetentionSetting setting() {
        return RetentionSetting.parse(config.getString(POLICY_DAYS));
    }

    public int marginDays() {
        return config.getInt(MARGIN_DAYS);
    }

    public long sweepIntervalMs() {
        return config.getLong(SWEEP_INTERVAL_MS);
    }
}
