package io.scephub.hub.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scephub.core.model.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The hub's database: an H2 file under the data directory by default, PostgreSQL when a JDBC URL
 * is configured (several hub instances share it). The schema comes from Flyway migrations.
 */
public final class StateStore implements AutoCloseable {
    private final HikariDataSource dataSource;

    private StateStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens (and migrates) the configured database, or the embedded H2 file {@code <dataDir>/scephub}. */
    public static StateStore open(Optional<String> jdbcUrl, Optional<String> username, Optional<Secret> password, Path dataDir) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("scephub-state");
        hc.setMaximumPoolSize(8);
        if (jdbcUrl.isPresent()) {
            hc.setJdbcUrl(jdbcUrl.get());
            username.ifPresent(hc::setUsername);
            password.ifPresent(p -> hc.setPassword(p.reveal()));
        } else {
            // AUTO_SERVER lets a second local process (e.g. the CLI next to `serve`) open the same file.
            hc.setJdbcUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("scephub") + ";AUTO_SERVER=TRUE");
            hc.setUsername("sa");
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            // db/vendor/<h2|postgresql> holds DDL that differs between the two (db-scheduler's table).
            Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + vendor(ds)).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new StateStore(ds);
    }

    private static String vendor(DataSource ds) {
        String product;
        try (Connection c = ds.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the state store (SQLState " + e.getSQLState() + ")", e);
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        if (product.contains("h2")) {
            return "h2";
        }
        throw new IllegalStateException("state.jdbcUrl points at " + product + "; the state store supports PostgreSQL (and the"
                + " embedded H2)");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
