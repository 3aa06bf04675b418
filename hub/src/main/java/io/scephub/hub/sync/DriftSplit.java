package io.scephub.hub.sync;

import io.scephub.config.Alerting;
import io.scephub.config.DriftMode;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A plan split by drift mode: the part a sync may apply (changes of {@code remediate} enrollments and
 * what they depend on, never a resource of a report or alert enrollment) and the changes it only
 * reports. A change belongs to the enrollment its key is named after; a delete of an enrollment no
 * longer in the file follows the global mode.
 *
 * @param toApply empty when nothing may be applied
 * @param reported changes left for a person to look at (report and alert modes)
 * @param alerted the part of {@code reported} whose enrollments are in alert mode
 */
record DriftSplit(Optional<Plan> toApply, List<PlanChange> reported, List<PlanChange> alerted) {
    static final DriftSplit NONE = new DriftSplit(Optional.empty(), List.of(), List.of());

    DriftSplit {
        reported = List.copyOf(reported);
        alerted = List.copyOf(alerted);
    }

    static DriftSplit of(Plan plan, Alerting alerting) {
        List<PlanChange> effective = plan.effectiveChanges();
        List<PlanChange> reported = effective.stream().filter(c -> !mode(c, alerting).applies()).toList();
        List<PlanChange> alerted = reported.stream().filter(c -> mode(c, alerting) == DriftMode.ALERT).toList();
        if (reported.isEmpty()) {
            return new DriftSplit(Optional.of(plan), reported, alerted);
        }
        Set<String> applying = new LinkedHashSet<>();
        effective.stream().filter(c -> mode(c, alerting).applies()).forEach(c -> applying.add(c.key().name()));
        if (applying.isEmpty()) {
            return new DriftSplit(Optional.empty(), reported, alerted);
        }
        Plan targeted = TargetFilter.filter(plan, applying);
        // A dependency named after a report-mode enrollment stays unwritten: report means nothing of it is touched.
        List<PlanChange> kept = targeted.changes().stream().filter(c -> mode(c, alerting).applies()).toList();
        java.util.Map<io.scephub.core.resource.ResourceKey, Integer> reenrols = new java.util.HashMap<>(targeted.reenrols());
        reenrols.keySet().retainAll(kept.stream().map(PlanChange::key).toList());
        return new DriftSplit(Optional.of(new Plan(kept, plan.notices(), plan.fingerprint(), reenrols)), reported, alerted);
    }

    /** True when every enrollment in {@code enrollments} is in report or alert mode. */
    static boolean onlyReports(List<String> enrollments, Alerting alerting) {
        return !enrollments.isEmpty() && enrollments.stream().noneMatch(e -> alerting.modeOf(e).applies());
    }

    private static DriftMode mode(PlanChange change, Alerting alerting) {
        return alerting.modeOf(change.key().name());
    }
}
