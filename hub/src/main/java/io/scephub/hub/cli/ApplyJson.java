package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanJson;
import java.util.Locale;
import java.util.Optional;

/** The machine-readable account of an apply: the plan and every change with its status. */
final class ApplyJson {
    private ApplyJson() {
    }

    /** One JSON document: the plan that ran and, when something was applied, every change's outcome. */
    static ObjectNode toJson(Plan plan, Optional<ApplyResult> applied) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.set("plan", new PlanJson().render(plan));
        if (applied.isEmpty()) {
            root.put("succeeded", true);
            root.putArray("outcomes");
            return root;
        }
        ApplyResult result = applied.get();
        root.put("succeeded", result.succeeded());
        ArrayNode outcomes = root.putArray("outcomes");
        for (ChangeOutcome o : result.outcomes()) {
            ObjectNode n = outcomes.addObject();
            n.put("key", o.key().toString());
            n.put("action", o.action().verb());
            n.put("status", o.status().name().toLowerCase(Locale.ROOT));
            o.message().ifPresent(m -> n.put("message", m));
        }
        return root;
    }
}
