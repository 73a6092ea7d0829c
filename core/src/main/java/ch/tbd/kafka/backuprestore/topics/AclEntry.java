package ch.tbd.kafka.backuprestore.topics;

import java.util.Objects;

/**
 * One ACL binding as Kafka's {@code describeAcls} gives it, in Kafka's own names, so that core needs no Kafka classes:
 * a resource pattern (type, pattern type, name) and an access-control entry (principal, host, operation, permission).
 *
 * @param resourceType {@code TOPIC}, {@code GROUP}, ...
 * @param patternType  {@code LITERAL} or {@code PREFIXED}
 * @param resourceName the name, the prefix, or {@code *} (a literal wildcard: every resource of the type)
 * @param principal    {@code User:alice}
 * @param host         the client host, {@code *} for any
 * @param operation    {@code READ}, {@code WRITE}, {@code DESCRIBE}, ... or {@code ALL}
 * @param permission   {@code ALLOW} or {@code DENY}
 */
public record AclEntry(String resourceType, String patternType, String resourceName, String principal, String host,
        String operation, String permission) {

    public static final String TOPIC = "TOPIC";
    public static final String GROUP = "GROUP";
    public static final String LITERAL = "LITERAL";
    public static final String PREFIXED = "PREFIXED";
    public static final String WILDCARD = "*";

    public AclEntry {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /** Whether the binding grants or denies something on the resource of this type named {@code name}. */
    public boolean appliesTo(String type, String name) {
        if (!resourceType.equals(type)) {
            return false;
        }
        return switch (patternType) {
            case LITERAL -> resourceName.equals(name) || anyResource();
            case PREFIXED -> name.startsWith(resourceName);
            default -> false;
        };
    }

    /** A literal {@code *}: every resource of its type, now and later. */
    public boolean anyResource() {
        return LITERAL.equals(patternType) && WILDCARD.equals(resourceName);
    }

    /** The same access, on exactly one resource of the same type. */
    public AclEntry onLiteral(String name) {
        return new AclEntry(resourceType, LITERAL, name, principal, host, operation, permission);
    }

    /** "ALLOW User:app READ on TOPIC orders (LITERAL) from *", as Kafka's tools print it, more or less. */
    public String describe() {
        return permission + " " + principal + " " + operation + " on " + resourceType + " " + resourceName + " ("
                + patternType + ") from " + host;
    }
}
