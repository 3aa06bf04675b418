package io.scephub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console sessions in the state store: two hub instances on one database see one set of sessions, stored hashed. */
class ConsoleSessionsTest {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static StateStore openPostgres() {
        return StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(),
                Path.of("unused"));
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void onPostgresASessionMadeByOneInstanceIsKnownToTheOtherUntilEitherSignsItOut() {
        try (StateStore storeA = openPostgres(); StateStore storeB = openPostgres()) {
            assertSharedBetween(new ConsoleSessions(storeA.dataSource(), at(NOW)), new ConsoleSessions(storeB.dataSource(), at(NOW)));
        }
    }

    @Test
    void onH2TwoSessionRegistriesOverOneStoreShareTheSessions() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            assertSharedBetween(new ConsoleSessions(store.dataSource(), at(NOW)), new ConsoleSessions(store.dataSource(), at(NOW)));
        }
    }

    private static void assertSharedBetween(ConsoleSessions a, ConsoleSessions b) {
        ConsoleSession created = a.create("00u-operator", "Olga Operator", ConsoleRole.OPERATOR);

        ConsoleSession found = b.find(created.id()).orElseThrow();
        assertThat(found.subject()).isEqualTo("00u-operator");
        assertThat(found.displayName()).isEqualTo("Olga Operator");
        assertThat(found.role()).isEqualTo(ConsoleRole.OPERATOR);
        assertThat(found.csrfToken()).as("the other instance renders the same CSRF token").isEqualTo(created.csrfToken());
        assertThat(found.expiresAt()).isEqualTo(NOW.plus(ConsoleSessions.SESSION_LIFETIME));
        assertThat(b.find(created.id() + "x")).isEmpty();
        assertThat(b.find("")).isEmpty();
        assertThat(b.find(null)).isEmpty();

        ConsoleSession other = b.create("00u-viewer", "Vic Viewer", ConsoleRole.VIEWER);
        assertThat(other.csrfToken()).isNotEqualTo(created.csrfToken());
        assertThat(a.find(other.id()).orElseThrow().role()).isEqualTo(ConsoleRole.VIEWER);

        b.end(created.id());
        assertThat(a.find(created.id())).as("signed out on every instance").isEmpty();
        assertThat(a.find(other.id())).isPresent();
    }

    @Test
    void anExpiredSessionIsNotFoundAndTheNextSignInPurgesIt() throws Exception {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            ConsoleSession early = new ConsoleSessions(store.dataSource(), at(NOW)).create("00u-1", "One", ConsoleRole.VIEWER);
            Instant later = NOW.plus(ConsoleSessions.SESSION_LIFETIME);
            ConsoleSessions atExpiry = new ConsoleSessions(store.dataSource(), at(later));

            assertThat(new ConsoleSessions(store.dataSource(), at(later.minus(Duration.ofSeconds(1)))).find(early.id())).isPresent();
            assertThat(atExpiry.find(early.id())).isEmpty();
            assertThat(rows(store.dataSource())).hasSize(1);

            ConsoleSession next = atExpiry.create("00u-2", "Two", ConsoleRole.VIEWER);

            assertThat(rows(store.dataSource())).hasSize(1);
            assertThat(atExpiry.find(next.id())).isPresent();
            assertThat(atExpiry.purgeExpired(later.plus(ConsoleSessions.SESSION_LIFETIME))).isEqualTo(1);
            assertThat(rows(store.dataSource())).isEmpty();
        }
    }

    @Test
    void theStoreHoldsNeitherASessionIdNorACsrfTokenInClear() throws Exception {
        try (StateStore h2 = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir); StateStore pg = openPostgres()) {
            for (DataSource dataSource : List.of(h2.dataSource(), pg.dataSource())) {
                ConsoleSession session = new ConsoleSessions(dataSource, at(NOW)).create("00u-3", "Three", ConsoleRole.OPERATOR);

                List<String> stored = rows(dataSource).stream().flatMap(List::stream).toList();
                assertThat(stored).isNotEmpty().allSatisfy(value -> assertThat(value)
                        .doesNotContain(session.id()).doesNotContain(session.csrfToken()));
                assertThat(stored).contains(ConsoleSessions.digest(session.id()), ConsoleSessions.digest(session.csrfToken()));
            }
        }
    }

    /** Every row of console_sessions, every column as text. */
    private static List<List<String>> rows(DataSource dataSource) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM console_sessions")) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(result.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
