package io.scephub.hub.state;

import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Writes one apply run to the audit log: the plan it ran and every change's outcome; attribute paths only, never values. */
public final class ApplyAudit {
    private final AuditLog log;

    /** The audit event of one redistribution (renewal with Okta as the CA): when which profile was pushed again and why. */
    public static final String REDISTRIBUTE = "redistribute";

    public ApplyAudit(AuditLog log) {
        this.log = log;
    }

    /** The audit log as an apply listener: the run's start before any change, and every outcome once it ended. */
    public ApplyListener listener(String runId, String configFile) {
        return new ApplyListener() {
            @Override
            public void applyStarted(Plan plan) {
                recordStart(runId, configFile, plan);
            }

            @Override
            public void applyFinished(Plan plan, ApplyResult result) {
                recordEnd(runId, plan, result);
            }
        };
    }

    private void recordStart(String runId, String configFile, Plan plan) {
        log.append(runId, "apply.started", configFile, "fingerprint=" + plan.fingerprint() + " changes=" + plan.effectiveChanges().size());
    }

    private static String redistribution(PlanChange.Redistribute r, ChangeOutcome outcome) {
        return "status=" + outcome.status().name().toLowerCase(Locale.ROOT) + " enrollment=" + r.redistribution().enrollment()
                + " devices=" + r.redistribution().devices()
                + " earliest_expiry=" + r.redistribution().earliestExpiry()
                + " latest_expiry=" + r.redistribution().latestExpiry()
                + " waves=" + r.redistribution().waves()
                + " batch=" + r.redistribution().batch() + "/" + r.redistribution().batches()
                + " planned_at=" + r.redistribution().plannedAt()
                + (r.redistribution().owed().isEmpty() ? "" : " owed=" + String.join("; ", r.redistribution().owed()));
    }

    private void recordEnd(String runId, Plan plan, ApplyResult result) {
        // One key may carry an update and a redistribute: an outcome belongs to the change of its key and action.
        Map<String, PlanChange> byKey = plan.effectiveChanges().stream()
                .collect(Collectors.toMap(c -> c.key() + " " + c.action(), Function.identity(), (a, b) -> a));
        for (ChangeOutcome outcome : result.outcomes()) {
            PlanChange change = byKey.get(outcome.key() + " " + outcome.action());
            StringBuilder detail = new StringBuilder("action=").append(outcome.action().verb());
            if (change instanceof PlanChange.Update u) {
                detail.append(" attributes=").append(u.changes().stream().map(c -> c.path()).collect(Collectors.joining(",")));
            } else if (change instanceof PlanChange.Replace r) {
                detail.append(" attributes=").append(r.changes().stream().map(c -> c.path()).collect(Collectors.joining(",")));
            }
            outcome.result().ifPresent(a -> detail.append(" vendorId=").append(a.vendorId()));
            outcome.message().ifPresent(m -> detail.append(" message=").append(m));
            log.append(runId, "change." + outcome.status().name().toLowerCase(Locale.ROOT), outcome.key().toString(), detail.toString());
            if (change instanceof PlanChange.Redistribute r) {
                log.append(runId, REDISTRIBUTE, r.key().toString(), redistribution(r, outcome));
            }
        }
        log.append(runId, result.succeeded() ? "apply.succeeded" : "apply.incomplete", "run",
                result.counts().entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
                        .collect(Collectors.joining(" ")));
    }
}
