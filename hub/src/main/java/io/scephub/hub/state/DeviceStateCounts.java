package io.scephub.hub.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code device_state_counts} table: per enrollment and sync, the devices the MDM reported in each certificate state. */
public final class DeviceStateCounts {
    /** Rows kept per enrollment; older ones are deleted when a new one is written. */
    static final int KEEP = 90;

    /** One enrollment's counts at one sync. */
    public record Counts(String enrollment, String mdm, String runId, Instant recordedAt, long issued, long expiring, long expired,
                         long pending, long failed, long other) {
        public long total() {
            return issued + expiring + expired + pending + failed + other;
        }

        /** The counts by state name, in the order the console shows them. */
        public Map<String, Long> byState() {
            Map<String, Long> out = new LinkedHashMap<>();
            out.put("issued", issued);
            out.put("expiring", expiring);
            out.put("expired", expired);
            out.put("pending", pending);
            out.put("failed", failed);
            out.put("other", other);
            return out;
        }
    }

    private final DataSource dataSource;
    private final String tenant;

    /** The {@code default} tenant's counts (a file without tenants:). */
    public DeviceStateCounts(DataSource dataSource) {
        this(dataSource, "default");
    }

    /** {@code tenant}'s counts: two tenants may both have an enrollment of one name. */
    public DeviceStateCounts(DataSource dataSource, String tenant) {
        this.dataSource = dataSource;
        this.tenant = java.util.Objects.requireNonNull(tenant, "tenant");
    }

    /** The stuck devices recorded beside the counts, in the same store. */
    public StuckDeviceRecords stuckDevices() {
        return new StuckDeviceRecords(dataSource, tenant);
    }

    /** Adds one row per enrollment in one transaction and trims each enrollment's history to the newest {@link #KEEP}. */
    public void record(List<Counts> counts) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO device_state_counts (enrollment, recorded_at, run_id, mdm,"
                    + " issued, expiring, expired, pending, failed, other, tenant) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement oldest = c.prepareStatement("SELECT recorded_at FROM device_state_counts WHERE enrollment = ? AND tenant = ?"
                         + " ORDER BY recorded_at DESC OFFSET " + KEEP + " ROWS FETCH FIRST 1 ROWS ONLY");
                 PreparedStatement trim = c.prepareStatement("DELETE FROM device_state_counts WHERE enrollment = ? AND recorded_at <= ?"
                         + " AND tenant = ?")) {
                for (Counts n : counts) {
                    insert.setString(1, n.enrollment());
                    insert.setObject(2, OffsetDateTime.ofInstant(n.recordedAt(), ZoneOffset.UTC));
                    insert.setString(3, n.runId());
                    insert.setString(4, n.mdm());
                    insert.setLong(5, n.issued());
                    insert.setLong(6, n.expiring());
                    insert.setLong(7, n.expired());
                    insert.setLong(8, n.pending());
                    insert.setLong(9, n.failed());
                    insert.setLong(10, n.other());
                    insert.setString(11, tenant);
                    insert.executeUpdate();
                    oldest.setString(1, n.enrollment());
                    oldest.setString(2, tenant);
                    try (ResultSet rs = oldest.executeQuery()) {
                        if (rs.next()) {
                            trim.setString(1, n.enrollment());
                            trim.setObject(2, rs.getObject(1, OffsetDateTime.class));
                            trim.setString(3, tenant);
                            trim.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the device state counts (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** The newest counts of each enrollment, by enrollment name. */
    public List<Counts> latest() {
        List<Counts> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.enrollment, d.mdm, d.run_id, d.recorded_at, d.issued, d.expiring,"
                     + " d.expired, d.pending, d.failed, d.other FROM device_state_counts d WHERE d.tenant = ? AND d.recorded_at ="
                     + " (SELECT MAX(n.recorded_at) FROM device_state_counts n WHERE n.enrollment = d.enrollment AND n.tenant = d.tenant)"
                     + " ORDER BY d.enrollment")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Counts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
            }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the device state counts (SQLState " + e.getSQLState() + ")", e);
        }
        return out;
    }
}
