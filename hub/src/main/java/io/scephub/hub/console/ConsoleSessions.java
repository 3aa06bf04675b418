package io.scephub.hub.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions and sign-ins in progress, in memory (a restart signs everybody out; several
 * instances need sticky sessions at the proxy). Sessions are looked up by the SHA-256 of their id, so
 * the map holds no usable cookie value; both maps are bounded and swept of expired entries.
 */
public final class ConsoleSessions {
    /** An Okta admin's working day; after it the browser signs in again (silently while Okta's own session lasts). */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    /** Time to complete the sign-in at Okta. */
    public static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_SESSIONS = 10_000;
    static final int MAX_PENDING = 10_000;

    /**
     * A sign-in sent to Okta and not yet back: the values its callback must match.
     *
     * @param binding the random value also set as a cookie in the browser that started it, so a callback
     *                carried to another browser (login CSRF) is refused
     */
    public record PendingSignIn(String state, String nonce, String codeVerifier, String next, String binding, Instant expiresAt) {
        @Override
        public String toString() {
            return "PendingSignIn[next=" + next + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingSignIn> pending = new ConcurrentHashMap<>();

    public ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /** 256 random bits, base64url. */
    public String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public PendingSignIn begin(String state, String nonce, String codeVerifier, String next) {
        sweep();
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException("too many sign-ins in progress; try again in a few minutes");
        }
        PendingSignIn signIn = new PendingSignIn(state, nonce, codeVerifier, next, randomToken(), clock.instant().plus(SIGN_IN_LIFETIME));
        pending.put(state, signIn);
        return signIn;
    }

    /** The sign-in {@code state} names, once, if it has not expired and {@code binding} is its browser's. */
    public Optional<PendingSignIn> complete(String state, String binding) {
        PendingSignIn signIn = state == null ? null : pending.remove(state);
        if (signIn == null || signIn.expiresAt().isBefore(clock.instant()) || binding == null
                || !MessageDigest.isEqual(signIn.binding().getBytes(StandardCharsets.UTF_8), binding.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(signIn);
    }

    /** A new session with a fresh id and CSRF token. */
    public ConsoleSession create(String subject, String displayName, ConsoleRole role) {
        sweep();
        if (sessions.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("too many console sessions; try again later");
        }
        Instant now = clock.instant();
        ConsoleSession session = new ConsoleSession(randomToken(), subject, displayName, role, randomToken(), now,
                now.plus(SESSION_LIFETIME));
        sessions.put(digest(session.id()), session);
        return session;
    }

    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(digest(id));
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expiresAt().isAfter(clock.instant())) {
            sessions.remove(digest(id));
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void end(String id) {
        if (id != null) {
            sessions.remove(digest(id));
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
    }

    private static String digest(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
