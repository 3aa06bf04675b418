package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Flyway runs on a store that is behind (or differs) and is skipped on one that holds exactly this build's migrations. */
class StoreSchemaTest {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");
    @RegisterExtension
    static final PostgresForClass POSTGRES = new PostgresForClass();

    @TempDir
    Path dir;

    @Test
    void theKnownVersionsAreTheMigrationFilesOfEachVendor() throws Exception {
        for (StoreVendor vendor : StoreVendor.values()) {
            List<String> files = new ArrayList<>(versionsIn(StoreSchema.COMMON));
            files.addAll(versionsIn(StoreSchema.vendorFolder(vendor)));
            files.sort(Comparator.comparingInt(Integer::parseInt));
            assertThat(StoreSchema.VERSIONS).as("StoreSchema.VERSIONS against the files for " + vendor).isEqualTo(files);
        }
    }

    @Test
    void aNewH2StoreIsMigratedAndThenSkipped() {
        newStoreIsMigratedAndThenSkipped(h2("fresh"), StoreVendor.H2);
    }

    @Test
    void aNewPostgresStoreIsMigratedAndThenSkipped() throws Exception {
        newStoreIsMigratedAndThenSkipped(freshPostgres(), StoreVendor.POSTGRESQL);
    }

    private static void newStoreIsMigratedAndThenSkipped(DataSource store, StoreVendor vendor) {
        assertThat(StoreSchema.current(store, vendor)).as("a store without a history").isFalse();
        assertThat(StoreSchema.migrateIfBehind(store, vendor)).as("Flyway runs on a new store").isTrue();
        assertThat(history(store)).isEqualTo(StoreSchema.VERSIONS);
        assertThat(StoreSchema.current(store, vendor)).isTrue();
        assertThat(StoreSchema.migrateIfBehind(store, vendor)).as("Flyway is skipped on an up-to-date store").isFalse();
    }

    @Test
    void anOldH2StoreIsMigratedToTheLatestVersion() {
        oldStoreIsMigrated(h2("old"), StoreVendor.H2);
    }

    @Test
    void anOldPostgresStoreIsMigratedToTheLatestVersion() throws Exception {
        oldStoreIsMigrated(freshPostgres(), StoreVendor.POSTGRESQL);
    }

    private static void oldStoreIsMigrated(DataSource store, StoreVendor vendor) {
        String previous = StoreSchema.VERSIONS.get(StoreSchema.VERSIONS.size() - 2);
        flyway(store, vendor).target(previous).load().migrate();
        assertThat(history(store)).isEqualTo(StoreSchema.VERSIONS.subList(0, StoreSchema.VERSIONS.size() - 1));
        assertThat(StoreSchema.current(store, vendor)).isFalse();

        assertThat(StoreSchema.migrateIfBehind(store, vendor)).isTrue();
        assertThat(history(store)).isEqualTo(StoreSchema.VERSIONS);
        assertThat(StoreSchema.migrateIfBehind(store, vendor)).isFalse();
    }

    @Test
    void aStoreMissingAMigrationInTheMiddleIsMigratedByFlyway() throws Exception {
        DataSource store = h2("gap");
        StoreSchema.migrateIfBehind(store, StoreVendor.H2);
        // As if a migration numbered lower than the store's newest landed after the store was migrated.
        execute(store, "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '9'");
        assertThat(StoreSchema.current(store, StoreVendor.H2)).isFalse();
        // Flyway, not the check, decides: a resolved migration older than the newest applied one is refused.
        assertThatThrownBy(() -> StoreSchema.migrateIfBehind(store, StoreVendor.H2)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("9");
    }

    @Test
    void anEditedMigrationIsNotTakenAsCurrentAndFlywayRefusesIt() throws Exception {
        DataSource store = h2("edited");
        StoreSchema.migrateIfBehind(store, StoreVendor.H2);
        execute(store, "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '5'");
        assertThat(StoreSchema.current(store, StoreVendor.H2)).isFalse();
        assertThatThrownBy(() -> StoreSchema.migrateIfBehind(store, StoreVendor.H2)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void aFailedMigrationIsNotTakenAsCurrent() throws Exception {
        DataSource store = h2("failed");
        StoreSchema.migrateIfBehind(store, StoreVendor.H2);
        execute(store, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '20'");
        assertThat(StoreSchema.current(store, StoreVendor.H2)).isFalse();
    }

    @Test
    void aStoreANewerBuildMigratedIsLeftToFlyway() throws Exception {
        DataSource store = h2("newer");
        StoreSchema.migrateIfBehind(store, StoreVendor.H2);
        execute(store, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                + " \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES (1000, '999', 'future', 'SQL',"
                + " 'V999__future.sql', 1, 'sa', 1, TRUE)");
        assertThat(StoreSchema.current(store, StoreVendor.H2)).isFalse();
        // Flyway ignores applied migrations newer than it knows (its default), as before the check existed.
        assertThat(StoreSchema.migrateIfBehind(store, StoreVendor.H2)).isTrue();
    }

    private DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve(name));
        ds.setUser("sa");
        return ds;
    }

    private static DataSource freshPostgres() throws Exception {
        return POSTGRES.server().getDatabase("postgres", POSTGRES.createDatabase("store_schema_" + System.nanoTime()));
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource store, StoreVendor vendor) {
        return Flyway.configure().dataSource(store).locations("classpath:" + StoreSchema.COMMON,
                "classpath:" + StoreSchema.vendorFolder(vendor));
    }

    private static List<String> history(DataSource store) {
        List<String> versions = new ArrayList<>();
        try (Connection c = store.getConnection(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
                     + " ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return versions;
    }

    private static void execute(DataSource store, String sql) throws Exception {
        try (Connection c = store.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> versionsIn(String folder) throws IOException, URISyntaxException {
        Path path = Path.of(StoreSchemaTest.class.getClassLoader().getResource(folder).toURI());
        List<String> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            files.forEach(f -> {
                Matcher m = VERSIONED.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("migration file name " + f).isTrue();
                versions.add(m.group(1));
            });
        }
        return versions;
    }
}
