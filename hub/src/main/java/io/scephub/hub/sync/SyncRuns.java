package io.scephub.hub.sync;

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

    private static final int MAX_CHANGE_TEXT = 300;

    private final DataSource dataSource;
    private final Clock clock;
    /** Who claims runs here, in {@code sync_runs.claimed_by}: host and process id. */
    private final String worker;
    /** The tenant whose runs these are; null: every tenant's (sweeping, metrics, finding a run's tenant). */
    private final String tenant;

    /** The default tenant's runs (a file without tenants:). */
    public SyncRuns(DataSource dataSource, Clock clock) {
        this(dataSource, clock, io.scephub.hub.state.AuditLog.DEFAULT_TENANT);
    }

    /** {@code tenant}'s runs: another tenant's are neither found, listed nor counted. */
    public SyncRuns(DataSource dataSource, Clock clock, String tenant) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = workerName();
        this.tenant = tenant;
    }

    /** Every tenant's runs: for the sweep of abandoned runs, the metrics and {@link #tenantOf}; cannot queue. */
    public static SyncRuns anyTenant(DataSource dataSource, Clock clock) {
        return new SyncRuns(dataSource, clock, null);
    }

    /** The same table seen as {@code tenant}'s runs. */
    public SyncRuns forTenant(String tenant) {
        return new SyncRuns(dataSource, clock, tenant);
    }

    /** The tenant these runs are scoped to (empty: every tenant). */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** The tenant a run belongs to, whichever tenant this view is of. */
    public Optional<String> tenantOf(String runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tenant FROM sync_runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a sync run", e);
        }
    }

    /** {@code " AND tenant = ?"} when scoped to a tenant, else nothing. */
    private String scope() {
        return tenant == null ? "" : " AND tenant = ?";
    }

    private static String workerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return truncate(host + ":" + ProcessHandle.current().pid(), 200);
    }

    /** Each enrollment's last plan, kept in the same database. */
    public io.scephub.hub.state.DeviceStateCounts deviceStateCounts() {
        return new io.scephub.hub.state.DeviceStateCounts(dataSource, requireTenant());
    }

    public io.scephub.hub.state.EnrollmentPlans enrollmentPlans() {
        return new io.scephub.hub.state.EnrollmentPlans(dataSource, requireTenant());
    }

    private String requireTenant() {
        if (tenant == null) {
            throw new IllegalStateException("sync runs of every tenant: pick one with forTenant");
        }
        return tenant;
    }

    /** The notifications kept in the same database. */
    public io.scephub.hub.notify.NotificationLog notifications() {
        return new io.scephub.hub.notify.NotificationLog(dataSource, clock);
    }

    /** The time by this store's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** One page of runs, newest first, and the cursor of the next page (empty on the last). */
    public record Page(List<SyncRun> runs, Optional<String> next) {
    }

    /** Runs by status and the newest successful apply (not a dry run), for the metrics. */
    public record Stats(Map<SyncStatus, Long> byStatus, Optional<Instant> lastSuccess) {
    }

    /** A run that was found abandoned and marked failed, and the status it was left in. */
    public record Swept(String id, SyncStatus was) {
    }

    /**
     * Inserts a queued run. When the idempotency key is already taken the insert loses on the unique
     * constraint (whichever instance or thread raced it) and the existing run is returned instead.
     * A request without a key coalesces the same way with an identical one still queued (same tenant,
     * dry run and targets): both callers get one run. A request with a key keeps a run of its own, so
     * the key always names the run it made.
     */
    public SyncQueue.Queued queue(SyncRequest request) {
        Optional<String> signature = request.idempotencyKey().isPresent() ? Optional.empty() : Optional.of(signature(request));
        // The queued run a request lost to may be claimed before it is read back: then the request queues again.
        for (int attempt = 1; ; attempt++) {
            Optional<SyncQueue.Queued> queued = insert(request, signature);
            if (queued.isPresent()) {
                return queued.get();
            }
            if (attempt >= 5) {
                throw new IllegalStateException("sync_runs: an identical queued run kept starting before it could be joined");
            }
        }
    }

    /**
     * What makes two requests identical: whether they apply, and which enrollments (in the order given),
     * as a SHA-256 so any target list fits an index.
     */
    private static String signature(SyncRequest request) {
        String text = (request.dryRun() ? "dry-run:" : "apply:") + String.join(",", request.enrollments());
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private Optional<SyncQueue.Queued> insert(SyncRequest request, Optional<String> signature) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, trigger_type, requested_by, idempotency_key,"
                     + " dry_run, targets, status, queued_at, tenant, queued_request) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
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
            ps.setString(9, requireTenant());
            ps.setString(10, signature.orElse(null));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (isDuplicateKey(e) && request.idempotencyKey().isPresent()) {
                return Optional.of(new SyncQueue.Queued(findByIdempotencyKey(request.idempotencyKey().get()).orElseThrow(
                        () -> new IllegalStateException("sync_runs: idempotency key taken but no run holds it")), false));
            }
            if (isDuplicateKey(e) && signature.isPresent()) {
                return queryOne("SELECT " + COLUMNS + " FROM sync_runs WHERE queued_request = ?" + scope(), signature.get())
                        .map(run -> new SyncQueue.Queued(run, false));
            }
            throw failure("queue a sync run", e);
        }
        return Optional.of(new SyncQueue.Queued(find(id).orElseThrow(), true));
    }

    public Optional<SyncRun> find(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM sync_runs WHERE id = ?" + scope(), id);
    }

    public Optional<SyncRun> findByIdempotencyKey(String key) {
        return queryOne("SELECT " + COLUMNS + " FROM sync_runs WHERE idempotency_key = ?" + scope(), key);
    }

    /** Every run, oldest first. */
    public List<SyncRun> all() {
        List<SyncRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_runs WHERE 1=1" + scope()
                     + " ORDER BY queued_at, id")) {
            if (tenant != null) {
                ps.setString(1, tenant);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(c, rs));
                }
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
                     "UPDATE sync_runs SET status = ?, started_at = ?, heartbeat_at = ?, claimed_by = ?, queued_request = NULL"
                             + " WHERE id = ? AND status = ?")) {
            Timestamp now = Timestamp.from(clock.instant());
            ps.setString(1, SyncStatus.RUNNING.value());
            ps.setTimestamp(2, now);
            ps.setTimestamp(3, now);
            ps.setString(4, worker);
            ps.setString(5, id);
            ps.setString(6, SyncStatus.QUEUED.value());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("claim sync run " + id, e);
        }
    }

    /** Records how a claimed run ended; {@code error} must be free of secret values. */
    public SyncRun finish(String id, SyncStatus status, Map<String, Long> plan, Map<String, Long> outcomes,
                          Optional<String> error) {
        return finish(id, status, plan, outcomes, error, List.of());
    }

    /** Records how a claimed run ended and which resources it changed, in one transaction. */
    public SyncRun finish(String id, SyncStatus status, Map<String, Long> plan, Map<String, Long> outcomes,
                          Optional<String> error, List<SyncRunChange> changes) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = ?, plan_summary = ?, outcome_counts = ?,"
                        + " finished_at = ?, error_message = ?, queued_request = NULL WHERE id = ?")) {
                    ps.setString(1, status.value());
                    ps.setString(2, plan.isEmpty() ? null : counts(plan));
                    ps.setString(3, outcomes.isEmpty() ? null : counts(outcomes));
                    ps.setTimestamp(4, Timestamp.from(clock.instant()));
                    ps.setString(5, error.map(m -> truncate(m, MAX_ERROR_LENGTH)).orElse(null));
                    ps.setString(6, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM sync_run_changes WHERE run_id = ?")) {
                    del.setString(1, id);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_run_changes (run_id, position, resource, action,"
                        + " status, vendor_id, message) VALUES (?,?,?,?,?,?,?)")) {
                    for (int i = 0; i < changes.size(); i++) {
                        SyncRunChange change = changes.get(i);
                        ps.setString(1, id);
                        ps.setInt(2, i);
                        ps.setString(3, truncate(change.resource(), MAX_CHANGE_TEXT));
                        ps.setString(4, truncate(change.action(), 32));
                        ps.setString(5, truncate(change.status(), 32));
                        ps.setString(6, change.vendorId().map(v -> truncate(v, MAX_CHANGE_TEXT)).orElse(null));
                        ps.setString(7, change.message().map(m -> truncate(m, MAX_ERROR_LENGTH)).orElse(null));
                        ps.addBatch();
                    }
                    if (!changes.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("finish sync run " + id, e);
        }
        return find(id).orElseThrow();
    }

    /** Tells the sweeper of every instance that the worker of running run {@code id} is alive. */
    public void heartbeat(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET heartbeat_at = ? WHERE id = ? AND status = ?")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, id);
            ps.setString(3, SyncStatus.RUNNING.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record the heartbeat of sync run " + id, e);
        }
    }

    /**
     * Marks abandoned runs failed: running runs whose worker sent no heartbeat for {@code staleAfter}
     * (its process was killed), and queued runs older than that which no scheduler task will ever
     * pick up (the process died between recording and scheduling them). Safe on every instance at
     * once: each update re-checks the condition, so a run is swept once.
     */
    public List<Swept> sweepAbandoned(Duration staleAfter, String queuedTaskName) {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minus(staleAfter));
        List<Swept> swept = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> running = ids(c, "SELECT id FROM sync_runs WHERE status = ? AND COALESCE(heartbeat_at, started_at, queued_at) < ?",
                    SyncStatus.RUNNING.value(), cutoff);
            for (String id : running) {
                if (markAbandoned(c, id, "status = ? AND COALESCE(heartbeat_at, started_at, queued_at) < ?", SyncStatus.RUNNING, cutoff,
                        now, "abandoned: the instance running it stopped (no heartbeat for " + staleAfter.toSeconds()
                                + " s); run the sync again, it converges")) {
                    swept.add(new Swept(id, SyncStatus.RUNNING));
                }
            }
            String orphanQueued = "status = ? AND queued_at < ? AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t WHERE t.task_name = '"
                    + queuedTaskName.replace("'", "") + "' AND t.task_instance = sync_runs.id)";
            for (String id : ids(c, "SELECT id FROM sync_runs WHERE " + orphanQueued, SyncStatus.QUEUED.value(), cutoff)) {
                if (markAbandoned(c, id, orphanQueued, SyncStatus.QUEUED, cutoff, now,
                        "abandoned: queued but never scheduled (the instance that took it stopped); submit it again")) {
                    swept.add(new Swept(id, SyncStatus.QUEUED));
                }
            }
        } catch (SQLException e) {
            throw failure("sweep abandoned sync runs", e);
        }
        return swept;
    }

    private static List<String> ids(Connection c, String sql, String status, Timestamp cutoff) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status);
            ps.setTimestamp(2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static boolean markAbandoned(Connection c, String id, String condition, SyncStatus was, Timestamp cutoff, Instant now,
                                         String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = ?, finished_at = ?, error_message = ?,"
                + " queued_request = NULL WHERE id = ? AND " + condition)) {
            ps.setString(1, SyncStatus.FAILED.value());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, message);
            ps.setString(4, id);
            ps.setString(5, was.value());
            ps.setTimestamp(6, cutoff);
            return ps.executeUpdate() == 1;
        }
    }

    /** Counts by status and the newest successful non-dry run: one query each, for a metrics scrape. */
    public Stats stats() {
        Map<SyncStatus, Long> byStatus = new java.util.EnumMap<>(SyncStatus.class);
        for (SyncStatus status : SyncStatus.values()) {
            byStatus.put(status, 0L);
        }
        Optional<Instant> lastSuccess;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM sync_runs WHERE 1=1" + scope()
                    + " GROUP BY status")) {
                if (tenant != null) {
                    ps.setString(1, tenant);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byStatus.put(SyncStatus.of(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(finished_at) FROM sync_runs WHERE status = ? AND dry_run = ?"
                    + scope())) {
                ps.setString(1, SyncStatus.SUCCEEDED.value());
                ps.setBoolean(2, false);
                if (tenant != null) {
                    ps.setString(3, tenant);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    lastSuccess = rs.next() ? instant(rs.getTimestamp(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw failure("count the sync runs", e);
        }
        return new Stats(byStatus, lastSuccess);
    }

    private Optional<SyncRun> queryOne(String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            if (tenant != null) {
                ps.setString(2, tenant);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(c, rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a sync run", e);
        }
    }

    /**
     * Runs newest first, {@code limit} per page, optionally only those in {@code status}; {@code cursor}
     * is the {@code next} of the previous page.
     */
    public Page page(int limit, Optional<String> cursor, Optional<SyncStatus> status) {
        Optional<Cursor> after = cursor.map(Cursor::parse);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sync_runs WHERE 1=1" + scope());
        status.ifPresent(st -> sql.append(" AND status = ?"));
        after.ifPresent(a -> sql.append(" AND (queued_at < ? OR (queued_at = ? AND id < ?))"));
        sql.append(" ORDER BY queued_at DESC, id DESC LIMIT ?");
        List<SyncRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (tenant != null) {
                ps.setString(i++, tenant);
            }
            if (status.isPresent()) {
                ps.setString(i++, status.get().value());
            }
            if (after.isPresent()) {
                ps.setTimestamp(i++, Timestamp.from(after.get().queuedAt()));
                ps.setTimestamp(i++, Timestamp.from(after.get().queuedAt()));
                ps.setString(i++, after.get().id());
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(readRow(rs, List.of()));
                }
            }
            boolean more = runs.size() > limit;
            List<SyncRun> page = new ArrayList<>();
            for (SyncRun run : runs.subList(0, Math.min(limit, runs.size()))) {
                page.add(withChanges(c, run));
            }
            SyncRun last = page.isEmpty() ? null : page.get(page.size() - 1);
            return new Page(page, more ? Optional.of(new Cursor(last.queuedAt(), last.id()).encode()) : Optional.empty());
        } catch (SQLException e) {
            throw failure("list the sync runs", e);
        }
    }

    /** Where a page ends: the last run's queue time and id (ties on the time are ordered by id). */
    record Cursor(Instant queuedAt, String id) {
        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (queuedAt + " " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8)
                        .split(" ", 2);
                return new Cursor(Instant.parse(parts[0]), parts[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor: not a cursor this server gave out; use links.next of the previous page");
            }
        }
    }

    private SyncRun read(Connection c, ResultSet rs) throws SQLException {
        return withChanges(c, readRow(rs, List.of()));
    }

    private static SyncRun withChanges(Connection c, SyncRun run) throws SQLException {
        List<SyncRunChange> changes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT resource, action, status, vendor_id, message FROM sync_run_changes"
                + " WHERE run_id = ? ORDER BY position")) {
            ps.setString(1, run.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new SyncRunChange(rs.getString(1), rs.getString(2), rs.getString(3),
                            Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5))));
                }
            }
        }
        return new SyncRun(run.id(), run.trigger(), run.requestedBy(), run.idempotencyKey(), run.dryRun(), run.enrollments(),
                run.status(), run.plan(), run.outcomes(), run.queuedAt(), run.startedAt(), run.finishedAt(), run.error(), changes);
    }

    private static SyncRun readRow(ResultSet rs, List<SyncRunChange> changes) throws SQLException {
        String targets = rs.getString("targets");
        return new SyncRun(rs.getString("id"), SyncTrigger.of(rs.getString("trigger_type")), rs.getString("requested_by"),
                Optional.ofNullable(rs.getString("idempotency_key")), rs.getBoolean("dry_run"),
                targets.isEmpty() ? List.of() : Arrays.asList(targets.split(",")), SyncStatus.of(rs.getString("status")),
                parseCounts(rs.getString("plan_summary")), parseCounts(rs.getString("outcome_counts")),
                rs.getTimestamp("queued_at").toInstant(), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), Optional.ofNullable(rs.getString("error_message")), changes);
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
