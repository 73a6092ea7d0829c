package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * The first worker's JFR recording (settings=profile), read back for the phases the performance issue's targets are
 * about, the backup and the restore, and their Connect floors: whose code the worker's CPU and allocation went to.
 * An event counts in a phase when it starts within the phase's wall-clock interval.
 */
final class JfrProfile {

    /** The phases profiled: our connectors', each next to the Connect floor of its kind. */
    static final List<String> PHASES = List.of(Results.BACKUP_PHASE, Results.SINK_FLOOR_PHASE,
            Results.RESTORE_RECOMMENDED_PHASE, Results.SOURCE_FLOOR_RECOMMENDED_PHASE);
    /** The phases whose methods are listed one by one. */
    static final List<String> METHOD_PHASES = List.of(Results.BACKUP_PHASE, Results.RESTORE_RECOMMENDED_PHASE);
    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    private static final int TOP_METHODS = 10;
    private static final int TOP_CLASSES = 8;
    private static final String LAMBDA = "$$Lambda";

    /** Whose code a class is, by its package: the first owner with a matching prefix, in this order. */
    enum Owner {
        CONNECT("Kafka Connect runtime", "org.apache.kafka.connect."),
        CLIENTS("Kafka clients", "org.apache.kafka.clients.", "org.apache.kafka.common."),
        FLOOR("The Connect floor's connectors", "ch.tbd.kafka.backuprestore.benchmark.floor."),
        OURS("Our connectors and core", "ch.tbd.kafka.backuprestore."),
        COMPRESSION("Compression (zstd-jni)", "com.github.luben.zstd."),
        AWS("AWS SDK and HTTP client", "software.amazon.", "org.apache.http."),
        AVRO("Avro", "org.apache.avro."),
        JDK("JDK", "java.", "jdk.", "sun."),
        OTHER("Other");

        private final String label;
        private final List<String> prefixes;

        Owner(String label, String... prefixes) {
            this.label = label;
            this.prefixes = List.of(prefixes);
        }

        String label() {
            return label;
        }

        static Owner of(String className) {
            for (Owner owner : values()) {
                if (owner.prefixes.stream().anyMatch(className::startsWith)) {
                    return owner;
                }
            }
            return OTHER;
        }
    }

    /**
     * What the recording holds of one phase, filled while it is read: execution samples by the owner and the method of
     * their top frame, and the sampled allocations' weight (bytes) by the allocating method's owner and the class.
     */
    private record Phase(String name, Instant start, Instant end, Map<Owner, Long> samplesByOwner,
            Map<String, Long> samplesByMethod, Map<Owner, Long> bytesByOwner, Map<String, Long> bytesByClass) {

        static Phase of(BenchmarkRun.PhaseCpu measured) {
            return new Phase(measured.phase(), measured.start(), measured.end(), new EnumMap<>(Owner.class),
                    new HashMap<>(), new EnumMap<>(Owner.class), new HashMap<>());
        }

        boolean holds(Instant time) {
            return !time.isBefore(start) && !time.isAfter(end);
        }

        long samples() {
            return samplesByOwner.values().stream().mapToLong(Long::longValue).sum();
        }

        long bytes() {
            return bytesByOwner.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Phase> phases;
    private final long records;

    private JfrProfile(List<Phase> phases, long records) {
        this.phases = phases;
        this.records = records;
    }

    /**
     * @param measured the run's phases with their intervals; those of {@link #PHASES} are profiled
     * @param records  the records each of them moved, for the allocation a record
     */
    static JfrProfile read(Path recording, List<BenchmarkRun.PhaseCpu> measured, long records) throws IOException {
        if (!Files.isRegularFile(recording)) {
            throw new IllegalStateException("The worker did not write its JFR recording " + recording
                    + " when it stopped; run with --no-profile to go without");
        }
        List<Phase> phases = measured.stream().filter(phase -> PHASES.contains(phase.phase())).map(Phase::of)
                .toList();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals(EXECUTION_SAMPLE) && !type.equals(ALLOCATION_SAMPLE)) {
                    continue;
                }
                RecordedMethod method = topMethod(event);
                Phase phase = phases.stream().filter(p -> p.holds(event.getStartTime())).findFirst().orElse(null);
                if (method == null || phase == null) {
                    continue;
                }
                String className = readable(method.getType().getName());
                Owner owner = Owner.of(className);
                if (type.equals(EXECUTION_SAMPLE)) {
                    phase.samplesByOwner().merge(owner, 1L, Long::sum);
                    phase.samplesByMethod().merge(className + "." + method.getName(), 1L, Long::sum);
                } else {
                    long weight = event.getLong("weight");
                    phase.bytesByOwner().merge(owner, weight, Long::sum);
                    phase.bytesByClass().merge(readable(event.getClass("objectClass").getName()), weight, Long::sum);
                }
            }
        }
        return new JfrProfile(phases, records);
    }

    /** The method of the top frame, or null for an event recorded without a stack trace. */
    private static RecordedMethod topMethod(RecordedEvent event) {
        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
            return null;
        }
        RecordedFrame top = event.getStackTrace().getFrames().get(0);
        return top.getMethod();
    }

    /**
     * A class's name as the source names it: {@code byte[]} for JFR's {@code [B}, and a lambda's class without the
     * numbers the JVM made up for it, which differ from run to run.
     */
    static String readable(String name) {
        int lambda = name.indexOf(LAMBDA);
        if (lambda >= 0) {
            return name.substring(0, lambda + LAMBDA.length());
        }
        int dimensions = 0;
        while (name.startsWith("[", dimensions)) {
            dimensions++;
        }
        if (dimensions == 0) {
            return name;
        }
        String element = switch (name.charAt(dimensions)) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> name.substring(dimensions + 1, name.length() - 1);
        };
        return element + "[]".repeat(dimensions);
    }

    /** The share of each phase's execution samples by the owner of the sampled method, and the samples in all. */
    Table cpuByOwner() {
        Table table = new Table(header("Code (sampled method)"));
        for (Owner owner : Owner.values()) {
            table.row(row(owner.label(), phase -> share(phase.samplesByOwner().getOrDefault(owner, 0L),
                    phase.samples())));
        }
        return table.row(row("Execution samples", phase -> Report.count(phase.samples())));
    }

    /** The methods most often on top of the phase's execution samples, with their share. */
    Table topMethods(String name) {
        Phase phase = phase(name);
        Table table = new Table("Method", "Code", "Share of samples");
        for (Map.Entry<String, Long> method : top(phase.samplesByMethod(), TOP_METHODS)) {
            String className = method.getKey().substring(0, method.getKey().lastIndexOf('.'));
            table.row("`" + method.getKey() + "`", Owner.of(className).label(),
                    share(method.getValue(), phase.samples()));
        }
        return table;
    }

    /** Allocation of each phase in MB a thousand records, by the owner of the allocating method. */
    Table allocationByOwner() {
        Table table = new Table(header("Code (allocating method)"));
        for (Owner owner : Owner.values()) {
            table.row(row(owner.label(), phase -> perThousandRecords(phase.bytesByOwner().getOrDefault(owner, 0L))));
        }
        return table.row(row("All", phase -> perThousandRecords(phase.bytes())));
    }

    /** The classes each phase allocated most of, in MB a thousand records and as a share of its allocation. */
    Table allocationByClass() {
        Table table = new Table("Phase", "Class", "MB per 1,000 records", "Share of the phase's allocation");
        for (Phase phase : phases) {
            for (Map.Entry<String, Long> allocated : top(phase.bytesByClass(), TOP_CLASSES)) {
                table.row(phase.name(), "`" + allocated.getKey() + "`", perThousandRecords(allocated.getValue()),
                        share(allocated.getValue(), phase.bytes()));
            }
        }
        return table;
    }

    private Phase phase(String name) {
        return phases.stream().filter(phase -> phase.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no profile of phase " + name));
    }

    private String[] header(String first) {
        List<String> header = new ArrayList<>();
        header.add(first);
        phases.forEach(phase -> header.add(phase.name()));
        return header.toArray(String[]::new);
    }

    private String[] row(String first, Function<Phase, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(first);
        phases.forEach(phase -> row.add(cell.apply(phase)));
        return row.toArray(String[]::new);
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
    }

    private String perThousandRecords(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1e6 * 1000 / records);
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "n/a" : Report.percent((double) part / whole);
    }
}
