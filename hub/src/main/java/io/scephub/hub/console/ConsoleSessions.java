package io.scephub.hub.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The console's sessions, in the state store's {@code console_sessions} table, and the sign-ins in progress, in
 * {@code console_sign_ins}: so every instance on one database knows every session, and a sign-in started on one
 * instance may come back from Okta to another. Only SHA-256 digests of a session id, its CSRF token, a sign-in's
 * state and its browser binding are stored; a sign-in's nonce and PKCE verifier, which must be used as they are,
 * are sealed with AES-GCM under a key derived from the binding cookie that only the browser holds. The CSRF token
 * is derived from the session id, so whichever instance a browser reaches can render it.
 */
public final class ConsoleSessions {
    /** An Okta admin's working day; after it the browser signs in again (silently while Okta's own session lasts). */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    /** Time to complete the sign-in at Okta. */
    public static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_SESSIONS = 10_000;
    static final int MAX_PENDING = 10_000;
    /** Separates the CSRF token's derivation from the session id's own digest. */
    private static final String CSRF_LABEL = "scephub console csrf\0";

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

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ConsoleSessions(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** 256 random bits, base64url. */
    public String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Records a sign-in sent to Okta until {@link #SIGN_IN_LIFETIME} passes; expired ones are deleted first. */
    public PendingSignIn begin(String state, String nonce, String codeVerifier, String next) {
        Instant now = clock.instant();
        PendingSignIn signIn = new PendingSignIn(state, nonce, codeVerifier, next, randomToken(), now.plus(SIGN_IN_LIFETIME));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM console_sign_ins WHERE expires_at <= ?")) {
                purge.setTimestamp(1, Timestamp.from(now));
                purge.executeUpdate();
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM console_sign_ins");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                if (rows.getLong(1) >= MAX_PENDING) {
                    throw new IllegalStateException("too many sign-ins in progress; try again in a few minutes");
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO console_sign_ins (state_hash, binding_hash, sealed, next_path,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, digest(state));
                insert.setString(2, digest(signIn.binding()));
                insert.setString(3, SignInSeal.seal(signIn.binding(), digest(state), nonce + "\n" + codeVerifier));
                insert.setString(4, next);
                insert.setTimestamp(5, Timestamp.from(signIn.expiresAt()));
                insert.executeUpdate();
            }
            return signIn;
        } catch (SQLException e) {
            throw failure("record a sign-in in progress", e);
        }
    }

    /**
     * The sign-in {@code state} names, once (whichever instance began it; the row is deleted by the one that takes it), if
     * it has not expired and {@code binding} is its browser's.
     */
    public Optional<PendingSignIn> complete(String state, String binding) {
        if (state == null || state.isEmpty() || binding == null || binding.isEmpty()) {
            return Optional.empty();
        }
        String stateHash = digest(state);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String bindingHash;
            String sealed;
            String next;
            Instant expiresAt;
            try (PreparedStatement select = c.prepareStatement("SELECT binding_hash, sealed, next_path, expires_at FROM console_sign_ins"
                    + " WHERE state_hash = ?")) {
                select.setString(1, stateHash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    bindingHash = row.getString(1);
                    sealed = row.getString(2);
                    next = row.getString(3);
                    expiresAt = row.getTimestamp(4).toInstant();
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM console_sign_ins WHERE state_hash = ?")) {
                delete.setString(1, stateHash);
                if (delete.executeUpdate() != 1) {
                    return Optional.empty(); // another instance took it first
                }
            }
            if (!expiresAt.isAfter(clock.instant()) || !MessageDigest.isEqual(digest(binding).getBytes(StandardCharsets.US_ASCII),
                    bindingHash.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            Optional<String> opened = SignInSeal.open(binding, stateHash, sealed);
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            String[] parts = opened.get().split("\n", 2);
            return Optional.of(new PendingSignIn(state, parts[0], parts[1], next, binding, expiresAt));
        } catch (SQLException e) {
            throw failure("complete a sign-in", e);
        }
    }

    /** A new session with a fresh id and CSRF token; expired sessions are purged first. */
    public ConsoleSession create(String subject, String displayName, ConsoleRole role) {
        return create(subject, displayName, ConsoleAccess.everywhere(role));
    }

    /** A new session with a fresh id and CSRF token and {@code access}'s roles; expired sessions are purged first. */
    public ConsoleSession create(String subject, String displayName, ConsoleAccess access) {
        Instant now = clock.instant();
        String id = randomToken();
        ConsoleSession session = new ConsoleSession(id, subject, displayName, access, csrfToken(id), now, now.plus(SESSION_LIFETIME));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            purgeExpired(c, now);
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM console_sessions");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                if (rows.getLong(1) >= MAX_SESSIONS) {
                    throw new IllegalStateException("too many console sessions; try again later");
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO console_sessions"
                    + " (id_hash, subject, display_name, role, csrf_hash, created_at, expires_at, tenant_roles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, digest(id));
                insert.setString(2, subject);
                insert.setString(3, displayName);
                insert.setString(4, access.encodeEverywhere());
                insert.setString(5, digest(session.csrfToken()));
                insert.setTimestamp(6, Timestamp.from(session.createdAt()));
                insert.setTimestamp(7, Timestamp.from(session.expiresAt()));
                insert.setString(8, access.encodePerTenant());
                insert.executeUpdate();
            }
            return session;
        } catch (SQLException e) {
            throw failure("record a console session", e);
        }
    }

    /** The unexpired session whose id is {@code id}, from whichever instance created it. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT subject, display_name, role, tenant_roles, csrf_hash, created_at, expires_at"
                     + " FROM console_sessions WHERE id_hash = ? AND expires_at > ?")) {
            select.setString(1, digest(id));
            select.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String csrf = csrfToken(id);
                if (!MessageDigest.isEqual(digest(csrf).getBytes(StandardCharsets.US_ASCII),
                        row.getString("csrf_hash").getBytes(StandardCharsets.US_ASCII))) {
                    return Optional.empty();
                }
                return Optional.of(new ConsoleSession(id, row.getString("subject"), row.getString("display_name"),
                        ConsoleAccess.decode(row.getString("role"), row.getString("tenant_roles")), csrf, row.getTimestamp("created_at").toInstant(),
                        row.getTimestamp("expires_at").toInstant()));
            }
        } catch (SQLException e) {
            throw failure("read a console session", e);
        }
    }

    /** Signs the session out on every instance. */
    public void end(String id) {
        if (id == null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM console_sessions WHERE id_hash = ?")) {
            c.setAutoCommit(true);
            delete.setString(1, digest(id));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("end a console session", e);
        }
    }

    /** Deletes the sessions expired at {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return purgeExpired(c, now);
        } catch (SQLException e) {
            throw failure("purge expired console sessions", e);
        }
    }

    private static int purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM console_sessions WHERE expires_at <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            return delete.executeUpdate();
        }
    }

    /** The CSRF token of session {@code id}: one-way from the id, so it reveals nothing of the cookie. */
    private static String csrfToken(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(CSRF_LABEL + id));
    }

    static String digest(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " in the state store (SQLState " + e.getSQLState() + "): "
                + e.getMessage(), e);
    }
}
