package io.scephub.hub.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scephub.config.HubSettings;
import io.scephub.core.model.Secret;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: an H2 file under the data directory by default, PostgreSQL when a JDBC URL
 * is configured (several hub instances share it). The schema comes from Flyway migrations ({@link StoreSchema}).
 */
public final class StateStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    /** Parsed statements an H2 session keeps for reuse (H2's default is 8). */
    static final int QUERY_CACHE_SIZE = 64;
    /** The embedded H2 database's name under the data directory. */
    private static final String H2_NAME = "scephub";
    private final HikariDataSource dataSource;
    private final SyncLock syncLock;
    private final int syncsAtOnce;

    private StateStore(HikariDataSource dataSource, StoreVendor vendor, int syncsAtOnce) {
        this.dataSource = dataSource;
        this.syncLock = new SyncLock(dataSource, vendor);
        this.syncsAtOnce = syncsAtOnce;
    }

    /** {@link #open(Optional, Optional, Optional, Path, int)} with the default parallelism for that kind of store. */
    public static StateStore open(Optional<String> jdbcUrl, Optional<String> username, Optional<Secret> password, Path dataDir) {
        return open(jdbcUrl, username, password, dataDir, HubSettings.State.defaultSyncsAtOnce(jdbcUrl));
    }

    /**
     * Opens (and migrates) the configured database, or the embedded H2 file {@code <dataDir>/scephub}, with connections
     * for {@code syncsAtOnce} tenants syncing at once.
     */
    public static StateStore open(Optional<String> jdbcUrl, Optional<String> username, Optional<Secret> password, Path dataDir,
                                  int syncsAtOnce) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("scephub-state");
        // Each running sync holds one connection for its lock and needs one more to record its run and audit. The pool
        // opens them only as syncs need them.
        hc.setMaximumPoolSize(2 * syncsAtOnce + 4);
        hc.setMinimumIdle(2);
        if (jdbcUrl.isPresent()) {
            hc.setJdbcUrl(jdbcUrl.get());
            username.ifPresent(hc::setUsername);
            password.ifPresent(p -> hc.setPassword(p.reveal()));
        } else {
            // AUTO_SERVER lets a second local process (e.g. the CLI next to `serve`) open the same file. A pooled session
            // keeps its parsed statements for reuse; H2's default of 8 is fewer than a sync runs (lock, run, plan, audit,
            // kept reads), so each statement was parsed again on every execution.
            hc.setJdbcUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_NAME) + ";AUTO_SERVER=TRUE;QUERY_CACHE_SIZE="
                    + QUERY_CACHE_SIZE);
            hc.setUsername("sa");
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (jdbcUrl.isEmpty() && h2InUse(e)) {
                Path file = h2File(dataDir);
                throw new IllegalStateException("another scephub is using the state store " + file + " (H2 lets one process"
                        + " open it, and that process's AUTO_SERVER port cannot be reached from here); stop it, or run this"
                        + " command where it runs. To run several instances use PostgreSQL (state.jdbcUrl)", e);
            }
            throw e;
        }
        StoreVendor vendor;
        try {
            vendor = StoreVendor.of(ds);
            // db/vendor/<h2|postgresql> holds DDL that differs between the two (db-scheduler's table); Flyway runs
            // unless the store already holds exactly these migrations.
            StoreSchema.migrateIfBehind(ds, vendor);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        // Which command opens the store how often shows here (a test counts them: several tenants share one store).
        LOG.debug("state_store_opened vendor={}", vendor.folder());
        return new StateStore(ds, vendor, syncsAtOnce);
    }

    /**
     * Whether the embedded H2 store under {@code dataDir} is there already (something wrote it). Opening a store that is
     * not there creates it, which a read must only do when it records something.
     */
    public static boolean exists(Path dataDir) {
        return java.nio.file.Files.isRegularFile(h2File(dataDir));
    }

    /** The embedded store's file: H2 adds {@code .mv.db} to the name in the JDBC URL. */
    private static Path h2File(Path dataDir) {
        return dataDir.toAbsolutePath().resolve(H2_NAME + ".mv.db");
    }

    /** H2's "Database may be already in use" (error 90020): another process holds the file. */
    private static boolean h2InUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many tenants' syncs may run at once against this store: its connection pool is sized for them. */
    public int syncsAtOnce() {
        return syncsAtOnce;
    }

    /** The lock that lets one sync (or apply) of a partition of this store run at a time. */
    public SyncLock syncLock() {
        return syncLock;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
