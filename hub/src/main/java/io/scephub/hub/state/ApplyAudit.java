package io.scephub.hub.state;

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

    public ApplyAudit(AuditLog log) {
        this.log = log;
    }

    public void started(String runId, String configFile, Plan plan) {
        log.append(runId, "apply.started", configFile, "fingerprint=" + plan.fingerprint() + " changes=" + plan.effectiveChanges().size());
    }

    public void finished(String runId, Plan plan, ApplyResult result) {
        Map<String, PlanChange> byKey = plan.effectiveChanges().stream()
                .collect(Collectors.toMap(c -> c.key().toString(), Function.identity(), (a, b) -> a));
        for (ChangeOutcome outcome : result.outcomes()) {
            PlanChange change = byKey.get(outcome.key().toString());
            StringBuilder detail = new StringBuilder("action=").append(outcome.action().verb());
            if (change instanceof PlanChange.Update u) {
                detail.append(" attributes=").append(u.changes().stream().map(c -> c.path()).collect(Collectors.joining(",")));
            } else if (change instanceof PlanChange.Replace r) {
                detail.append(" attributes=").append(r.changes().stream().map(c -> c.path()).collect(Collectors.joining(",")));
            }
            outcome.result().ifPresent(a -> detail.append(" vendorId=").append(a.vendorId()));
            outcome.message().ifPresent(m -> detail.append(" message=").append(m));
            log.append(runId, "change." + outcome.status().name().toLowerCase(Locale.ROOT), outcome.key().toString(), detail.toString());
        }
        log.append(runId, result.succeeded() ? "apply.succeeded" : "apply.incomplete", "run",
                result.counts().entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
                        .collect(Collectors.joining(" ")));
    }
}
