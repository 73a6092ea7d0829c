package ch.tbd.kafka.backuprestore.topics;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ACL bindings on consumer groups ({@code GROUP} resources) as a backup of group offsets captured them, kept as
 * {@code [PREFIX/]~acls/groups/CAPTURE-TIME.json}, one version per change.
 *
 * @param formatVersion   version of this JSON shape
 * @param capturedAt      when they were read, ISO-8601 in UTC
 * @param acls            the bindings on {@code GROUP} resources: literal, prefixed and wildcard
 * @param aclsUnavailable why they could not be read, or null when they were
 */
public record GroupAcls(int formatVersion, String capturedAt, List<AclEntry> acls, String aclsUnavailable) {

    static final int CURRENT_VERSION = 1;
    static final String DIRECTORY = "acls";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public GroupAcls {
        Objects.requireNonNull(capturedAt, "capturedAt is missing");
        acls = acls == null ? List.of() : List.copyOf(acls);
    }

    public static GroupAcls of(Instant capturedAt, List<AclEntry> acls, String aclsUnavailable) {
        return new GroupAcls(CURRENT_VERSION, capturedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                acls, aclsUnavailable);
    }

    /** The newest capture in a backup location; empty when none was made. */
    public static Optional<GroupAcls> latest(ObjectStorage storage, BackupLayout layout) {
        return versions(storage, layout).newest(captured -> captured.aclsUnavailable() == null);
    }

    /** Stores the capture unless it says what the newest stored one does; one that could not read them is not kept. */
    public static Optional<String> saveIfChanged(ObjectStorage storage, BackupLayout layout, GroupAcls captured) {
        if (captured.aclsUnavailable() != null) {
            return Optional.empty();
        }
        Optional<GroupAcls> latest = latest(storage, layout);
        if (latest.isPresent() && new HashSet<>(latest.get().acls()).equals(new HashSet<>(captured.acls()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(versions(storage, layout).store(Instant.parse(captured.capturedAt()),
                    JSON.writeValueAsBytes(captured)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write group ACLs as JSON", e);
        }
    }

    private static CapturedVersions<GroupAcls> versions(ObjectStorage storage, BackupLayout layout) {
        return new CapturedVersions<>(storage, layout.metadataPrefix(DIRECTORY) + "groups/", GroupAcls::fromJson);
    }

    static GroupAcls fromJson(InputStream in, String name) throws IOException {
        return CapturedVersions.readJson(JSON, in, name, "a capture of group ACLs", CURRENT_VERSION,
                GroupAcls.class);
    }
}
