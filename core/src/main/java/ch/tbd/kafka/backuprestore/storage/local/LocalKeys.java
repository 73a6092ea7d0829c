package ch.tbd.kafka.backuprestore.storage.local;

import java.nio.file.Path;

/** Maps object keys to paths below a root, refusing any key that could reach outside of it. */
final class LocalKeys {

    static final String TEMPORARY_SUFFIX = ".tmp";

    private LocalKeys() {}

    /** The file of {@code key}; rejects empty, absolute and {@code ..} keys and names reserved for temporary files. */
    static Path toPath(Path root, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("An object key must not be empty");
        }
        for (String segment : key.split("/", -1)) {
            checkSegment(key, segment);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Object key '" + key + "' points outside of " + root);
        }
        return path;
    }

    /** The directory that holds every key starting with {@code prefix}: the prefix up to its last '/'. */
    static Path directoryOf(Path root, String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : toPath(root, prefix.substring(0, slash));
    }

    /** Temporary files start with a dot and end with {@value #TEMPORARY_SUFFIX}; {@code list} never shows them. */
    static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMPORARY_SUFFIX);
    }

    /**
     * Orders keys by Unicode code point, which is the UTF-8 byte order S3 lists in; {@link String#compareTo} compares
     * UTF-16 units and would put characters above U+FFFF before those from U+E000.
     */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int codePointA = a.codePointAt(i);
            int codePointB = b.codePointAt(j);
            if (codePointA != codePointB) {
                return Integer.compare(codePointA, codePointB);
            }
            i += Character.charCount(codePointA);
            j += Character.charCount(codePointB);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static void checkSegment(String key, String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("Object key '" + key
                    + "' must be a relative path without empty, '.' or '..' segments");
        }
        // A backslash is a separator on Windows and NUL ends a name in C: both would change the path.
        if (segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Object key '" + key + "' must not contain '\\' or NUL");
        }
        if (isTemporary(segment)) {
            throw new IllegalArgumentException("Object key '" + key + "' uses a name reserved for temporary files "
                    + "(starting with '.' and ending with '" + TEMPORARY_SUFFIX + "')");
        }
    }
}
