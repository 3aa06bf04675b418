package io.scephub.core.plan;

import io.scephub.core.resource.ResourceKey;
import java.util.List;
import java.util.Map;

/**
 * The ordered changes that take the actual state to the desired state. Creates, updates and
 * replaces come in dependency order, deletes in reverse dependency order. {@code fingerprint}
 * ({@link PlanFingerprint}) identifies the changes and the state they were made from, so a saved
 * plan is applied only if planning again gives exactly the same plan.
 */
public record Plan(List<PlanChange> changes, List<String> notices, String fingerprint, Map<ResourceKey, Integer> reenrols) {
    /** In {@link #reenrols}: the change re-enrols every device holding the profile's certificate, but their number could not be read. */
    public static final int UNKNOWN_DEVICES = -1;

    /**
     * @param reenrols for the changes that make devices enrol again for a new certificate, how many devices
     *                 ({@link #UNKNOWN_DEVICES} when the fleet could not be read); absent for changes that re-issue nothing.
     *                 Not part of the fingerprint: device counts move between plan and apply.
     */
    public Plan {
        changes = List.copyOf(changes);
        notices = List.copyOf(notices);
        reenrols = Map.copyOf(reenrols);
    }

    public Plan(List<PlanChange> changes, List<String> notices, String fingerprint) {
        this(changes, notices, fingerprint, Map.of());
    }

    /** The same plan with other notices. */
    public Plan withNotices(List<String> other) {
        return new Plan(changes, other, fingerprint, reenrols);
    }

    /** The changes that do something (everything but no-ops). */
    public List<PlanChange> effectiveChanges() {
        return changes.stream().filter(c -> c.action() != PlanChange.Action.NO_OP).toList();
    }

    public boolean isEmpty() {
        return effectiveChanges().isEmpty();
    }
}
