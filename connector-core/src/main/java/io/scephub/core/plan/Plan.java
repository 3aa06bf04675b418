package io.scephub.core.plan;

import java.util.List;

/**
 * The ordered changes that take the actual state to the desired state. Creates, updates and
 * replaces come in dependency order, deletes in reverse dependency order. {@code fingerprint}
 * ({@link PlanFingerprint}) identifies the changes and the state they were made from, so a saved
 * plan is applied only if planning again gives exactly the same plan.
 */
public record Plan(List<PlanChange> changes, List<String> notices, String fingerprint) {
    public Plan {
        changes = List.copyOf(changes);
        notices = List.copyOf(notices);
    }

    /** The changes that do something (everything but no-ops). */
    public List<PlanChange> effectiveChanges() {
        return changes.stream().filter(c -> c.action() != PlanChange.Action.NO_OP).toList();
    }

    public boolean isEmpty() {
        return effectiveChanges().isEmpty();
    }
}
