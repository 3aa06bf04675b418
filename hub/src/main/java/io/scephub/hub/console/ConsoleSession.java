package io.scephub.hub.console;

import java.time.Instant;

/**
 * A signed-in browser: who (the ID token's subject and display name), what their groups let them do on which tenant,
 * and the token every form must echo. The session id and CSRF token never appear in {@link #toString()}.
 */
public record ConsoleSession(String id, String subject, String displayName, ConsoleAccess access, String csrfToken, Instant createdAt,
                             Instant expiresAt) {
    @Override
    public String toString() {
        return "ConsoleSession[subject=" + subject + ", access=" + access + ", expiresAt=" + expiresAt + "]";
    }
}
