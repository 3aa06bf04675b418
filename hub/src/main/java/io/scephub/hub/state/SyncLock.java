package io.scephub.hub.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * One sync at a time per state-store partition, across threads, processes and instances: a
 * database lock held for the whole sync (plan and apply). PostgreSQL: a session advisory lock;
 * H2: a row lock on {@code sync_locks} in an open transaction. Both belong to the holder's
 * connection, so a killed holder never leaves the lock taken. Inside one process a fair semaphore
 * per partition queues the waiters first, so waiting costs no database connection.
 */
public final class SyncLock {
    /** The partition of a store without tenants: the whole store (and of the default tenant, so it stays as it was). */
    public static final String WHOLE_STORE = "store";

    /** The partition of {@code tenant}: syncs of different tenants run in parallel, of one tenant one at a time. */
    public static String partitionOf(String tenant) {
        return tenant.equals(AuditLog.DEFAULT_TENANT) ? WHOLE_STORE : "tenant:" + tenant;
    }
    /** The advisory-lock namespace of scephub's sync locks (the first key of {@code pg_advisory_lock(int, int)}). */
    static final int ADVISORY_NAMESPACE = 0x5CE9;
    private static final Duration RETRY_EVERY = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final StoreVendor vendor;
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();

    public SyncLock(DataSource dataSource, StoreVendor vendor) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
    }

    /** A lock on {@code dataSource}, whichever of the two databases it is. */
    public static SyncLock of(DataSource dataSource) {
        return new SyncLock(dataSource, StoreVendor.of(dataSource));
    }

    /** Told once when the lock is taken by someone else and the caller starts to wait. */
    @FunctionalInterface
    public interface Waiting {
        void waiting(String partition);

        static Waiting quietly() {
            return partition -> {
            };
        }
    }

    /** A held lock; closing it lets the next sync of the partition start. */
    public interface Held extends AutoCloseable {
        String partition();

        @Override
        void close();
    }

    /**
     * Blocks until this caller holds the lock of {@code partition}; {@code waiting} is told once
     * if it has to wait. Interrupting the thread gives up the wait.
     */
    public Held acquire(String partition, Waiting waiting) throws InterruptedException {
        Semaphore inProcess = local.computeIfAbsent(partition, p -> new Semaphore(1, true));
        boolean told = false;
        if (!inProcess.tryAcquire()) {
            waiting.waiting(partition);
            told = true;
            inProcess.acquire();
        }
        try {
            while (true) {
                Connection held = tryDatabaseLock(partition);
                if (held != null) {
                    return new DatabaseHeld(partition, held, inProcess);
                }
                if (!told) {
                    waiting.waiting(partition);
                    told = true;
                }
                Thread.sleep(RETRY_EVERY.toMillis());
            }
        } catch (InterruptedException | RuntimeException e) {
            inProcess.release();
            throw e;
        }
    }

    /** The connection that now holds the lock of {@code partition}, or {@code null} when another holder has it. */
    private Connection tryDatabaseLock(String partition) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            boolean locked = vendor == StoreVendor.POSTGRESQL ? tryAdvisoryLock(c, partition) : tryRowLock(c, partition);
            if (locked) {
                return c;
            }
            c.close();
            return null;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("cannot take the sync lock of the state store (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static boolean tryAdvisoryLock(Connection c, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, ADVISORY_NAMESPACE);
            ps.setString(2, partition);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Locks the partition's row in a transaction left open; H2 answers a lock timeout (its default: 1 s) when another holds it. */
    private static boolean tryRowLock(Connection c, String partition) throws SQLException {
        ensureRow(c, partition);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT partition_key FROM sync_locks WHERE partition_key = ? FOR UPDATE")) {
            ps.setString(1, partition);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("sync_locks has no row " + partition, "02000");
                }
                return true;
            }
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(true);
            if (isLockTimeout(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void ensureRow(Connection c, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_locks (partition_key) SELECT ? FROM (VALUES (1)) v"
                + " WHERE NOT EXISTS (SELECT 1 FROM sync_locks WHERE partition_key = ?)")) {
            ps.setString(1, partition);
            ps.setString(2, partition);
            ps.executeUpdate();
        } catch (SQLException e) {
            // Two first-ever lockers raced on the insert; the row exists either way.
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** H2's "Timeout trying to lock table" (error 50200), and a deadlock answer, both mean: someone else holds it. */
    private static boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 50200 || e.getErrorCode() == 40001 || "HYT00".equals(e.getSQLState())
                || "40001".equals(e.getSQLState());
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // The connection is being given up after a failure already reported.
            }
        }
    }

    private final class DatabaseHeld implements Held {
        private final String partition;
        private final Connection connection;
        private final Semaphore inProcess;
        private boolean closed;

        DatabaseHeld(String partition, Connection connection, Semaphore inProcess) {
            this.partition = partition;
            this.connection = connection;
            this.inProcess = inProcess;
        }

        @Override
        public String partition() {
            return partition;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (vendor == StoreVendor.POSTGRESQL) {
                    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                        ps.setInt(1, ADVISORY_NAMESPACE);
                        ps.setString(2, partition);
                        ps.executeQuery().close();
                    }
                } else {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                connection.close();
            } catch (SQLException e) {
                // A connection that could not unlock must not go back to the pool still holding the lock: drop it.
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException ignored) {
                    // Aborting closes the socket; the database releases the lock with the session.
                }
                closeQuietly(connection);
            } finally {
                inProcess.release();
            }
        }
    }
}
