package io.scephub.core.apply;

import io.scephub.core.plan.PlanChange;

/**
 * Progress callbacks of an apply, e.g. for the CLI's live output or metrics. Called from several
 * threads at once, so implementations must be thread-safe; exceptions they throw are logged and
 * otherwise ignored.
 */
public interface ApplyListener {

    /** A change is about to call its connector. */
    void started(PlanChange change);

    /** A change ended in any status, including skipped and not attempted. */
    void finished(ChangeOutcome outcome);

    /** A listener that ignores everything. */
    static ApplyListener none() {
        return new ApplyListener() {
            @Override
            public void started(PlanChange change) {
            }

            @Override
            public void finished(ChangeOutcome outcome) {
            }
        };
    }
}
