package io.scephub.hub.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.NotificationEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing to tell the webhooks, built only from names, statuses and dates (never a secret value).
 *
 * @param id the event id: the same for every target and every retry, so a receiver can drop repeats
 * @param subject what it is about: a sync run id or a credential's name, for the store and de-duplication
 * @param data the event's details for the generic payload ({@code data} member)
 */
public record Notice(String id, NotificationEvent event, Instant occurredAt, String subject, String title, String text, ObjectNode data) {

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(data, "data");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The notice as the store keeps it to send it again later (names, statuses and dates only, as the notice itself). */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("event", event.value()).put("occurredAt", occurredAt.toString())
                .put("subject", subject).put("title", title).put("text", text);
        node.set("data", data);
        return node.toString();
    }

    /** The notice {@link #toJson()} wrote. */
    public static Notice fromJson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
            String eventName = node.path("event").asText();
            NotificationEvent event = java.util.Arrays.stream(NotificationEvent.values()).filter(e -> e.value().equals(eventName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown event " + eventName));
            return new Notice(node.path("id").asText(), event, Instant.parse(node.path("occurredAt").asText()), node.path("subject").asText(),
                    node.path("title").asText(), node.path("text").asText(), (ObjectNode) node.path("data"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a stored notification is not readable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A notice with a fresh random id. */
    public static Notice of(NotificationEvent event, Instant occurredAt, String subject, String title, String text, ObjectNode data) {
        return new Notice(UUID.randomUUID().toString(), event, occurredAt, subject, title, text, data);
    }
}
