package io.scephub.core.apply;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The exact account of an apply: one outcome per effective plan change, in plan order. */
public record ApplyResult(List<ChangeOutcome> outcomes) {
    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }

    /** True when every change was applied or adopted. */
    public boolean succeeded() {
        return outcomes.stream().allMatch(ChangeOutcome::succeeded);
    }

    public long count(ChangeOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Counts of every status, including zeros. */
    public Map<ChangeOutcome.Status, Long> counts() {
        Map<ChangeOutcome.Status, Long> counts = new EnumMap<>(ChangeOutcome.Status.class);
        for (ChangeOutcome.Status status : ChangeOutcome.Status.values()) {
            counts.put(status, count(status));
        }
        return counts;
    }
}
