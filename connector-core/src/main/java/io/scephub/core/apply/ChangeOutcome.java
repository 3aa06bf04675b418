package io.scephub.core.apply;

import io.scephub.core.plan.PlanChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one plan change.
 *
 * @param message why it failed or was skipped, or a note on how it succeeded (never a secret value)
 * @param result the object as read back after a create, update, adoption or replace
 */
public record ChangeOutcome(ResourceKey key, PlanChange.Action action, Status status, Optional<String> message,
                            Optional<ActualResource> result) {

    public ChangeOutcome {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(result, "result");
    }

    /** How a change ended. */
    public enum Status {
        /** The connector did what the plan said. */
        APPLIED,
        /** A create found an object already carrying the marker (an earlier, interrupted run) and took it over. */
        ADOPTED,
        /** The connector call failed, or an input (an output reference) could not be resolved. */
        FAILED,
        /** Not tried because something it depends on failed. */
        SKIPPED,
        /** Not tried because the run was interrupted first. */
        NOT_ATTEMPTED;

        public boolean succeeded() {
            return this == APPLIED || this == ADOPTED;
        }
    }

    public boolean succeeded() {
        return status.succeeded();
    }
}
