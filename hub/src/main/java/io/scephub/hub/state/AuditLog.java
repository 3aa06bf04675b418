package io.scephub.hub.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Append-only, hash-chained record of runs and applied changes. Callers pass only secret-free
 * text (keys, actions, statuses, attribute paths); values are never recorded.
 */
public final class AuditLog {
    private static final String GENESIS = "0".repeat(64);

    private final DataSource dataSource;
    private final Clock clock;

    public AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** One audit record as stored. */
    public record Entry(long seq, Instant recordedAt, String runId, String event, String subject, String detail,
                        String prevHash, String hash) {
    }

    /** Appends a record; concurrent writers are serialised by the primary key on {@code seq} and retried. */
    public Entry append(String runId, String event, String subject, String detail) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                long seq = 1;
                String prev = GENESIS;
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getLong(1) + 1;
                        prev = rs.getString(2);
                    }
                }
                Instant at = clock.instant();
                String hash = hash(seq, at, runId, event, subject, detail, prev);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_log (seq, recorded_at, run_id, event, subject, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")) {
                    ps.setLong(1, seq);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, runId);
                    ps.setString(4, event);
                    ps.setString(5, truncate(subject, 300));
                    ps.setString(6, truncate(detail, 4000));
                    ps.setString(7, prev);
                    ps.setString(8, hash);
                    ps.executeUpdate();
                }
                c.commit();
                return new Entry(seq, at, runId, event, truncate(subject, 300), truncate(detail, 4000), prev, hash);
            } catch (SQLException e) {
                if (attempt < 20 && isDuplicateKey(e)) {
                    continue;
                }
                throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
            }
        }
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT seq, recorded_at, run_id, event, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
        return out;
    }

    /** The seq of the first record whose chain is broken, or -1 when the whole log verifies. */
    public long verifyChain() {
        String prev = GENESIS;
        for (Entry e : entries()) {
            if (!e.prevHash().equals(prev)
                    || !e.hash().equals(hash(e.seq(), e.recordedAt(), e.runId(), e.event(), e.subject(), e.detail(), prev))) {
                return e.seq();
            }
            prev = e.hash();
        }
        return -1;
    }

    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String hash(long seq, Instant at, String runId, String event, String subject, String detail, String prev) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String canonical = seq + "\n" + at.toEpochMilli() + "\n" + runId + "\n" + event + "\n" + truncate(subject, 300)
                    + "\n" + truncate(detail, 4000) + "\n" + prev;
            return HexFormat.of().formatHex(md.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
