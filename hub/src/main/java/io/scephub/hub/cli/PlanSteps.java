package io.scephub.hub.cli;

import io.scephub.core.plan.Plan;
import io.scephub.hub.HubSession;

/** Planning with its progress lines, as plan and apply both do it. */
final class PlanSteps {
    private PlanSteps() {
    }

    static Plan plan(HubSession session, Progress progress) {
        progress.start("Reading " + String.join(", ", session.connectors().keySet().stream().sorted().toList()));
        Plan plan = session.plan();
        progress.done("Planned " + plan.effectiveChanges().size() + " change(s) over " + plan.changes().size() + " object(s)");
        return plan;
    }
}
