package io.scephub.hub.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
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
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code enrollment_plans} table: each enrollment's last plan, as the sync that made it left it. */
public final class EnrollmentPlans {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());
    private static final TypeReference<List<Change>> CHANGES = new TypeReference<>() {
    };

    /**
     * One enrollment's part of a sync's plan: every resource it manages (no-ops included) and, for
     * those that differed, the fields and what became of the change.
     */
    public record EnrollmentPlan(String enrollment, String runId, Instant plannedAt, boolean dryRun, List<Change> changes) {
        public EnrollmentPlan {
            changes = List.copyOf(changes);
        }

        /** The changes that do something (all but no-ops). */
        public List<Change> effective() {
            return changes.stream().filter(c -> !c.action().equals(NO_OP)).toList();
        }
    }

    /**
     * One resource of the plan.
     *
     * @param status {@code unchanged} for a no-op, {@code planned} in a dry run, else the apply outcome
     *               ({@code applied}, {@code adopted}, {@code failed}, {@code skipped}, {@code not-attempted})
     */
    public record Change(String resource, String action, String status, Optional<String> vendorId, List<Field> fields) {
        public Change {
            fields = List.copyOf(fields);
        }
    }

    /** An attribute that differs, both sides rendered as the plan prints them (secrets masked). */
    public record Field(String path, String before, String after) {
    }

    public static final String NO_OP = "no-op";
    public static final String UNCHANGED = "unchanged";

    private final DataSource dataSource;
    private final String tenant;

    /** The default tenant's plans (a file without tenants:). */
    public EnrollmentPlans(DataSource dataSource) {
        this(dataSource, AuditLog.DEFAULT_TENANT);
    }

    /** {@code tenant}'s plans: two tenants may both have an enrollment of one name. */
    public EnrollmentPlans(DataSource dataSource, String tenant) {
        this.dataSource = dataSource;
        this.tenant = tenant;
    }

    /** Replaces the recorded plans of these enrollments, in one transaction. */
    public void record(Collection<EnrollmentPlan> plans) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM enrollment_plans WHERE enrollment = ? AND tenant = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO enrollment_plans (enrollment, run_id, planned_at, dry_run,"
                         + " changes_json, tenant) VALUES (?,?,?,?,?,?)")) {
                for (EnrollmentPlan plan : plans) {
                    delete.setString(1, plan.enrollment());
                    delete.setString(2, tenant);
                    delete.executeUpdate();
                    insert.setString(1, plan.enrollment());
                    insert.setString(2, plan.runId());
                    insert.setObject(3, OffsetDateTime.ofInstant(plan.plannedAt(), ZoneOffset.UTC));
                    insert.setBoolean(4, plan.dryRun());
                    insert.setString(5, JSON.writeValueAsString(plan.changes()));
                    insert.setString(6, tenant);
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the enrollment plans (SQLState " + e.getSQLState() + ")", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record the enrollment plans: " + e.getOriginalMessage(), e);
        }
    }

    /** Every recorded plan, by enrollment name. */
    public List<EnrollmentPlan> all() {
        List<EnrollmentPlan> plans = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT enrollment, run_id, planned_at, dry_run, changes_json"
                     + " FROM enrollment_plans WHERE tenant = ? ORDER BY enrollment")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plans.add(new EnrollmentPlan(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getBoolean(4), JSON.readValue(rs.getString(5), CHANGES)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the enrollment plans (SQLState " + e.getSQLState() + ")", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("enrollment_plans holds a row that is not a plan: " + e.getOriginalMessage(), e);
        }
        return plans;
    }

    public Optional<EnrollmentPlan> find(String enrollment) {
        return all().stream().filter(p -> p.enrollment().equals(enrollment)).findFirst();
    }
}
