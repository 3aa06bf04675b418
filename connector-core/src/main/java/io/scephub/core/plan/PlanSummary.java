package io.scephub.core.plan;

import java.util.EnumMap;
import java.util.Map;

/** Counts of a plan's changes per action, shared by the human and JSON renderings. */
final class PlanSummary {
    private PlanSummary() {
    }

    static Map<PlanChange.Action, Long> counts(Plan plan) {
        Map<PlanChange.Action, Long> counts = new EnumMap<>(PlanChange.Action.class);
        for (PlanChange.Action action : PlanChange.Action.values()) {
            counts.put(action, 0L);
        }
        plan.changes().forEach(c -> counts.merge(c.action(), 1L, Long::sum));
        return counts;
    }
}
