package ch.tbd.kafka.backuprestore.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A set of consumer groups named by a comma-separated list of group names and regular expressions: the groups a
 * backup of offsets leaves out ({@code consumer.group.exclude}), or those whose offsets a restore sets. An entry with
 * none of {@code * + ? [ ] ( ) { } | ^ $ \} is a name, matched exactly (so that the dots of {@code connect-orders.v2}
 * are not wildcards); any other entry is a regular expression that must match the whole group name.
 */
public final class GroupFilter {

    private static final Pattern REGEX_CHARACTERS = Pattern.compile("[*+?\\[\\](){}|^$\\\\]");

    private final Set<String> names;
    private final List<Pattern> patterns;
    private final String description;

    private GroupFilter(Set<String> names, List<Pattern> patterns, String description) {
        this.names = names;
        this.patterns = patterns;
        this.description = description;
    }

    /**
     * @param groups the comma-separated names and regular expressions
     * @throws IllegalArgumentException naming the entry when a regular expression does not compile
     */
    public static GroupFilter of(String groups) {
        Set<String> names = new TreeSet<>();
        List<Pattern> patterns = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String entry : (groups == null ? "" : groups).split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            entries.add(trimmed);
            if (!REGEX_CHARACTERS.matcher(trimmed).find()) {
                names.add(trimmed);
                continue;
            }
            try {
                patterns.add(Pattern.compile(trimmed));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new GroupFilter(names, patterns, String.join(",", entries));
    }

    /** The entry that names exactly this group: the name itself, quoted when it holds a regular-expression character. */
    public static String entryFor(String group) {
        return REGEX_CHARACTERS.matcher(group).find() ? Pattern.quote(group) : group;
    }

    /** The groups the list names, as opposed to those its patterns match. */
    public Set<String> names() {
        return Set.copyOf(names);
    }

    /** The same list with these group names added. */
    public GroupFilter with(String... groups) {
        Set<String> more = new TreeSet<>(names);
        more.addAll(List.of(groups));
        return new GroupFilter(more, patterns, description + (description.isEmpty() ? "" : ",")
                + String.join(",", groups));
    }

    /** Whether the list names the group, or a pattern of it matches it. */
    public boolean matches(String group) {
        if (group == null) {
            return false;
        }
        if (names.contains(group)) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(group).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the groups this list asks for may start with {@code prefix}: a group it names does, or one of its
     * patterns matches the prefix itself ({@code .*}, {@code bill.*}). For ACL bindings on a prefix of group names.
     */
    public boolean mayMatchPrefix(String prefix) {
        return names.stream().anyMatch(name -> name.startsWith(prefix))
                || patterns.stream().anyMatch(pattern -> pattern.matcher(prefix).matches());
    }

    @Override
    public String toString() {
        return description;
    }
}
