package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.reads.ReadRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JdbcReadRecordsTest {
    static final Instant READ_AT = Instant.parse("2030-03-31T00:30:15.123Z");
    static final String SCOPE = "https://example.jamfcloud.com/" + "tenant/".repeat(200);
    @RegisterExtension
    static final PostgresForClass POSTGRES = new PostgresForClass();

    @TempDir
    Path dir;

    @Test
    void onH2RecordsArePutReplacedListedByScopeAndDeleted() {
        onH2(JdbcReadRecordsTest::putReplaceListDelete);
    }

    @Test
    void onPostgresRecordsArePutReplacedListedByScopeAndDeleted() {
        onPostgres(JdbcReadRecordsTest::putReplaceListDelete);
    }

    @Test
    void onH2ALargeOwnedObjectAndALongListingReadBackWhole() {
        onH2(JdbcReadRecordsTest::largeValues);
    }

    @Test
    void onPostgresALargeOwnedObjectAndALongListingReadBackWhole() {
        onPostgres(JdbcReadRecordsTest::largeValues);
    }

    @Test
    void recordsSurviveReopeningTheEmbeddedDatabase() {
        onH2(records -> records.put(record("7", "Wi-Fi", READ_AT, Optional.of("{\"kind\":\"jamf.profile\"}"))));

        onH2(records -> assertThat(records.all("jamf", SCOPE)).containsExactly(
                record("7", "Wi-Fi", READ_AT, Optional.of("{\"kind\":\"jamf.profile\"}"))));
    }

    @Test
    void aReadTimeWrittenWithAnotherOffsetReadsBackAsTheSameInstant() throws Exception {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
             Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO kept_reads (connector, scope, vendor_id, format, listing, read_at)"
                    + " VALUES ('jamf', 's', '7', 1, 'Wi-Fi', TIMESTAMP WITH TIME ZONE '2030-03-31 02:30:15.123+02:00')");

            assertThat(new JdbcReadRecords(store.dataSource()).all("jamf", "s")).singleElement()
                    .extracting(ReadRecord::readAt).isEqualTo(READ_AT);
        }
    }

    private static void putReplaceListDelete(JdbcReadRecords records) {
        ReadRecord owned = record("7", "Wi-Fi", READ_AT, Optional.of("{\"kind\":\"jamf.profile\",\"name\":\"w\"}"));
        ReadRecord foreign = record("8", "Someone else's", READ_AT.plusMillis(1), Optional.empty());
        ReadRecord otherTenant = new ReadRecord("jamf", "https://other.jamfcloud.com", "7", 1, "Wi-Fi", READ_AT, Optional.empty());
        ReadRecord otherConnector = new ReadRecord("workspaceone", SCOPE, "7", 1, "Wi-Fi", READ_AT, Optional.empty());
        records.put(owned);
        records.put(foreign);
        records.put(otherTenant);
        records.put(otherConnector);

        assertThat(records.all("jamf", SCOPE)).containsExactlyInAnyOrder(owned, foreign);
        assertThat(records.all("jamf", "https://other.jamfcloud.com")).containsExactly(otherTenant);
        assertThat(records.all("workspaceone", SCOPE)).containsExactly(otherConnector);
        assertThat(records.all("jamf", "https://unknown.example")).isEmpty();

        ReadRecord renamed = new ReadRecord("jamf", SCOPE, "7", 2, "Wi-Fi (renamed)", READ_AT.plusSeconds(60), Optional.empty());
        records.put(renamed);
        assertThat(records.all("jamf", SCOPE)).containsExactlyInAnyOrder(renamed, foreign);

        records.delete("jamf", SCOPE, "7");
        records.delete("jamf", SCOPE, "no-such-object");
        assertThat(records.all("jamf", SCOPE)).containsExactly(foreign);
        assertThat(records.all("jamf", "https://other.jamfcloud.com")).containsExactly(otherTenant);
        assertThat(records.all("workspaceone", SCOPE)).containsExactly(otherConnector);
    }

    private static void largeValues(JdbcReadRecords records) {
        String json = "{\"attributes\":{\"payload\":\"" + "x".repeat(300_000) + "\"}}";
        String listing = "é".repeat(4096);
        ReadRecord large = record("9", listing, READ_AT, Optional.of(json));

        records.put(large);

        List<ReadRecord> all = records.all("jamf", SCOPE);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).owned().orElseThrow().equals(json)).as("the owned object reads back whole").isTrue();
        assertThat(all.get(0).listing().equals(listing)).as("the listing reads back whole").isTrue();
    }

    private static ReadRecord record(String vendorId, String listing, Instant readAt, Optional<String> owned) {
        return new ReadRecord("jamf", SCOPE, vendorId, 1, listing, readAt, owned);
    }

    private void onH2(Consumer<JdbcReadRecords> test) {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            test.accept(new JdbcReadRecords(store.dataSource()));
        }
    }

    private static void onPostgres(Consumer<JdbcReadRecords> test) {
        try (StateStore store = POSTGRES.open()) {
            // One server for the class: each test starts from an empty table.
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM kept_reads");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            test.accept(new JdbcReadRecords(store.dataSource()));
        }
    }
}
