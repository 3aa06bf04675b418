package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import java.util.Locale;

/** The machine-readable account of an apply: every change with its status. */
final class ApplyJson {
    private ApplyJson() {
    }

    static ObjectNode toJson(ApplyResult result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
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
