package io.scephub.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.model.Secret;
import io.scephub.core.resource.OutputRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link Plan} as JSON for {@code --output json}. Secrets appear as
 * {@code {"sensitive":true}} and references as {@code {"known_after_apply":true, ...}}; values are
 * never abbreviated. No-ops are left out, like in the human plan.
 */
public final class PlanJson {
    /**
     * Bumped when a field changes meaning or disappears; added fields keep the version. 2.0: {@code fingerprint}
     * identifies the whole plan ({@link PlanFingerprint}), no longer only the actual state it was made from.
     */
    public static final String FORMAT_VERSION = "2.0";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    public ObjectNode render(Plan plan) {
        ObjectNode root = nodes.objectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("fingerprint", plan.fingerprint());
        ArrayNode changes = root.putArray("changes");
        for (PlanChange change : plan.effectiveChanges()) {
            ObjectNode node = changes.addObject();
            node.put("action", change.action().verb());
            node.put("key", change.key().toString());
            node.put("connector", change.connector());
            Integer reenrols = plan.reenrols().get(change.key());
            if (reenrols != null) {
                // -1: the change re-enrols every holder of the certificate, but their number could not be read.
                node.put("reenrols_devices", reenrols);
            }
            ArrayNode attributes = node.putArray("changes");
            if (change instanceof PlanChange.Create c) {
                leaves(attributes, c.desired().attributes(), "");
            } else if (change instanceof PlanChange.Update u) {
                u.changes().forEach(ac -> attributes.add(attributeChange(ac)));
            } else if (change instanceof PlanChange.Replace r) {
                r.changes().forEach(ac -> attributes.add(attributeChange(ac)));
                ArrayNode because = node.putArray("replace_because");
                PlanPrinter.replaceReasons(r).forEach(because::add);
            } else if (change instanceof PlanChange.Delete d && d.duplicateOf().isPresent()) {
                node.put("vendor_id", d.actual().vendorId());
                node.put("duplicate_of", d.duplicateOf().get());
            } else if (change instanceof PlanChange.Redistribute r) {
                ObjectNode redistribution = node.putObject("redistribution");
                redistribution.put("enrollment", r.redistribution().enrollment());
                redistribution.put("devices", r.redistribution().devices());
                redistribution.put("earliest_expiry", r.redistribution().earliestExpiry().toString());
                redistribution.put("latest_expiry", r.redistribution().latestExpiry().toString());
                redistribution.put("waves", r.redistribution().waves());
                redistribution.put("batch", r.redistribution().batch());
                redistribution.put("batches", r.redistribution().batches());
                if (!r.redistribution().deviceIds().isEmpty()) {
                    ArrayNode ids = redistribution.putArray("device_ids");
                    r.redistribution().deviceIds().forEach(ids::add);
                }
                if (!r.redistribution().owed().isEmpty()) {
                    ArrayNode owed = redistribution.putArray("owed");
                    r.redistribution().owed().forEach(owed::add);
                }
            }
        }
        ObjectNode summary = root.putObject("summary");
        PlanSummary.counts(plan).forEach((action, count) -> {
            // redistribute appears only when present, so plans without renewal keep their exact shape.
            if (action != PlanChange.Action.NO_OP && (action != PlanChange.Action.REDISTRIBUTE || count > 0)) {
                summary.put(action.name().toLowerCase(Locale.ROOT), count);
            }
        });
        ArrayNode notices = root.putArray("notices");
        plan.notices().forEach(notices::add);
        return root;
    }

    private void leaves(ArrayNode into, Map<String, Object> attributes, String prefix) {
        attributes.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) nested;
                leaves(into, typed, prefix + name + ".");
            } else {
                into.add(attributeChange(new AttributeChange(prefix + name, Optional.empty(), Optional.of(value))));
            }
        });
    }

    private ObjectNode attributeChange(AttributeChange change) {
        ObjectNode node = nodes.objectNode();
        node.put("path", change.path());
        node.set("before", change.before().map(this::value).orElse(nodes.nullNode()));
        node.set("after", change.after().map(this::value).orElse(nodes.nullNode()));
        node.put("sensitive", change.sensitive());
        return node;
    }

    private JsonNode value(Object value) {
        if (value instanceof Secret) {
            return nodes.objectNode().put("sensitive", true);
        }
        if (value instanceof OutputRef ref) {
            return nodes.objectNode().put("known_after_apply", true)
                    .put("source", ref.source().toString()).put("output", ref.output());
        }
        if (value instanceof String s) {
            return nodes.textNode(s);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(v -> array.add(value(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
            return object;
        }
        throw new IllegalArgumentException("unsupported attribute value type: " + value.getClass().getName());
    }
}
