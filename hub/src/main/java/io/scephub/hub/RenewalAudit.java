package io.scephub.hub;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes each redistribution an apply attempted to the audit log in the config's state store, so
 * there is a durable account of when which profile was pushed again and why. Only secret-free text
 * is recorded: keys, counts, dates and statuses.
 */
public final class RenewalAudit {
    /** The audit event of one redistribution. */
    public static final String EVENT = "redistribute";

    private RenewalAudit() {
    }

    /** Appends one record per redistribution in the plan (none, and no database opened, when there are none). */
    public static List<AuditLog.Entry> record(ScephubConfig config, HubEnvironment env, Plan plan, ApplyResult result) {
        List<PlanChange.Redistribute> redistributions = plan.effectiveChanges().stream()
                .filter(PlanChange.Redistribute.class::isInstance).map(PlanChange.Redistribute.class::cast).toList();
        if (redistributions.isEmpty()) {
            return List.of();
        }
        Map<String, ChangeOutcome> outcomes = new HashMap<>();
        result.outcomes().stream().filter(o -> o.action() == PlanChange.Action.REDISTRIBUTE)
                .forEach(o -> outcomes.put(o.key().toString(), o));
        HubSettings.State state = config.hub().state();
        EnvFileSecrets secrets = new EnvFileSecrets(env.env(), config.source().toAbsolutePath().getParent());
        String runId = UUID.randomUUID().toString();
        List<AuditLog.Entry> written = new ArrayList<>();
        try (StateStore store = StateStore.open(state.jdbcUrl(), state.username(), state.password().map(secrets::resolve),
                state.dataDir())) {
            AuditLog audit = new AuditLog(store.dataSource(), env.clock());
            for (PlanChange.Redistribute r : redistributions) {
                ChangeOutcome outcome = outcomes.get(r.key().toString());
                String status = outcome == null ? "not_attempted" : outcome.status().name().toLowerCase(Locale.ROOT);
                String detail = "status=" + status + " enrollment=" + r.redistribution().enrollment()
                        + " devices=" + r.redistribution().devices()
                        + " earliest_expiry=" + r.redistribution().earliestExpiry()
                        + " latest_expiry=" + r.redistribution().latestExpiry()
                        + " waves=" + r.redistribution().waves()
                        + " batch=" + r.redistribution().batch() + "/" + r.redistribution().batches()
                        + " planned_at=" + r.redistribution().plannedAt();
                written.add(audit.append(runId, EVENT, r.key().toString(), detail));
            }
        }
        return written;
    }
}
