package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kafka-backup cat}: the records of a partition's backup as JSON lines. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Prints the backed-up records of a partition as JSON lines: topic, partition, offset,"
                + " timestamp, timestampType, key, value and headers.",
                "Keys, values and header values are printed as text when they are printable UTF-8, else as"
                        + " {\"base64\": \"...\"}; a null stays null and an empty value is \"\"."})
public final class CatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Parameters(index = "1", paramLabel = "PARTITION", description = "The partition.")
    int partition;

    @Option(names = "--from-offset", paramLabel = "N", defaultValue = "0",
            description = "Start at this offset (default: the first in the backup).")
    long fromOffset;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most this many records.")
    Long limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenBackup backup = location.open(null)) {
            List<BackupObjectRef> refs = backup.catalog().partitions(topic).get(partition);
            if (refs == null) {
                spec.commandLine().getErr().println("kafka-backup: no backup of " + topic + "-" + partition + " in "
                        + backup.describe() + "; 'kafka-backup describe " + topic + "' shows its partitions");
                return ExitCodes.FATAL_FAILURE;
            }
            long printed = 0;
            long lastPrinted = fromOffset - 1;
            for (BackupObjectRef ref : refs) {
                if (limit != null && printed >= limit) {
                    break;
                }
                // A header read tells whether the object reaches the start, without reading its records.
                if (BackupObjectReader.readSummary(backup.storage(), ref.key(), read -> { }).lastOffset()
                        <= lastPrinted) {
                    continue;
                }
                try (BackupObjectReader reader =
                        BackupObjectReader.open(backup.storage().get(ref.key()), ref.key(),
                    backup.storage().keyRing())) {
                    while ((limit == null || printed < limit) && reader.hasNext()) {
                        BackupRecord record = reader.next();
                        // Offsets already printed are skipped: an overlap after a rewrite holds them twice.
                        if (record.offset() > lastPrinted) {
                            out.println(Json.write(toJson(record)));
                            lastPrinted = record.offset();
                            printed++;
                        }
                    }
                }
            }
        } finally {
            out.flush();
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> toJson(BackupRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", record.topic());
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        json.put("timestamp", record.timestamp());
        json.put("timestampType", record.timestampType().name());
        json.put("key", bytes(record.key()));
        json.put("value", bytes(record.value()));
        List<Object> headers = new ArrayList<>(record.headers().size());
        for (BackupHeader header : record.headers()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("key", header.key());
            h.put("value", bytes(header.value()));
            headers.add(h);
        }
        json.put("headers", headers);
        return json;
    }

    /** Printable UTF-8 as text, anything else as {"base64": ...}, null as null. */
    static Object bytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String text = printableUtf8(bytes);
        return text != null ? text : Map.of("base64", Base64.getEncoder().encodeToString(bytes));
    }

    private static String printableUtf8(byte[] bytes) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return chars.toString();
    }
}
