package io.scephub.hub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.text.DisplayName;
import java.util.List;

/** A delivery as {@code status notifications --output json} and {@code GET /api/v1/notifications} show it. */
public final class DeliveryJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A target URL or a title is scephub's own text around names: escaped, cut only when absurd. */
    private static final int TEXT_LIMIT = 400;

    private DeliveryJson() {
    }

    public static ObjectNode of(Delivery d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", d.id()).put("target", d.target()).put("event", d.event()).put("subject", d.subject()).put("title", d.title())
                .put("createdAt", d.createdAt().toString()).put("status", d.status().value()).put("attempts", d.attempts());
        d.lastHttpStatus().ifPresentOrElse(s -> node.put("lastHttpStatus", s), () -> node.putNull("lastHttpStatus"));
        d.lastError().ifPresentOrElse(e -> node.put("lastError", e), () -> node.putNull("lastError"));
        d.finishedAt().ifPresentOrElse(f -> node.put("finishedAt", f.toString()), () -> node.putNull("finishedAt"));
        node.put("rounds", d.rounds());
        d.nextAttemptAt().filter(at -> d.status() == Delivery.Status.FAILED)
                .ifPresentOrElse(at -> node.put("resendAt", at.toString()), () -> node.putNull("resendAt"));
        return node;
    }

    /** {@code {"notifications": [...]}}. */
    public static ObjectNode list(List<Delivery> deliveries) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("notifications");
        deliveries.forEach(d -> items.add(of(d)));
        return root;
    }

    /**
     * One line per delivery for the terminal: target, subject, error and title (which may hold names
     * scephub did not choose) are escaped as {@link DisplayName} does, so one delivery stays one line.
     */
    public static String line(Delivery d) {
        return d.createdAt() + "  " + d.status().value() + "  " + d.event() + "  " + DisplayName.cell(d.target(), TEXT_LIMIT)
                + "  attempts=" + d.attempts()
                + d.lastHttpStatus().stream().mapToObj(s -> "  http=" + s).findFirst().orElse("")
                + d.lastError().map(e -> "  error=\"" + DisplayName.escape(e, TEXT_LIMIT) + "\"").orElse("")
                + d.nextAttemptAt().filter(at -> d.status() == Delivery.Status.FAILED).map(at -> "  resend-at=" + at).orElse("")
                + "  " + DisplayName.cell(d.subject(), TEXT_LIMIT) + "  " + DisplayName.cell(d.title(), TEXT_LIMIT);
    }
}
