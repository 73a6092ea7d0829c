package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.topics.AclEntry;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/** Converts between Kafka's ACL bindings and the {@link AclEntry}s kept in a backup. */
public final class AclBindings {

    private AclBindings() {}

    public static AclEntry entry(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AccessControlEntry access = binding.entry();
        return new AclEntry(pattern.resourceType().name(), pattern.patternType().name(), pattern.name(),
                access.principal(), access.host(), access.operation().name(), access.permissionType().name());
    }

    /** @throws IllegalArgumentException for a name Kafka does not know, naming it */
    public static AclBinding binding(AclEntry entry) {
        return new AclBinding(
                new ResourcePattern(known(ResourceType.class, entry.resourceType(), entry),
                        entry.resourceName(), known(PatternType.class, entry.patternType(), entry)),
                new AccessControlEntry(entry.principal(), entry.host(),
                        known(AclOperation.class, entry.operation(), entry),
                        known(AclPermissionType.class, entry.permission(), entry)));
    }

    /** Every binding on resources of one type, whatever their pattern. */
    public static AclBindingFilter allOf(ResourceType type) {
        return new AclBindingFilter(new ResourcePatternFilter(type, null, PatternType.ANY),
                AccessControlEntryFilter.ANY);
    }

    private static <E extends Enum<E>> E known(Class<E> type, String name, AclEntry entry) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a " + type.getSimpleName() + " this Kafka"
                    + " client knows, in ACL " + entry.describe(), e);
        }
    }
}
