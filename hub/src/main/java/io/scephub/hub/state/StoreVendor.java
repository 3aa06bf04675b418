package io.scephub.hub.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The two databases a state store can be: the embedded H2 file or PostgreSQL (several instances). */
public enum StoreVendor {
    H2("h2"), POSTGRESQL("postgresql");

    private final String folder;

    StoreVendor(String folder) {
        this.folder = folder;
    }

    /** The folder under {@code db/vendor/} with this database's own DDL. */
    public String folder() {
        return folder;
    }

    /** Which of the two {@code dataSource} is; anything else is refused with what is supported. */
    public static StoreVendor of(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the state store (SQLState " + e.getSQLState() + ")", e);
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalStateException("state.jdbcUrl points at " + product + "; the state store supports PostgreSQL (and the"
                + " embedded H2)");
    }
}
