package io.scephub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.state.StateStore;
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
import io.scephub.hub.state.PostgresForClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Console sessions and sign-ins in progress in the state store: two hub instances on one database share them, stored hashed or sealed. */
class ConsoleSessionsTest {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    @RegisterExtension
    static final PostgresForClass POSTGRES = new PostgresForClass();

    @TempDir
    Path dir;

    static StateStore openPostgres() {
        return POSTGRES.open();
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
        assertThat(found.access()).isEqualTo(ConsoleAccess.everywhere(ConsoleRole.OPERATOR));
        assertThat(found.csrfToken()).as("the other instance renders the same CSRF token").isEqualTo(created.csrfToken());
        assertThat(found.expiresAt()).isEqualTo(NOW.plus(ConsoleSessions.SESSION_LIFETIME));
        assertThat(b.find(created.id() + "x")).isEmpty();
        assertThat(b.find("")).isEmpty();
        assertThat(b.find(null)).isEmpty();

        ConsoleSession other = b.create("00u-viewer", "Vic Viewer", ConsoleRole.VIEWER);
        assertThat(other.csrfToken()).isNotEqualTo(created.csrfToken());
        assertThat(a.find(other.id()).orElseThrow().access()).isEqualTo(ConsoleAccess.everywhere(ConsoleRole.VIEWER));

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

    @Test
    void onPostgresASignInBegunOnOneInstanceCompletesOnTheOtherOnceAndOnlyInItsBrowser() {
        try (StateStore storeA = openPostgres(); StateStore storeB = openPostgres()) {
            assertSignInSharedBetween(storeA.dataSource(), new ConsoleSessions(storeA.dataSource(), at(NOW)),
                    new ConsoleSessions(storeB.dataSource(), at(NOW)));
        }
    }

    @Test
    void onH2ASignInBegunByOneRegistryCompletesOnAnotherOnceAndOnlyInItsBrowser() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            assertSignInSharedBetween(store.dataSource(), new ConsoleSessions(store.dataSource(), at(NOW)),
                    new ConsoleSessions(store.dataSource(), at(NOW)));
        }
    }

    private static void assertSignInSharedBetween(DataSource dataSource, ConsoleSessions a, ConsoleSessions b) {
        String state = a.randomToken();
        String nonce = a.randomToken();
        String verifier = OidcSignIn.newCodeVerifier();
        ConsoleSessions.PendingSignIn begun = a.begin(state, nonce, verifier, "/syncs");

        ConsoleSessions.PendingSignIn done = b.complete(state, begun.binding()).orElseThrow();
        assertThat(done.nonce()).isEqualTo(nonce);
        assertThat(done.codeVerifier()).isEqualTo(verifier);
        assertThat(done.next()).isEqualTo("/syncs");
        assertThat(a.complete(state, begun.binding())).as("once").isEmpty();

        ConsoleSessions.PendingSignIn carried = a.begin(a.randomToken(), a.randomToken(), OidcSignIn.newCodeVerifier(), "/");
        ConsoleSessions.PendingSignIn mine = a.begin(a.randomToken(), a.randomToken(), OidcSignIn.newCodeVerifier(), "/audit");
        assertThat(b.complete(carried.state(), mine.binding())).as("a callback carried to another browser").isEmpty();
        assertThat(b.complete(carried.state(), carried.binding())).as("a refused callback ends that sign-in").isEmpty();
        assertThat(b.complete(mine.state(), null)).isEmpty();
        assertThat(b.complete(null, mine.binding())).isEmpty();
        assertThat(b.complete("unknown-state", mine.binding())).isEmpty();
        assertThat(b.complete(mine.state(), mine.binding())).isPresent();
    }

    @Test
    void anExpiredSignInDoesNotCompleteAndIsDeletedByTheNextOneOnH2AndPostgres() throws Exception {
        try (StateStore h2 = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir); StateStore pg = openPostgres()) {
            for (DataSource dataSource : List.of(h2.dataSource(), pg.dataSource())) {
                ConsoleSessions early = new ConsoleSessions(dataSource, at(NOW));
                ConsoleSessions.PendingSignIn stale = early.begin(early.randomToken(), early.randomToken(), OidcSignIn.newCodeVerifier(), "/");
                ConsoleSessions.PendingSignIn kept = early.begin(early.randomToken(), early.randomToken(), OidcSignIn.newCodeVerifier(), "/");
                ConsoleSessions later = new ConsoleSessions(dataSource, at(NOW.plus(ConsoleSessions.SIGN_IN_LIFETIME)));

                assertThat(later.complete(stale.state(), stale.binding())).isEmpty();
                List<String> before = rows(dataSource, "console_sign_ins").stream().map(r -> r.get(0)).toList();
                ConsoleSessions.PendingSignIn next = later.begin(later.randomToken(), later.randomToken(), OidcSignIn.newCodeVerifier(), "/");
                List<String> after = rows(dataSource, "console_sign_ins").stream().map(r -> r.get(0)).toList();

                assertThat(before).contains(ConsoleSessions.digest(kept.state())).doesNotContain(ConsoleSessions.digest(stale.state()));
                assertThat(after).as("the expired one deleted, the new one kept").contains(ConsoleSessions.digest(next.state()))
                        .doesNotContain(ConsoleSessions.digest(kept.state()));
                assertThat(later.complete(kept.state(), kept.binding())).isEmpty();
            }
        }
    }

    @Test
    void theStoreHoldsNoSignInsStateBindingNonceOrVerifierInClear() throws Exception {
        try (StateStore h2 = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir); StateStore pg = openPostgres()) {
            for (DataSource dataSource : List.of(h2.dataSource(), pg.dataSource())) {
                ConsoleSessions sessions = new ConsoleSessions(dataSource, at(NOW));
                String verifier = OidcSignIn.newCodeVerifier();
                ConsoleSessions.PendingSignIn signIn = sessions.begin(sessions.randomToken(), sessions.randomToken(), verifier, "/audit");

                List<String> stored = rows(dataSource, "console_sign_ins").stream().flatMap(List::stream).toList();
                assertThat(stored).isNotEmpty().allSatisfy(value -> assertThat(value).doesNotContain(signIn.state())
                        .doesNotContain(signIn.binding()).doesNotContain(signIn.nonce()).doesNotContain(verifier));
                assertThat(stored).contains(ConsoleSessions.digest(signIn.state()), ConsoleSessions.digest(signIn.binding()), "/audit");
            }
        }
    }

    /** Every row of console_sessions, every column as text. */
    private static List<List<String>> rows(DataSource dataSource) throws Exception {
        return rows(dataSource, "console_sessions");
    }

    /** Every row of {@code table}, every column as text. */
    private static List<List<String>> rows(DataSource dataSource, String table) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
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
