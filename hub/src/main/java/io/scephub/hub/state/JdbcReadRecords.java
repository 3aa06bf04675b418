package io.scephub.hub.state;

import io.scephub.core.reads.ReadRecord;
import io.scephub.core.reads.ReadRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Kept reads in the state store's {@code kept_reads} table, one row per connector, tenant and vendor object. */
public final class JdbcReadRecords implements ReadRecords {
    private static final String UPDATE = "UPDATE kept_reads SET format = ?, listing = ?, read_at = ?, owned_json = ?"
            + " WHERE connector = ? AND scope = ? AND vendor_id = ? AND tenant = ?";
    private static final String INSERT = "INSERT INTO kept_reads (format, listing, read_at, owned_json, connector, scope, vendor_id,"
            + " tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final String tenant;

    /** The default tenant's kept reads (a file without tenants:). */
    public JdbcReadRecords(DataSource dataSource) {
        this(dataSource, AuditLog.DEFAULT_TENANT);
    }

    /** {@code tenant}'s kept reads: another tenant's are never seen. */
    public JdbcReadRecords(DataSource dataSource, String tenant) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
    }

    @Override
    public List<ReadRecord> all(String connector, String scope) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT vendor_id, format, listing, read_at, owned_json FROM kept_reads"
                     + " WHERE connector = ? AND scope = ? AND tenant = ?")) {
            ps.setString(1, connector);
            ps.setString(2, scope);
            ps.setString(3, tenant);
            List<ReadRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new ReadRecord(connector, scope, rs.getString(1), rs.getInt(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), Optional.ofNullable(rs.getString(5))));
                }
            }
            return records;
        } catch (SQLException e) {
            throw failed("read the kept reads of " + connector, e);
        }
    }

    /**
     * Update first, as most puts replace a record. Two writers inserting the same new record race on the
     * primary key: the loser's insert fails as a duplicate and its update then wins, as the later write should.
     */
    @Override
    public void put(ReadRecord record) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (write(c, UPDATE, record) == 1) {
                return;
            }
            try {
                write(c, INSERT, record);
            } catch (SQLException e) {
                if (!JdbcReplayStore.isDuplicateKey(e)) {
                    throw e;
                }
                write(c, UPDATE, record);
            }
        } catch (SQLException e) {
            throw failed("keep the read of " + record.connector() + " object " + record.vendorId(), e);
        }
    }

    @Override
    public void delete(String connector, String scope, String vendorId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM kept_reads WHERE connector = ? AND scope = ? AND vendor_id = ?"
                     + " AND tenant = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, connector);
            ps.setString(2, scope);
            ps.setString(3, vendorId);
            ps.setString(4, tenant);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("drop the kept read of " + connector + " object " + vendorId, e);
        }
    }

    /** UPDATE and INSERT take the same parameters in the same order. */
    private int write(Connection c, String sql, ReadRecord record) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, record.format());
            ps.setString(2, record.listing());
            ps.setObject(3, OffsetDateTime.ofInstant(record.readAt(), ZoneOffset.UTC));
            ps.setString(4, record.owned().orElse(null));
            ps.setString(5, record.connector());
            ps.setString(6, record.scope());
            ps.setString(7, record.vendorId());
            ps.setString(8, tenant);
            return ps.executeUpdate();
        }
    }

    // A kept read that cannot be written could leave an older one to be used: the run stops instead.
    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " in the state store (SQLState " + e.getSQLState() + "): "
                + e.getMessage(), e);
    }
}
