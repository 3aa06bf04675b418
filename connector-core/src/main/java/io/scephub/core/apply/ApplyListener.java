package io.scephub.core.apply;

import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;

/**
 * Callbacks of an apply, e.g. for the CLI's live output, metrics or the audit log. The per-change
 * callbacks are called from several threads at once, so implementations must be thread-safe;
 * exceptions they throw are logged and otherwise ignored. The run callbacks are called on the
 * applying thread, and what they throw reaches the caller: a run that cannot be recorded does not start.
 */
public interface ApplyListener {

    /** The apply of {@code plan} begins; nothing has run yet. */
    default void applyStarted(Plan plan) {
    }

    /** The apply of {@code plan} ended with {@code result}. */
    default void applyFinished(Plan plan, ApplyResult result) {
    }

    /** A change is about to call its connector. */
    default void started(PlanChange change) {
    }

    /** A change ended in any status, including skipped and not attempted. */
    default void finished(ChangeOutcome outcome) {
    }

    /** Both listeners, {@code first} first at each callback. */
    static ApplyListener both(ApplyListener first, ApplyListener second) {
        return new ApplyListener() {
            @Override
            public void applyStarted(Plan plan) {
                first.applyStarted(plan);
                second.applyStarted(plan);
            }

            @Override
            public void started(PlanChange change) {
                first.started(change);
                second.started(change);
            }

            @Override
            public void finished(ChangeOutcome outcome) {
                first.finished(outcome);
                second.finished(outcome);
            }

            @Override
            public void applyFinished(Plan plan, ApplyResult result) {
                first.applyFinished(plan, result);
                second.applyFinished(plan, result);
            }
        };
    }

    /** A listener that ignores everything. */
    static ApplyListener none() {
        return new ApplyListener() {
        };
    }
}
