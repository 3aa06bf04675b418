package io.scephub.hub.console;

import java.time.Instant;

/**
 * A signed-in browser: who (the ID token's subject and display name), the role their groups gave,
 * and the token every form must echo. The session id and CSRF token never appear in {@link #toString()}.
 */
public record ConsoleSession(String id, String subject, String displayName, ConsoleRole role, String csrfToken, Instant createdAt,
                             Instant expiresAt) {
    @Override
    public String toString() {
        return "ConsoleSession[subject=" + subject + ", role=" + role.label() + ", expiresAt=" + expiresAt + "]";
    }
}
