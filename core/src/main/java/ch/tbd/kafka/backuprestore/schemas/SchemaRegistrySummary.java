package ch.tbd.kafka.backuprestore.schemas;

import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * What a Confluent Schema Registry would hold after reading a backup of its topic: its subjects with their versions and
 * schema ids, and how many compatibility and mode settings it has.
 *
 * @param subjects    every subject holding a version, live or soft-deleted, sorted by name
 * @param schemaIds   distinct schema ids among those versions, soft-deleted ones included: the registry still serves a
 *                    soft-deleted schema by its id, so records written with it stay readable
 * @param highestId   the highest of those ids; empty when there are none
 * @param configs     compatibility settings ({@code CONFIG} keys), the registry-wide one included
 * @param modes       mode settings ({@code MODE} keys), the registry-wide one included
 * @param records     records read
 * @param unreadable  records the registry could not read either (not JSON, or not of a shape it knows); they change
 *                    nothing
 */
public record SchemaRegistrySummary(List<Subject> subjects, int schemaIds, OptionalInt highestId, int configs,
        int modes, long records, long unreadable) {

    /**
     * @param name        the subject
     * @param versions    its live versions, each with its schema id
     * @param softDeleted its soft-deleted versions, each with its schema id: hidden from {@code GET /subjects} but
     *                    still served by id, until a hard delete removes them
     */
    public record Subject(String name, SortedMap<Integer, Integer> versions, SortedMap<Integer, Integer> softDeleted) {

        /** Whether {@code GET /subjects} lists it: it has a version that is not soft-deleted. */
        public boolean live() {
            return !versions.isEmpty();
        }
    }

    /** Subjects that {@code GET /subjects} lists. */
    public long liveSubjects() {
        return subjects.stream().filter(Subject::live).count();
    }

    /** Live versions over all subjects. */
    public long versions() {
        return subjects.stream().mapToLong(subject -> subject.versions().size()).sum();
    }

    /** Soft-deleted versions over all subjects. */
    public long softDeletedVersions() {
        return subjects.stream().mapToLong(subject -> subject.softDeleted().size()).sum();
    }
}
