package io.scephub.hub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of a sync run, as {@code GET /api/v1/syncs/{id}} and {@code scephub sync --output json} print it. */
public final class SyncRunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRunJson() {
    }

    public static String path(String id) {
        return "/api/v1/syncs/" + id;
    }

    /** The run's path under one tenant's routes. */
    public static String path(String tenant, String id) {
        return "/api/v1/tenants/" + tenant + "/syncs/" + id;
    }

    /** As {@link #of(SyncRun)}, its links under {@code tenant}'s routes. */
    public static ObjectNode of(SyncRun run, String tenant) {
        ObjectNode node = of(run);
        node.put("tenant", tenant);
        node.putObject("links").put("self", path(tenant, run.id()));
        return node;
    }

    public static ObjectNode of(SyncRun run) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", run.id());
        node.put("status", run.status().value());
        node.put("trigger", run.trigger().value());
        node.put("requestedBy", run.requestedBy());
        run.idempotencyKey().ifPresent(k -> node.put("idempotencyKey", k));
        node.put("dryRun", run.dryRun());
        ArrayNode enrollments = node.putArray("enrollments");
        run.enrollments().forEach(enrollments::add);
        ObjectNode plan = node.putObject("plan");
        run.plan().forEach(plan::put);
        ObjectNode outcomes = node.putObject("outcomes");
        run.outcomes().forEach(outcomes::put);
        node.put("queuedAt", run.queuedAt().toString());
        run.startedAt().ifPresent(t -> node.put("startedAt", t.toString()));
        run.finishedAt().ifPresent(t -> node.put("finishedAt", t.toString()));
        run.error().ifPresent(e -> node.put("error", e));
        ArrayNode changes = node.putArray("changes");
        for (SyncRunChange change : run.changes()) {
            ObjectNode c = changes.addObject().put("resource", change.resource()).put("action", change.action())
                    .put("status", change.status());
            change.vendorId().ifPresent(v -> c.put("vendorId", v));
            change.message().ifPresent(m -> c.put("message", m));
        }
        node.putObject("links").put("self", path(run.id()));
        return node;
    }
}
