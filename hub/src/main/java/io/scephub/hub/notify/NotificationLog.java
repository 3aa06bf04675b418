package io.scephub.hub.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/** The {@code notifications} table: each notice per target, recorded before it is sent and updated after every attempt. */
public final class NotificationLog {
    private static final int MAX_TEXT = 300;
    private static final int MAX_ERROR = 2000;

    private final DataSource dataSource;
    private final Clock clock;

    public NotificationLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records {@code notice} for {@code target} as pending, before the first attempt. */
    public void pending(Notice notice, String target) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (id, target, event_type, subject, title, created_at,"
                     + " status, attempts) VALUES (?,?,?,?,?,?,?,0)")) {
            ps.setString(1, notice.id());
            ps.setString(2, target);
            ps.setString(3, notice.event().value());
            ps.setString(4, truncate(notice.subject(), MAX_TEXT));
            ps.setString(5, truncate(notice.title(), MAX_TEXT));
            ps.setTimestamp(6, Timestamp.from(clock.instant()));
            ps.setString(7, Delivery.Status.PENDING.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record notification " + notice.id(), e);
        }
    }

    /** Records an attempt's outcome; {@code status} stays pending while more attempts follow. */
    public void attempted(String id, String target, int attempts, Delivery.Status status, OptionalInt httpStatus, Optional<String> error) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, attempts = ?, last_http_status = ?,"
                     + " last_error = ?, finished_at = ? WHERE id = ? AND target = ?")) {
            ps.setString(1, status.value());
            ps.setInt(2, attempts);
            if (httpStatus.isPresent()) {
                ps.setInt(3, httpStatus.getAsInt());
            } else {
                ps.setNull(3, Types.INTEGER);
            }
            ps.setString(4, error.map(m -> truncate(m, MAX_ERROR)).orElse(null));
            ps.setTimestamp(5, status == Delivery.Status.PENDING ? null : Timestamp.from(clock.instant()));
            ps.setString(6, id);
            ps.setString(7, target);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update notification " + id, e);
        }
    }

    /** The newest {@code limit} deliveries, optionally only those in {@code status}. */
    public List<Delivery> recent(int limit, Optional<Delivery.Status> status) {
        String sql = "SELECT id, target, event_type, subject, title, created_at, status, attempts, last_http_status, last_error,"
                + " finished_at FROM notifications" + (status.isPresent() ? " WHERE status = ?" : "")
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
                            Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant)));
                }
            }
        } catch (SQLException e) {
            throw failure("read the notifications", e);
        }
        return out;
    }

    /** When a notice of {@code event} about {@code subject} was last delivered to {@code target}, if ever. */
    public Optional<Instant> lastDelivered(String event, String subject, String target) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(created_at) FROM notifications WHERE event_type = ? AND subject = ?"
                     + " AND target = ? AND status = ?")) {
            ps.setString(1, event);
            ps.setString(2, truncate(subject, MAX_TEXT));
            ps.setString(3, target);
            ps.setString(4, Delivery.Status.DELIVERED.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the notifications", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " (SQLState " + e.getSQLState() + ")", e);
    }
}
