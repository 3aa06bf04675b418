package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStateCountsTest {
    static final Instant T0 = Instant.parse("2030-03-31T00:30:15Z");

    @TempDir
    Path dir;

    @Test
    void onH2TheNewestCountsOfEachEnrollmentAreReadBackAndOldRowsTrimmed() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            newestAndTrimmed(store);
        }
    }

    @Test
    void onPostgresTheNewestCountsOfEachEnrollmentAreReadBackAndOldRowsTrimmed() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             StateStore store = StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"),
                     Optional.empty(), Path.of("unused"))) {
            newestAndTrimmed(store);
        }
    }

    @Test
    void stuckDevicesAreReplacedPerRecordedEnrollmentAndReadBackInOrder() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            StuckDeviceRecords stuck = new DeviceStateCounts(store.dataSource()).stuckDevices();
            stuck.replace(List.of("mac", "win"), List.of(stuck("mac", "MAC-B", "run-1"), stuck("mac", "MAC-A", "run-1"),
                    stuck("win", "PC-1", "run-1")));
            assertThat(stuck.all()).extracting(StuckDeviceRecords.Stuck::deviceName).containsExactly("MAC-A", "MAC-B", "PC-1");

            // A later sync that counted only "mac" found MAC-A alone stuck; "win" keeps what it had.
            stuck.replace(List.of("mac"), List.of(stuck("mac", "MAC-A", "run-2")));
            assertThat(stuck.all()).containsExactly(stuck("mac", "MAC-A", "run-2"), stuck("win", "PC-1", "run-1"));
            stuck.replace(List.of("win"), List.of());
            assertThat(stuck.all()).containsExactly(stuck("mac", "MAC-A", "run-2"));
        }
    }

    private static StuckDeviceRecords.Stuck stuck(String enrollment, String name, String run) {
        return new StuckDeviceRecords.Stuck(enrollment, enrollment.equals("mac") ? "jamf" : "intune", "id-" + name, name,
                "renewal stuck: pushed 3 times", run, T0, 2);
    }

    private static void newestAndTrimmed(StateStore store) {
        DeviceStateCounts counts = new DeviceStateCounts(store.dataSource());
        List<DeviceStateCounts.Counts> history = new ArrayList<>();
        for (int i = 0; i < DeviceStateCounts.KEEP + 5; i++) {
            history.add(row("win", "intune", "run-" + i, T0.plusSeconds(60L * i), i));
        }
        history.forEach(h -> counts.record(List.of(h)));
        counts.record(List.of(row("mac", "jamf", "run-x", T0, 7)));

        assertThat(counts.latest()).containsExactly(row("mac", "jamf", "run-x", T0, 7),
                row("win", "intune", "run-" + (DeviceStateCounts.KEEP + 4), T0.plusSeconds(60L * (DeviceStateCounts.KEEP + 4)),
                        DeviceStateCounts.KEEP + 4));
        assertThat(rows(store, "win")).isEqualTo(DeviceStateCounts.KEEP);
        assertThat(counts.latest().get(0).total()).isEqualTo(7 + 1 + 2 + 3 + 4 + 5);
        assertThat(counts.latest().get(0).byState()).containsExactly(java.util.Map.entry("issued", 7L), java.util.Map.entry("expiring", 1L),
                java.util.Map.entry("expired", 2L), java.util.Map.entry("pending", 3L), java.util.Map.entry("failed", 4L),
                java.util.Map.entry("other", 5L));
    }

    @Test
    void twoTenantsWithAnEnrollmentOfOneNameKeepTheirOwnCountsOnH2AndPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             StateStore pg = StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"),
                     Optional.empty(), Path.of("unused"));
             StateStore h2 = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            for (StateStore store : List.of(h2, pg)) {
                DeviceStateCounts prod = new DeviceStateCounts(store.dataSource(), "prod");
                DeviceStateCounts preview = new DeviceStateCounts(store.dataSource(), "preview");
                prod.record(List.of(row("win", "intune", "run-prod", T0, 11)));
                preview.record(List.of(row("win", "intune", "run-preview", T0, 3)));

                assertThat(prod.latest()).containsExactly(row("win", "intune", "run-prod", T0, 11));
                assertThat(preview.latest()).containsExactly(row("win", "intune", "run-preview", T0, 3));
                assertThat(new DeviceStateCounts(store.dataSource()).latest()).as("the default tenant's").isEmpty();
            }
        }
    }

    private static DeviceStateCounts.Counts row(String enrollment, String mdm, String run, Instant at, long issued) {
        return new DeviceStateCounts.Counts(enrollment, mdm, run, at, issued, 1, 2, 3, 4, 5);
    }

    private static long rows(StateStore store, String enrollment) {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM device_state_counts WHERE enrollment = '" + enrollment + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
