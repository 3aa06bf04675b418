package io.scephub.hub.state;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;

/**
 * The state store's schema: Flyway's migrations under {@code db/migration} and {@code db/vendor/<h2|postgresql>}.
 * Flyway runs only when the store is not already exactly at this build's migrations, so a read command on an
 * up-to-date store pays one query instead of Flyway's scan and validation.
 */
final class StoreSchema {
    /**
     * The versions of the migration files, the same numbers in both vendor folders ({@code StoreSchemaTest} keeps
     * this list equal to the files). A version missing here only costs time: the store then looks behind and
     * Flyway runs as before.
     */
    static final List<String> VERSIONS = List.of("1", "2", "3", "4", "5", "6", "9", "10", "11", "13", "14", "15", "16", "18",
            "19", "20");
    static final String COMMON = "db/migration";
    /** The rows Flyway writes (without a version) when it created the schema or its history table: no migration. */
    private static final Set<String> MARKERS = Set.of("SCHEMA", "TABLE");

    private StoreSchema() {
    }

    /** Migrates the store unless it is {@link #current}; true when Flyway ran. */
    static boolean migrateIfBehind(DataSource dataSource, StoreVendor vendor) {
        if (current(dataSource, vendor)) {
            return false;
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:" + COMMON, "classpath:" + vendorFolder(vendor)).load()
                .migrate();
        return true;
    }

    /**
     * Whether Flyway would find nothing to do and nothing to refuse: its history holds exactly {@link #VERSIONS}, every
     * one applied successfully, each with the checksum Flyway computes of the file this build carries (an edited
     * migration, a failed one, one applied by a newer build or one not yet applied all answer false). Any
     * failure to read the history (a new store has none) answers false too.
     */
    static boolean current(DataSource dataSource, StoreVendor vendor) {
        Set<String> applied = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT \"version\", \"script\", \"checksum\", \"success\", \"type\""
                     + " FROM \"flyway_schema_history\"")) {
            while (rows.next()) {
                String version = rows.getString(1);
                String script = rows.getString(2);
                int checksum = rows.getInt(3);
                boolean noChecksum = rows.wasNull();
                boolean success = rows.getBoolean(4);
                String type = rows.getString(5);
                if (MARKERS.contains(type) && version == null && success) {
                    continue;
                }
                if (!success || version == null || noChecksum || !"SQL".equals(type)) {
                    return false;
                }
                if (!checksum(script, vendor).map(sum -> sum == checksum).orElse(false) || !applied.add(version)) {
                    return false;
                }
            }
        } catch (SQLException e) {
            return false;
        }
        return applied.equals(Set.copyOf(VERSIONS));
    }

    /** The checksum Flyway records for {@code script}, from the common folder or the vendor's; empty when neither has it. */
    private static Optional<Integer> checksum(String script, StoreVendor vendor) {
        if (script == null || script.contains("/")) {
            return Optional.empty();
        }
        for (String folder : List.of(COMMON, vendorFolder(vendor))) {
            String path = folder + "/" + script;
            if (StoreSchema.class.getClassLoader().getResource(path) != null) {
                // Flyway's own calculation (CRC32 of the lines without BOM or line breaks), so the two never differ.
                return Optional.of(ChecksumCalculator.calculate(new Migration(path)));
            }
        }
        return Optional.empty();
    }

    static String vendorFolder(StoreVendor vendor) {
        return "db/vendor/" + vendor.folder();
    }

    /** A migration file on the class path, as Flyway's checksum reads it. */
    private static final class Migration extends LoadableResource {
        private final String path;

        Migration(String path) {
            this.path = path;
        }

        @Override
        public Reader read() {
            InputStream in = StoreSchema.class.getClassLoader().getResourceAsStream(path);
            if (in == null) {
                throw new IllegalStateException("migration " + path + " is not on the class path");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public String getRelativePath() {
            return path;
        }
    }
}
