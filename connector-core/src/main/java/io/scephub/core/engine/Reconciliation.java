package io.scephub.core.engine;

import io.scephub.core.apply.ApplyResult;
import io.scephub.core.plan.Plan;

/** A plan and what applying it did. */
public record Reconciliation(Plan plan, ApplyResult result) {
}
