package io.scephub.hub.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The {@code notifications} table: each notice per target, recorded (with its content, to send it again) before it is
 * sent and updated after every attempt; a failed one is due again at {@code next_attempt_at}, and a pending one whose
 * sender stopped is due once its {@link #LEASE} has passed.
 */
public final class NotificationLog {
    /** How long a sending round may hold a pending row before another instance, or the next start, takes it over. */
    public static final Duration LEASE = Duration.ofMinutes(5);
    private static final int MAX_TEXT = 300;
    private static final int MAX_ERROR = 2000;
    /** SQLState of a unique-key violation, the same in H2 and PostgreSQL. */
    private static final String DUPLICATE_KEY = "23505";

    /**
     * A row due to be sent again.
     *
     * @param notice the notice as {@link Notice#toJson()} kept it; empty for rows recorded before notices were kept
     */
    public record Due(String id, String target, Delivery.Status status, int rounds, int attempts, Optional<String> notice) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    public NotificationLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records {@code notice} for {@code target} as pending, before the first attempt. */
    public void pending(Notice notice, String target) {
        pending(notice, target, Optional.empty());
    }

    /**
     * Records {@code notice} for {@code target} as pending, held by this sender for {@link #LEASE}. With a
     * {@code dedupeKey}, returns false (and records nothing) when a notice of the same event, target, subject and key is
     * already recorded, by any instance on this store.
     */
    public boolean pending(Notice notice, String target, Optional<String> dedupeKey) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (id, target, event_type, subject, title, created_at,"
                     + " status, attempts, notice_json, next_attempt_at, rounds, dedupe_key) VALUES (?,?,?,?,?,?,?,0,?,?,1,?)")) {
            c.setAutoCommit(true);
            ps.setString(1, notice.id());
            ps.setString(2, target);
            ps.setString(3, notice.event().value());
            ps.setString(4, truncate(notice.subject(), MAX_TEXT));
            ps.setString(5, truncate(notice.title(), MAX_TEXT));
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, Delivery.Status.PENDING.value());
            ps.setString(8, notice.toJson());
            ps.setTimestamp(9, Timestamp.from(now.plus(LEASE)));
            ps.setString(10, dedupeKey.orElse(null));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (dedupeKey.isPresent() && DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw failure("record notification " + notice.id(), e);
        }
    }

    /** When the row is due to be sent again (empty: never; it is delivered, or failed for good). */
    public void retryAt(String id, String target, Optional<Instant> at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET next_attempt_at = ? WHERE id = ? AND target = ?")) {
            c.setAutoCommit(true);
            ps.setTimestamp(1, at.map(Timestamp::from).orElse(null));
            ps.setString(2, id);
            ps.setString(3, target);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("schedule notification " + id, e);
        }
    }

    /**
     * Rows due now, oldest first: failed ones whose next attempt has come, pending ones whose sender's lease has passed
     * (it stopped), and pending ones from before notices were kept (no lease) older than the lease.
     */
    public List<Due> due(int limit) {
        Instant now = clock.instant();
        List<Due> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, target, status, rounds, attempts, notice_json FROM notifications"
                     + " WHERE next_attempt_at <= ? OR (status = ? AND next_attempt_at IS NULL AND created_at <= ?)"
                     + " ORDER BY created_at, id, target LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, Delivery.Status.PENDING.value());
            ps.setTimestamp(3, Timestamp.from(now.minus(LEASE)));
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getString(2), Delivery.Status.of(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                            Optional.ofNullable(rs.getString(6))));
                }
            }
        } catch (SQLException e) {
            throw failure("read the notifications due", e);
        }
        return out;
    }

    /**
     * Takes {@code due} for one more sending round, held for {@link #LEASE}; false when another instance took it first
     * (its round count moved on) or it is no longer due.
     */
    public boolean claim(Due due) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, rounds = rounds + 1, next_attempt_at = ?,"
                     + " finished_at = NULL WHERE id = ? AND target = ? AND rounds = ?"
                     + " AND (next_attempt_at <= ? OR (status = ? AND next_attempt_at IS NULL))")) {
            c.setAutoCommit(true);
            ps.setString(1, Delivery.Status.PENDING.value());
            ps.setTimestamp(2, Timestamp.from(now.plus(LEASE)));
            ps.setString(3, due.id());
            ps.setString(4, due.target());
            ps.setInt(5, due.rounds());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, Delivery.Status.PENDING.value());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("claim notification " + due.id(), e);
        }
    }

    /** Ends a row that cannot be sent again as failed, saying why; it is not due again. */
    public void abandon(String id, String target, String reason) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, last_error = ?, next_attempt_at = NULL,"
                     + " finished_at = ? WHERE id = ? AND target = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, Delivery.Status.FAILED.value());
            ps.setString(2, truncate(reason, MAX_ERROR));
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, id);
            ps.setString(5, target);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update notification " + id, e);
        }
    }

    /**
     * Records an attempt's outcome; {@code status} stays pending while more attempts follow. A delivered or failed row is
     * not due again until {@link #retryAt} says so.
     */
    public void attempted(String id, String target, int attempts, Delivery.Status status, OptionalInt httpStatus, Optional<String> error) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, attempts = ?, last_http_status = ?,"
                     + " last_error = ?, finished_at = ?, next_attempt_at = CASE WHEN ? THEN next_attempt_at ELSE NULL END"
                     + " WHERE id = ? AND target = ?")) {
            ps.setString(1, status.value());
            ps.setInt(2, attempts);
            if (httpStatus.isPresent()) {
                ps.setInt(3, httpStatus.getAsInt());
            } else {
                ps.setNull(3, Types.INTEGER);
            }
            ps.setString(4, error.map(m -> truncate(m, MAX_ERROR)).orElse(null));
            ps.setTimestamp(5, status == Delivery.Status.PENDING ? null : Timestamp.from(clock.instant()));
            ps.setBoolean(6, status == Delivery.Status.PENDING);
            ps.setString(7, id);
            ps.setString(8, target);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update notification " + id, e);
        }
    }

    /** The newest {@code limit} deliveries, optionally only those in {@code status}. */
    public List<Delivery> recent(int limit, Optional<Delivery.Status> status) {
        String sql = "SELECT id, target, event_type, subject, title, created_at, status, attempts, last_http_status, last_error,"
                + " finished_at, rounds, next_attempt_at FROM notifications" + (status.isPresent() ? " WHERE status = ?" : "")
                + " ORDER BY created_at DESC, id, target LIMIT ?";
        List<Delivery> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get().value());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int http = rs.getInt("last_http_status");
                    out.add(new Delivery(rs.getString("id"), rs.getString("target"), rs.getString("event_type"), rs.getString("subject"),
                            rs.getString("title"), rs.getTimestamp("created_at").toInstant(), Delivery.Status.of(rs.getString("status")),
                            rs.getInt("attempts"), rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(http),
                            Optional.ofNullable(rs.getString("last_error")),
                            Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant), rs.getInt("rounds"),
                            Optional.ofNullable(rs.getTimestamp("next_attempt_at")).map(Timestamp::toInstant)));
                }
            }
        } catch (SQLException e) {
            throw failure("read the notifications", e);
        }
        return out;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " (SQLState " + e.getSQLState() + ")", e);
    }
}
