package io.scephub.hub.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code renewal_stuck_devices} table: per tenant and enrollment, the devices its renewal rings reported stuck at the last recorded sync. */
public final class StuckDeviceRecords {
    /** Devices kept per enrollment; the full count is kept beside them. */
    public static final int KEEP = 500;

    /** One stuck device of one enrollment, as a sync's status read marked it; {@code total}: the enrollment's stuck devices then. */
    public record Stuck(String enrollment, String mdm, String deviceId, String deviceName, String detail, String runId,
                        Instant recordedAt, long total) {
    }

    private final DataSource dataSource;
    private final String tenant;

    /** The {@code default} tenant's (a file without tenants:). */
    public StuckDeviceRecords(DataSource dataSource) {
        this(dataSource, "default");
    }

    /** {@code tenant}'s stuck devices: two tenants may both have an enrollment of one name. */
    public StuckDeviceRecords(DataSource dataSource, String tenant) {
        this.dataSource = dataSource;
        this.tenant = java.util.Objects.requireNonNull(tenant, "tenant");
    }

    /** Replaces the stuck devices of {@code enrollments} (an enrollment with none is emptied) in one transaction. */
    public void replace(List<String> enrollments, List<Stuck> stuck) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM renewal_stuck_devices WHERE enrollment = ? AND tenant = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO renewal_stuck_devices (enrollment, device_id, device_name,"
                         + " mdm, run_id, recorded_at, stuck_total, detail, tenant) VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (String enrollment : enrollments) {
                    delete.setString(1, enrollment);
                    delete.setString(2, tenant);
                    delete.executeUpdate();
                }
                for (Stuck s : stuck) {
                    insert.setString(1, s.enrollment());
                    insert.setString(2, s.deviceId());
                    insert.setString(3, cut(s.deviceName(), 256));
                    insert.setString(4, s.mdm());
                    insert.setString(5, s.runId());
                    insert.setObject(6, OffsetDateTime.ofInstant(s.recordedAt(), ZoneOffset.UTC));
                    insert.setLong(7, s.total());
                    insert.setString(8, cut(s.detail(), 1000));
                    insert.setString(9, tenant);
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the stuck devices (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** Every recorded stuck device, by enrollment and device name. */
    public List<Stuck> all() {
        List<Stuck> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT enrollment, mdm, device_id, device_name, detail, run_id, recorded_at,"
                     + " stuck_total FROM renewal_stuck_devices WHERE tenant = ? ORDER BY enrollment, device_name, device_id")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stuck(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getLong(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stuck devices (SQLState " + e.getSQLState() + ")", e);
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
