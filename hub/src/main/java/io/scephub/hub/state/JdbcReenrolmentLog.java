package io.scephub.hub.state;

import io.scephub.core.renewal.ReenrolmentLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** The {@code renewal_pushes} table: the renewal rings' record of pushed devices, shared by every hub instance. */
public final class JdbcReenrolmentLog implements ReenrolmentLog {
    private final Supplier<DataSource> dataSource;

    /** @param dataSource opened when first needed, so plans without due rings never open the state store */
    public JdbcReenrolmentLog(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Push> since(String enrollment, Instant since) {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT device_id, pushed_at FROM renewal_pushes"
                     + " WHERE enrollment = ? AND pushed_at >= ? ORDER BY pushed_at, device_id")) {
            select.setString(1, enrollment);
            select.setObject(2, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            List<Push> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new Push(enrollment, rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the renewal pushes of enrollment " + enrollment + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String enrollment, Collection<String> deviceIds, Instant at) {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO renewal_pushes (enrollment, device_id, pushed_at) VALUES (?,?,?)")) {
                for (String device : deviceIds) {
                    insert.setString(1, enrollment);
                    insert.setString(2, device);
                    insert.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the renewal pushes of enrollment " + enrollment + ": " + e.getMessage(), e);
        }
    }
}
