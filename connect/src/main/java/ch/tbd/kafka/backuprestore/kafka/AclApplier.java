package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.topics.AclEntry;
import ch.tbd.kafka.backuprestore.topics.AclRestorePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * Creates the bindings of an {@link AclRestorePlan} on a cluster. Creating a binding that exists changes nothing, so
 * applying a plan twice is safe.
 */
public final class AclApplier {

    private static final long TIMEOUT_SECONDS = 30;

    /** What became of each binding: created, or why not. */
    public record Outcome(List<AclEntry> created, Map<AclEntry, String> failed) {
        public boolean complete() {
            return failed.isEmpty();
        }
    }

    private AclApplier() {}

    public static Outcome apply(Admin admin, AclRestorePlan plan) throws InterruptedException {
        List<AclEntry> created = new ArrayList<>();
        Map<AclEntry, String> failed = new LinkedHashMap<>();
        List<AclBinding> bindings = new ArrayList<>();
        List<AclEntry> entries = new ArrayList<>();
        for (AclRestorePlan.Planned planned : plan.bindings()) {
            try {
                bindings.add(AclBindings.binding(planned.binding()));
                entries.add(planned.binding());
            } catch (IllegalArgumentException e) {
                failed.put(planned.binding(), e.getMessage());
            }
        }
        if (bindings.isEmpty()) {
            return new Outcome(created, failed);
        }
        Map<AclBinding, KafkaFuture<Void>> results = admin.createAcls(bindings).values();
        for (int i = 0; i < bindings.size(); i++) {
            try {
                results.get(bindings.get(i)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(entries.get(i));
            } catch (ExecutionException e) {
                failed.put(entries.get(i), reason(e.getCause()));
            } catch (TimeoutException e) {
                failed.put(entries.get(i), "no answer within " + TIMEOUT_SECONDS + " s");
            }
        }
        return new Outcome(created, failed);
    }

    private static String reason(Throwable cause) {
        if (cause instanceof SecurityDisabledException) {
            return "the target cluster has no authorizer (authorizer.class.name is not set), so it keeps no ACLs";
        }
        if (cause instanceof ClusterAuthorizationException) {
            return "not allowed: the client's principal needs ALTER on the target's CLUSTER resource";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
