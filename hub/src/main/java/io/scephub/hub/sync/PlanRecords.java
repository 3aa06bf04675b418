package io.scephub.hub.sync;

import io.scephub.core.plan.AttributeChange;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.PlanPrinter;
import io.scephub.hub.state.EnrollmentPlans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Splits a sync's plan into each enrollment's part, for {@link EnrollmentPlans} (what the console shows). */
final class PlanRecords {
    private PlanRecords() {
    }

    /**
     * One record per enrollment: its own resources and, as {@link TargetFilter} counts them, those they
     * depend on (the shared Okta configuration), with each change's outcome from {@code outcomes} by resource.
     */
    static List<EnrollmentPlans.EnrollmentPlan> of(Plan plan, List<String> enrollments, String runId, Instant at, boolean dryRun,
                                                   Map<String, String> outcomes) {
        List<EnrollmentPlans.EnrollmentPlan> records = new ArrayList<>();
        for (String enrollment : enrollments) {
            List<EnrollmentPlans.Change> changes = TargetFilter.filter(plan, List.of(enrollment)).changes().stream()
                    .map(change -> change(change, dryRun, outcomes)).toList();
            records.add(new EnrollmentPlans.EnrollmentPlan(enrollment, runId, at, dryRun, changes));
        }
        return records;
    }

    private static EnrollmentPlans.Change change(PlanChange change, boolean dryRun, Map<String, String> outcomes) {
        String resource = change.key().toString();
        String status = change.action() == PlanChange.Action.NO_OP ? EnrollmentPlans.UNCHANGED
                : dryRun ? SyncRunChange.PLANNED : outcomes.getOrDefault(resource, SyncRunChange.PLANNED);
        Optional<String> vendorId = Optional.empty();
        List<EnrollmentPlans.Field> fields = List.of();
        if (change instanceof PlanChange.Create c) {
            fields = c.desired().attributes().entrySet().stream()
                    .map(e -> new EnrollmentPlans.Field(e.getKey(), "(none)", PlanPrinter.render(e.getValue()))).toList();
        } else if (change instanceof PlanChange.Update u) {
            vendorId = Optional.of(u.actual().vendorId());
            fields = u.changes().stream().map(PlanRecords::field).toList();
        } else if (change instanceof PlanChange.Replace r) {
            vendorId = Optional.of(r.actual().vendorId());
            fields = r.changes().stream().map(PlanRecords::field).toList();
        } else if (change instanceof PlanChange.Delete d) {
            vendorId = Optional.of(d.actual().vendorId());
        } else if (change instanceof PlanChange.NoOp n) {
            vendorId = Optional.of(n.actual().vendorId());
        } else if (change instanceof PlanChange.Redistribute r) {
            vendorId = Optional.of(r.profile().vendorId());
            fields = List.of(new EnrollmentPlans.Field("redistribution", "(none)", r.redistribution().devices() + " devices expiring "
                    + r.redistribution().earliestExpiry() + " to " + r.redistribution().latestExpiry() + ", batch "
                    + r.redistribution().batch() + " of " + r.redistribution().batches()));
        }
        return new EnrollmentPlans.Change(resource, change.action().verb(), status, vendorId, fields);
    }

    private static EnrollmentPlans.Field field(AttributeChange change) {
        if (change.sensitive()) {
            return new EnrollmentPlans.Field(change.path(), "(sensitive value)", "(sensitive value changed)");
        }
        return new EnrollmentPlans.Field(change.path(), change.before().map(PlanPrinter::render).orElse("(none)"),
                change.after().map(PlanPrinter::render).orElse("(none)"));
    }
}
