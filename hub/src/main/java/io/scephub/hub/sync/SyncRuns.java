package io.scephub.hub.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The {@code sync_runs} table: queueing (idempotent by key), claiming and finishing runs. */
public final class SyncRuns {
    private static final String COLUMNS = "id, trigger_type, requested_by, idempotency_key, dry_run, targets, status, plan_summary,"
            + " outcome_counts, queued_at, started_at, finished_at, error_message";
    private static final int MAX_ERROR_LENGTH = 2000;

    private final DataSource dataSource;
    private final Clock clock;

    public SyncRuns(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Inserts a queued run. When the idempotency key is already taken the insert loses on the unique
     * constraint (whichever instance or thread raced it) and the existing run is returned instead.
     */
    public SyncQueue.Queued queue(SyncRequest request) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, trigger_type, requested_by, idempotency_key,"
                     + " dry_run, targets, status, queued_at) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, request.trigger().value());
            ps.setString(3, truncate(request.requestedBy(), 200));
            if (request.idempotencyKey().isPresent()) {
                ps.setString(4, request.idempotencyKey().get());
            } else {
                ps.setNull(4, Types.VARCHAR);
            }
            ps.setBoolean(5, request.dryRun());
            ps.setString(6, String.join(",", request.enrollments()));
            ps.setString(7, SyncStatus.QUEUED.value());
            ps.setTimestamp(8, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (isDuplicateKey(e) && request.idempotencyKey().isPresent()) {
                return new SyncQueue.Queued(findByIdempotencyKey(request.idempotencyKey().get()).orElseThrow(
                        () -> new IllegalStateException("sync_runs: idempotency key taken but no run holds it")), false);
            }
            throw failure("queue a sync run", e);
        }
        return new SyncQueue.Queued(find(id).orElseThrow(), true);
    }

    public Optional<SyncRun> find(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM sync_runs WHERE id = ?", id);
    }

    public Optional<SyncRun> findByIdempotencyKey(String key) {
        return queryOne("SELECT " + COLUMNS + " FROM sync_runs WHERE idempotency_key = ?", key);
    }

    /** Every run, oldest first. */
    public List<SyncRun> all() {
        List<SyncRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_runs ORDER BY queued_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(read(rs));
            }
        } catch (SQLException e) {
            throw failure("read the sync runs", e);
        }
        return runs;
    }

    /** Moves a queued run to running; only one caller wins, so a run is never executed twice. */
    public boolean claim(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE sync_runs SET status = ?, started_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, SyncStatus.RUNNING.value());
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, id);
            ps.setString(4, SyncStatus.QUEUED.value());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("claim sync run " + id, e);
        }
    }

    /** Records how a claimed run ended; {@code error} must be free of secret values. */
    public SyncRun finish(String id, SyncStatus status, Map<String, Long> plan, Map<String, Long> outcomes,
                          Optional<String> error) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = ?, plan_summary = ?, outcome_counts = ?,"
                     + " finished_at = ?, error_message = ? WHERE id = ?")) {
            ps.setString(1, status.value());
            ps.setString(2, plan.isEmpty() ? null : counts(plan));
            ps.setString(3, outcomes.isEmpty() ? null : counts(outcomes));
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.setString(5, error.map(m -> truncate(m, MAX_ERROR_LENGTH)).orElse(null));
            ps.setString(6, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("finish sync run " + id, e);
        }
        return find(id).orElseThrow();
    }

    private Optional<SyncRun> queryOne(String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a sync run", e);
        }
    }

    private static SyncRun read(ResultSet rs) throws SQLException {
        String targets = rs.getString("targets");
        return new SyncRun(rs.getString("id"), SyncTrigger.of(rs.getString("trigger_type")), rs.getString("requested_by"),
                Optional.ofNullable(rs.getString("idempotency_key")), rs.getBoolean("dry_run"),
                targets.isEmpty() ? List.of() : Arrays.asList(targets.split(",")), SyncStatus.of(rs.getString("status")),
                parseCounts(rs.getString("plan_summary")), parseCounts(rs.getString("outcome_counts")),
                rs.getTimestamp("queued_at").toInstant(), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), Optional.ofNullable(rs.getString("error_message")));
    }

    private static Optional<Instant> instant(Timestamp ts) {
        return Optional.ofNullable(ts).map(Timestamp::toInstant);
    }

    /** {@code create=1 no-op=4}: readable in SQL, and parsed back by {@link #parseCounts}. */
    static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static Map<String, Long> parseCounts(String text) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return counts;
        }
        for (String pair : text.trim().split(" ")) {
            int eq = pair.indexOf('=');
            counts.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return counts;
    }

    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " (SQLState " + e.getSQLState() + ")", e);
    }
}
