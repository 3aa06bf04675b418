package io.scephub.hub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.NotificationEvent;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.plan.PlanChange;
import io.scephub.hub.notify.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The notices a finished run gives: {@code sync-failed} when it ended failed or partial, {@code drift}
 * when alert-mode enrollments differ from scephub.yaml. They carry resource keys, actions and
 * attribute paths (never values: a value may be sensitive), statuses and the run's error, which is
 * stored secret-free.
 */
final class SyncNotices {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LISTED = 20;

    private SyncNotices() {
    }

    static List<Notice> of(SyncRun run, List<PlanChange> alerted) {
        return of(run, alerted, io.scephub.config.Tenant.DEFAULT);
    }

    /** As {@link #of(SyncRun, List)} for a run of {@code tenant}: its data names the tenant, and so does the title of any but the default. */
    static List<Notice> of(SyncRun run, List<PlanChange> alerted, String tenant) {
        String prefix = tenant.equals(io.scephub.config.Tenant.DEFAULT) ? "" : "[" + tenant + "] ";
        List<Notice> notices = new ArrayList<>();
        for (Notice n : ofDefault(run, alerted)) {
            n.data().put("tenant", tenant);
            notices.add(new Notice(n.id(), n.event(), n.occurredAt(), n.subject(), prefix + n.title(), n.text(), n.data()));
        }
        return notices;
    }

    private static List<Notice> ofDefault(SyncRun run, List<PlanChange> alerted) {
        List<Notice> notices = new ArrayList<>();
        java.time.Instant at = run.finishedAt().orElse(run.queuedAt());
        if (run.status() == SyncStatus.FAILED || run.status() == SyncStatus.PARTIAL) {
            ObjectNode data = runData(run);
            String text = "Sync run " + run.id() + " (" + run.trigger().value() + ") ended " + run.status().value()
                    + run.error().map(e -> ": " + e).orElse("") + ". Run it again after fixing the cause; it converges.";
            notices.add(Notice.of(NotificationEvent.SYNC_FAILED, at, run.id(), "scephub sync " + run.status().value(), text, data));
        }
        if (!alerted.isEmpty()) {
            ObjectNode data = runData(run);
            ArrayNode changes = data.putArray("drift");
            for (PlanChange change : alerted) {
                ObjectNode c = changes.addObject().put("resource", change.key().toString()).put("action", change.action().verb())
                        .put("enrollment", change.key().name());
                ArrayNode paths = c.putArray("attributes");
                attributes(change).forEach(paths::add);
            }
            String listed = alerted.stream().limit(MAX_LISTED).map(c -> c.action().symbol() + " " + c.action().verb() + " " + c.key()
                    + (attributes(c).isEmpty() ? "" : " (" + String.join(", ", attributes(c)) + ")")).collect(Collectors.joining("\n"));
            String more = alerted.size() > MAX_LISTED ? "\n… and " + (alerted.size() - MAX_LISTED) + " more" : "";
            String text = alerted.size() + " resource(s) differ from scephub.yaml; drift mode alert, nothing was changed"
                    + " (run " + run.id() + "):\n" + listed + more;
            notices.add(Notice.of(NotificationEvent.DRIFT, at, run.id(), "scephub drift: " + alerted.size() + " resource(s)", text, data));
        }
        return notices;
    }

    private static List<String> attributes(PlanChange change) {
        if (change instanceof PlanChange.Update u) {
            return u.changes().stream().map(AttributeChange::path).toList();
        }
        if (change instanceof PlanChange.Replace r) {
            return r.changes().stream().map(AttributeChange::path).toList();
        }
        return List.of();
    }

    private static ObjectNode runData(SyncRun run) {
        ObjectNode data = JSON.createObjectNode();
        ObjectNode r = data.putObject("run");
        r.put("id", run.id()).put("status", run.status().value()).put("trigger", run.trigger().value()).put("dryRun", run.dryRun());
        ArrayNode targets = r.putArray("enrollments");
        run.enrollments().forEach(targets::add);
        ObjectNode plan = r.putObject("plan");
        run.plan().forEach(plan::put);
        ObjectNode outcomes = r.putObject("outcomes");
        run.outcomes().forEach(outcomes::put);
        run.error().ifPresent(e -> r.put("error", e));
        r.put("links", "/api/v1/syncs/" + run.id());
        return data;
    }
}
