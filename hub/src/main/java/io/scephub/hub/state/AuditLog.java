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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Append-only, hash-chained record of runs, applied changes and challenge decisions. Callers pass
 * only secret-free text (keys, actions, statuses, attribute paths); values are never recorded.
 *
 * <p>Appends are group-committed: concurrent callers queue their records, one of them (the one
 * holding the writer lock) writes everything queued in one transaction, and each caller returns
 * only once its own record is committed. So a record is durable before {@link #append} returns
 * (nothing to flush at shutdown, nothing lost to a kill), while N concurrent appends cost one
 * transaction instead of N transactions racing for the next {@code seq}. A caller whose record
 * someone else wrote returns at once: waiting callers park on their own record, not on the lock
 * (waiting for the lock let newcomers barge ahead of a caller that was done already, which made
 * the slowest appends hundreds of milliseconds under 32 concurrent verifications).
 *
 * <p>The chain's head (newest seq and hash) is read from, and moved in, the tenant's {@code audit_head}
 * row in the append's transaction, so an append costs the same at the millionth record as at the first
 * (reading the newest record of the log made H2 sort the whole log on every append).
 */
public final class AuditLog {
    private static final String GENESIS = "0".repeat(64);
    private static final int MAX_SUBJECT = 300;
    private static final int MAX_DETAIL = 4000;
    /** Bounds one transaction; a larger backlog is written in several. */
    private static final int MAX_BATCH = 500;
    /** How long a waiting caller sleeps before it looks again; it is normally woken earlier (written, or the lock freed). */
    private static final long RECHECK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);
    /** Attempts when another process (a second hub instance, the CLI) took the same {@code seq} first. */
    private static final int MAX_ATTEMPTS = 50;
    /**
     * One writer per database and tenant chain in this process, shared by every AuditLog on it, so they
     * never race each other; tenants' chains are written independently.
     */
    private static final Map<DataSource, Map<String, Writer>> WRITERS = Collections.synchronizedMap(new WeakHashMap<>());
    /** The tenant of a file without tenants:, whose records hash exactly as before tenants existed. */
    public static final String DEFAULT_TENANT = "default";

    private final DataSource dataSource;
    private final Clock clock;
    private final Writer writer;
    private final String tenant;

    /** The audit chain of the default tenant (a file without tenants:). */
    public AuditLog(DataSource dataSource, Clock clock) {
        this(dataSource, clock, DEFAULT_TENANT);
    }

    /** The audit chain of {@code tenant}: its own seq numbers from 1 and its own hash chain. */
    public AuditLog(DataSource dataSource, Clock clock, String tenant) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tenant = tenant;
        this.writer = WRITERS.computeIfAbsent(dataSource, d -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(tenant, t -> new Writer());
    }

    public String tenant() {
        return tenant;
    }

    /** The tenants with at least one audit record, in name order. */
    public static List<String> tenants(DataSource dataSource) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tenant FROM audit_log ORDER BY tenant");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
        return out;
    }

    /** The vendor id {@link ApplyAudit} writes into a change's detail. */
    private static final java.util.regex.Pattern WRITTEN_ID = java.util.regex.Pattern.compile("(?:^| )vendorId=(\\S+)");
    private static final java.util.regex.Pattern FIELD_KEY = java.util.regex.Pattern.compile("(?:^| )([a-z][a-z0-9_]*)=");

    /** A record's {@code detail} ({@code action=create attributes=a,b message=x y}) as a map; a value runs to the next {@code key=}. */
    public static Map<String, String> fields(String detail) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = FIELD_KEY.matcher(detail);
        String key = null;
        int valueStart = 0;
        while (m.find()) {
            if (key != null) {
                fields.putIfAbsent(key, detail.substring(valueStart, m.start()));
            }
            key = m.group(1);
            valueStart = m.end();
        }
        if (key != null) {
            fields.putIfAbsent(key, detail.substring(valueStart));
        }
        return fields;
    }

    /** One audit record as stored. */
    public record Entry(long seq, Instant recordedAt, String runId, String event, String subject, String detail,
                        String prevHash, String hash) {
    }

    /**
     * The outcome of checking the chain: empty {@code broken} when every record verifies.
     *
     * @param checked how many records were read
     * @param broken the first record whose hash or link to its predecessor does not match, with why
     */
    public record Verification(long checked, Optional<Entry> broken, Optional<String> reason) {
        public boolean intact() {
            return broken.isEmpty();
        }
    }

    /** A record waiting for the writer; completed (entry or failure) by whichever thread writes it, which wakes its owner. */
    private static final class Pending {
        final String runId;
        final String event;
        final String subject;
        final String detail;
        final Thread owner = Thread.currentThread();
        volatile Entry entry;
        volatile RuntimeException failure;

        Pending(String runId, String event, String subject, String detail) {
            this.runId = runId;
            this.event = event;
            this.subject = truncate(subject, MAX_SUBJECT);
            this.detail = truncate(detail, MAX_DETAIL);
        }

        boolean done() {
            return entry != null || failure != null;
        }

        void complete(Entry written) {
            entry = written;
            wake();
        }

        void fail(RuntimeException e) {
            failure = e;
            wake();
        }

        private void wake() {
            if (owner != Thread.currentThread()) {
                java.util.concurrent.locks.LockSupport.unpark(owner);
            }
        }
    }

    /** The queue and the lock of one database. */
    private static final class Writer {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock lock = new ReentrantLock();
    }

    /**
     * Appends a record and returns it once committed. Throws {@link IllegalStateException} when
     * the database refuses it; then it is not recorded.
     */
    public Entry append(String runId, String event, String subject, String detail) {
        Pending mine = new Pending(runId, event, subject, detail);
        writer.queue.add(mine);
        while (!mine.done()) {
            if (writer.lock.tryLock()) {
                // The writer: everything queued so far goes in one transaction, this record among them.
                try {
                    while (!mine.done()) {
                        List<Pending> batch = new ArrayList<>();
                        for (Pending p; batch.size() < MAX_BATCH && (p = writer.queue.poll()) != null; ) {
                            batch.add(p);
                        }
                        write(batch);
                    }
                } finally {
                    writer.lock.unlock();
                }
                // Records queued meanwhile need a writer: wake the oldest one's caller to become it.
                Pending next = writer.queue.peek();
                if (next != null) {
                    java.util.concurrent.locks.LockSupport.unpark(next.owner);
                }
            } else {
                // Woken when this record is written or the writer lets go of the lock; the timeout only guards against a lost wake-up.
                java.util.concurrent.locks.LockSupport.parkNanos(this, RECHECK_NANOS);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.entry;
    }

    /** Writes a batch in one transaction after the current head of the chain; completes every record in it. */
    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        boolean resync = false;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Head head = lockHead(c, resync);
                    List<Entry> entries = chain(head, batch);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (seq, recorded_at, run_id, event, subject,"
                            + " detail, prev_hash, hash, tenant) VALUES (?,?,?,?,?,?,?,?,?)")) {
                        for (Entry e : entries) {
                            ps.setLong(1, e.seq());
                            ps.setTimestamp(2, Timestamp.from(e.recordedAt()));
                            ps.setString(3, e.runId());
                            ps.setString(4, e.event());
                            ps.setString(5, e.subject());
                            ps.setString(6, e.detail());
                            ps.setString(7, e.prevHash());
                            ps.setString(8, e.hash());
                            ps.setString(9, tenant);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    moveHead(c, head, entries.get(entries.size() - 1));
                    c.commit();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).complete(entries.get(i));
                    }
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && JdbcReplayStore.isDuplicateKey(e)) {
                    resync = true;
                    continue;
                }
                IllegalStateException failure = new IllegalStateException("cannot write the audit log (SQLState " + e.getSQLState()
                        + "): " + e.getMessage(), e);
                batch.forEach(p -> p.fail(failure));
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.fail(e));
                return;
            }
        }
    }

    /** The newest record of a chain as {@code audit_head} holds it; {@code stored} when that row exists. */
    private record Head(long seq, String hash, boolean stored) {
    }

    /**
     * Locks and reads the tenant's head row, which serialises appenders of one chain across processes (H2 and
     * PostgreSQL both block a second {@code FOR UPDATE} until the first transaction ends). A chain without a
     * row starts at the genesis; two first appends racing then collide on {@code seq} 1 and the loser retries.
     * With {@code resync} (after such a collision) the log's newest record is read too and wins when it is
     * newer: the head is behind when a hub from before the head table appended to the same database.
     */
    private Head lockHead(Connection c, boolean resync) throws SQLException {
        Head head = new Head(0, GENESIS, false);
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE tenant = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    head = new Head(rs.getLong(1), rs.getString(2), true);
                }
            }
        }
        if (resync) {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_log WHERE tenant = ?"
                    + " AND seq = (SELECT MAX(seq) FROM audit_log WHERE tenant = ?)")) {
                ps.setString(1, tenant);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > head.seq()) {
                        head = new Head(rs.getLong(1), rs.getString(2), head.stored());
                    }
                }
            }
        }
        return head;
    }

    /** Points the tenant's head at {@code newest}, in the transaction that appended it. */
    private void moveHead(Connection c, Head head, Entry newest) throws SQLException {
        String sql = head.stored() ? "UPDATE audit_head SET seq = ?, hash = ? WHERE tenant = ?"
                : "INSERT INTO audit_head (seq, hash, tenant) VALUES (?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, newest.seq());
            ps.setString(2, newest.hash());
            ps.setString(3, tenant);
            ps.executeUpdate();
        }
    }

    private List<Entry> chain(Head head, List<Pending> batch) {
        long seq = head.seq();
        String prev = head.hash();
        // The hash covers milliseconds; databases round nanoseconds to microseconds on insert, which
        // can carry into the next millisecond and break the chain, so only whole milliseconds are kept.
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Entry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            seq++;
            String hash = hash(tenant, seq, at, p.runId, p.event, p.subject, p.detail, prev);
            entries.add(new Entry(seq, at, p.runId, p.event, p.subject, p.detail, prev, hash));
            prev = hash;
        }
        return entries;
    }

    /** Every record, oldest first (for tests and small logs; {@link #forEach} streams). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        forEach(0, out::add);
        return out;
    }

    /** Streams the records with {@code seq > afterSeq}, oldest first, without holding the log in memory. */
    public void forEach(long afterSeq, Consumer<Entry> consumer) {
        forEach("seq > ?", ps -> ps.setLong(2, afterSeq), consumer);
    }

    /** Streams the records recorded at or after {@code since}, oldest first. */
    public void forEachSince(Instant since, Consumer<Entry> consumer) {
        forEach("recorded_at >= ?", ps -> ps.setTimestamp(2, Timestamp.from(since)), consumer);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void forEach(String where, Binder binder, Consumer<Entry> consumer) {
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams with a fetch size only inside a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, run_id, event, subject, detail, prev_hash, hash"
                    + " FROM audit_log WHERE tenant = ? AND " + where + " ORDER BY seq")) {
                ps.setFetchSize(1000);
                ps.setString(1, tenant);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The vendor id of the object last created, updated or adopted for {@code subject} (a resource key),
     * from the newest such record: what the state store knows of which object scephub made.
     */
    public Optional<String> lastWrittenId(String subject) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT detail FROM audit_log WHERE tenant = ? AND subject = ?"
                     + " AND event IN ('change.applied', 'change.adopted') ORDER BY seq DESC")) {
            ps.setString(1, tenant);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString(1);
                    java.util.regex.Matcher id = WRITTEN_ID.matcher(detail);
                    if (!detail.startsWith("action=delete") && id.find()) {
                        return Optional.of(id.group(1));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /** The seq of the first record whose chain is broken, or -1 when the whole log verifies. */
    public long verifyChain() {
        return verify().broken().map(Entry::seq).orElse(-1L);
    }

    /**
     * Checks every record from the first: seq numbers consecutive from 1, each record's
     * {@code prev_hash} the previous record's hash, and each hash recomputed from the record.
     */
    public Verification verify() {
        long[] checked = {0};
        Entry[] previous = {null};
        Entry[] broken = {null};
        String[] reason = {null};
        forEach(0, e -> {
            if (broken[0] != null) {
                return;
            }
            checked[0]++;
            long expectedSeq = previous[0] == null ? 1 : previous[0].seq() + 1;
            String expectedPrev = previous[0] == null ? GENESIS : previous[0].hash();
            if (e.seq() != expectedSeq) {
                String missing = e.seq() - 1 == expectedSeq ? "record " + expectedSeq + " is" : "records " + expectedSeq + " to "
                        + (e.seq() - 1) + " are";
                reason[0] = (previous[0] == null ? "the first record is seq " + e.seq() : "seq " + e.seq() + " follows " + (expectedSeq - 1))
                        + ": " + missing + " missing (deleted)";
            } else if (!e.prevHash().equals(expectedPrev)) {
                reason[0] = "prev_hash does not match the hash of record " + (expectedSeq - 1);
            } else if (!e.hash().equals(hash(tenant, e.seq(), e.recordedAt(), e.runId(), e.event(), e.subject(), e.detail(), e.prevHash()))) {
                reason[0] = "hash does not match the record's content (edited after it was written)";
            }
            if (reason[0] != null) {
                broken[0] = e;
            }
            previous[0] = e;
        });
        return new Verification(checked[0], Optional.ofNullable(broken[0]), Optional.ofNullable(reason[0]));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Another tenant's records also hash their tenant, so a record moved to another chain no longer verifies. */
    private static String hash(String tenant, long seq, Instant at, String runId, String event, String subject, String detail,
                               String prev) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String canonical = (tenant.equals(DEFAULT_TENANT) ? "" : "tenant=" + tenant + "\n") + seq + "\n" + at.toEpochMilli() + "\n" + runId + "\n" + event + "\n" + truncate(subject, MAX_SUBJECT)
                    + "\n" + truncate(detail, MAX_DETAIL) + "\n" + prev;
            return HexFormat.of().formatHex(md.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
