package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One webhook from {@code notifications:}: its name (in the store and {@code status}), the payload
 * shape, where it goes, the HMAC key of a generic target, and the events it wants.
 *
 * @param url the address: a secret reference (Slack and Teams URLs carry their credential) or, for a
 *            generic target only, the URL itself
 * @param secret the HMAC-SHA256 key a generic target's payloads are signed with; empty for Slack and Teams
 */
public record NotificationTarget(String name, Kind kind, Address url, Optional<SecretRef> secret, Set<NotificationEvent> events) {

    public NotificationTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        if (kind == Kind.GENERIC && secret.isEmpty()) {
            throw new IllegalArgumentException("a generic target is signed: secret is required");
        }
    }

    /** True when this target wants {@code event}. */
    public boolean wants(NotificationEvent event) {
        return events.contains(event);
    }

    /** The payload shapes scephub sends. */
    public enum Kind {
        /** scephub's own JSON, signed with HMAC-SHA256 (docs/NOTIFICATIONS.md). */
        GENERIC,
        /** A Slack incoming webhook: {@code {"text", "blocks"}}. */
        SLACK,
        /** A Microsoft Teams Workflows webhook: a message with an Adaptive Card attachment. */
        TEAMS;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static List<String> names() {
            return Arrays.stream(values()).map(Kind::value).toList();
        }
    }

    /** Where a webhook goes: written in the file (generic only) or behind a secret reference. */
    public sealed interface Address permits Address.Literal, Address.Reference {

        /** A URL written in scephub.yaml. */
        record Literal(String url) implements Address {
        }

        /** A URL resolved at send time like any other secret. */
        record Reference(SecretRef ref) implements Address {
        }
    }
}
