package io.scephub.core.plan;

import io.scephub.core.error.ScephubException;

/** The desired and actual resources cannot be planned: unknown dependency, cycle, duplicate key. */
public class PlanningError extends ScephubException {
    public PlanningError(String message) {
        super("PLAN_INVALID", message, null);
    }
}
