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

    /** A notice with a fresh random id. */
    public static Notice of(NotificationEvent event, Instant occurredAt, String subject, String title, String text, ObjectNode data) {
        return new Notice(UUID.randomUUID().toString(), event, occurredAt, subject, title, text, data);
    }
}
