package io.scephub.hub.state;

import io.scephub.core.challenge.ReplayStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The delegated-challenge replay cache in the state store's {@code challenge_replay} table. The
 * primary key on {@code (issuer, jti)} decides "first use wins": of any number of hub instances
 * inserting the same id at once, the database lets exactly one insert succeed.
 */
public final class JdbcReplayStore implements ReplayStore {
    private final DataSource dataSource;
    private final Clock clock;

    public JdbcReplayStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean markUsed(String issuer, String jti, Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO challenge_replay (issuer, jti, expires_at) VALUES (?, ?, ?)")) {
                insert.setString(1, issuer);
                insert.setString(2, jti);
                insert.setTimestamp(3, Timestamp.from(expiresAt));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
            // The id is recorded. A record that outlived its expiry (not yet purged) may be taken over;
            // the conditional UPDATE is atomic, so of two racing takers only one sees a changed row.
            try (PreparedStatement renew = c.prepareStatement(
                    "UPDATE challenge_replay SET expires_at = ? WHERE issuer = ? AND jti = ? AND expires_at < ?")) {
                renew.setTimestamp(1, Timestamp.from(expiresAt));
                renew.setString(2, issuer);
                renew.setString(3, jti);
                renew.setTimestamp(4, Timestamp.from(clock.instant()));
                return renew.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            // Without the store no token may be accepted: failing closed keeps a jti from being used twice.
            throw new IllegalStateException("cannot record the challenge id in the state store (SQLState "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM challenge_replay WHERE expires_at < ?")) {
            c.setAutoCommit(true);
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge expired challenge ids (SQLState " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
    }

    /** PostgreSQL and H2 report a unique violation as 23505; older H2 modes as 23001. */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if ("23505".equals(current.getSQLState()) || "23001".equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
