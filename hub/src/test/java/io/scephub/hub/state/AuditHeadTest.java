package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The per-tenant chain head (V20): concurrent appenders on both stores, and logs written before it existed. */
class AuditHeadTest {
    @RegisterExtension
    static final PostgresForClass POSTGRES = new PostgresForClass();
    static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    /** A new, empty PostgreSQL database, so each test sees only its own chains. */
    static String freshPostgresUrl() throws Exception {
        return POSTGRES.server().getJdbcUrl("postgres", POSTGRES.createDatabase("audit_head_" + DATABASES.incrementAndGet()));
    }

    static StateStore openPostgres(String url) {
        return StateStore.open(Optional.of(url), Optional.of("postgres"), Optional.empty(), Path.of("unused"));
    }

    StateStore openH2() {
        return StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
    }

    @Test
    void concurrentAppendersOnH2KeepOneUnbrokenChainPerTenant() throws Exception {
        try (StateStore a = openH2(); StateStore b = openH2()) {
            appendConcurrentlyAndCheck(a, b);
        }
    }

    @Test
    void concurrentAppendersOnPostgresKeepOneUnbrokenChainPerTenant() throws Exception {
        String url = freshPostgresUrl();
        try (StateStore a = openPostgres(url); StateStore b = openPostgres(url)) {
            appendConcurrentlyAndCheck(a, b);
        }
    }

    /**
     * Two pools on one database stand for two hub instances (each with its own in-process writer), 16 threads
     * appending to two tenants at once: each tenant's chain is seq 1..n without a gap, verifies, and its head row
     * names its newest record; every append returned the record stored under its seq.
     */
    private static void appendConcurrentlyAndCheck(StateStore a, StateStore b) throws Exception {
        List<String> tenants = List.of(AuditLog.DEFAULT_TENANT, "acme");
        int threads = 16;
        int each = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<AuditLog.Entry>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                StateStore store = t % 2 == 0 ? a : b;
                String tenant = tenants.get((t / 2) % 2);
                AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC(), tenant);
                String run = "run-" + t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<AuditLog.Entry> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(log.append(run, "test.event", "subject", "i=" + i));
                    }
                    return mine;
                }));
            }
            go.countDown();
            Map<String, Map<Long, String>> returned = new HashMap<>();
            for (int t = 0; t < threads; t++) {
                String tenant = tenants.get((t / 2) % 2);
                for (AuditLog.Entry e : results.get(t).get()) {
                    assertThat(returned.computeIfAbsent(tenant, x -> new HashMap<>()).put(e.seq(), e.hash()))
                            .as("%s seq %d returned twice", tenant, e.seq()).isNull();
                }
            }
            for (String tenant : tenants) {
                AuditLog log = new AuditLog(a.dataSource(), Clock.systemUTC(), tenant);
                List<AuditLog.Entry> stored = log.entries();
                int expected = threads / 2 * each;
                assertThat(stored).extracting(AuditLog.Entry::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
                assertThat(log.verify().intact()).as("%s: %s", tenant, log.verify()).isTrue();
                Map<Long, String> stored64 = new HashMap<>();
                stored.forEach(e -> stored64.put(e.seq(), e.hash()));
                assertThat(returned.get(tenant)).isEqualTo(stored64);
                assertThat(head(a, tenant)).isEqualTo(Optional.of(new SeqHash(expected, stored.get(expected - 1).hash())));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anH2DatabaseFromBeforeTheHeadTableContinuesEachTenantsChain() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("scephub") + ";AUTO_SERVER=TRUE";
        migrateTo19(url, "sa", StoreVendor.H2);
        fillPre20AndContinue(url, "sa", StoreVendor.H2, this::openH2);
    }

    @Test
    void aPostgresDatabaseFromBeforeTheHeadTableContinuesEachTenantsChain() throws Exception {
        String url = freshPostgresUrl();
        migrateTo19(url, "postgres", StoreVendor.POSTGRESQL);
        fillPre20AndContinue(url, "postgres", StoreVendor.POSTGRESQL, () -> openPostgres(url));
    }

    private static void migrateTo19(String url, String user, StoreVendor vendor) {
        Flyway.configure().dataSource(url, user, null).locations("classpath:db/migration", "classpath:db/vendor/" + vendor.folder())
                .target("19").load().migrate();
    }

    private interface Opener {
        StateStore open();
    }

    /**
     * Fills a database migrated up to V19 with records as a hub of that time wrote them (chains of two tenants,
     * copied from a scratch store), opens it (Flyway runs V20), and appends: each chain goes on from its newest
     * record, and the head rows V20 filled name those records.
     */
    private void fillPre20AndContinue(String url, String user, StoreVendor vendor, Opener open) throws Exception {
        Map<String, List<AuditLog.Entry>> old = new HashMap<>();
        try (StateStore scratch = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("scratch"))) {
            for (String tenant : List.of(AuditLog.DEFAULT_TENANT, "acme")) {
                AuditLog log = new AuditLog(scratch.dataSource(), Clock.systemUTC(), tenant);
                int n = tenant.equals("acme") ? 2 : 3;
                for (int i = 1; i <= n; i++) {
                    log.append("run-old", "apply.started", "scephub.yaml", "n=" + i);
                }
                old.put(tenant, log.entries());
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection(url, user, null);
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (seq, recorded_at, run_id, event, subject, detail,"
                     + " prev_hash, hash, tenant) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (var chain : old.entrySet()) {
                for (AuditLog.Entry e : chain.getValue()) {
                    ps.setLong(1, e.seq());
                    ps.setTimestamp(2, Timestamp.from(e.recordedAt()));
                    ps.setString(3, e.runId());
                    ps.setString(4, e.event());
                    ps.setString(5, e.subject());
                    ps.setString(6, e.detail());
                    ps.setString(7, e.prevHash());
                    ps.setString(8, e.hash());
                    ps.setString(9, chain.getKey());
                    ps.executeUpdate();
                }
            }
        }

        try (StateStore store = open.open()) {
            for (var chain : old.entrySet()) {
                String tenant = chain.getKey();
                AuditLog.Entry newestOld = chain.getValue().get(chain.getValue().size() - 1);
                assertThat(head(store, tenant)).as("head filled by V20 for %s", tenant)
                        .isEqualTo(Optional.of(new SeqHash(newestOld.seq(), newestOld.hash())));

                AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC(), tenant);
                AuditLog.Entry next = log.append("run-new", "apply.started", "scephub.yaml", "after the migration");
                assertThat(next.seq()).isEqualTo(newestOld.seq() + 1);
                assertThat(next.prevHash()).isEqualTo(newestOld.hash());
                assertThat(log.verify().intact()).as("%s: %s", tenant, log.verify()).isTrue();
                assertThat(log.verify().checked()).isEqualTo(newestOld.seq() + 1);
                assertThat(head(store, tenant)).isEqualTo(Optional.of(new SeqHash(next.seq(), next.hash())));
            }
            assertThat(StoreVendor.of(store.dataSource())).isEqualTo(vendor);
        }
    }

    /**
     * A hub from before V20 sharing the database appends without moving the head: the next append collides on
     * seq, reads the log's newest record and goes on from it, so the chain stays unbroken.
     */
    @Test
    void aHeadBehindTheLogIsCaughtUpFromTheLogOnTheCollision() throws Exception {
        try (StateStore store = openH2()) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC());
            log.append("run-1", "apply.started", "f", "1");
            AuditLog.Entry second = log.append("run-1", "apply.started", "f", "2");
            AuditLog.Entry third = log.append("run-1", "apply.started", "f", "3");
            try (Connection c = store.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE tenant = 'default'")) {
                ps.setLong(1, second.seq());
                ps.setString(2, second.hash());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            AuditLog.Entry fourth = log.append("run-1", "apply.started", "f", "4");

            assertThat(fourth.seq()).isEqualTo(4);
            assertThat(fourth.prevHash()).isEqualTo(third.hash());
            assertThat(log.verify().intact()).as("%s", log.verify()).isTrue();
            assertThat(head(store, AuditLog.DEFAULT_TENANT)).isEqualTo(Optional.of(new SeqHash(4, fourth.hash())));
        }
    }

    /** The head remembers a deleted newest record, so the next append leaves a gap that verify reports. */
    @Test
    void aDeletedNewestRecordIsFoundByVerifyOnceTheChainGoesOn() throws Exception {
        try (StateStore store = openH2()) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC());
            for (int i = 1; i <= 3; i++) {
                log.append("run-1", "apply.started", "f", "n=" + i);
            }
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM audit_log WHERE seq = 3")).isEqualTo(1);
            }

            AuditLog.Entry next = log.append("run-2", "apply.started", "f", "after");

            assertThat(next.seq()).isEqualTo(4);
            AuditLog.Verification v = log.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.broken().orElseThrow().seq()).isEqualTo(4);
            assertThat(v.reason().orElseThrow()).contains("record 3 is missing");
        }
    }

    record SeqHash(long seq, String hash) {
    }

    private static Optional<SeqHash> head(StateStore store, String tenant) throws Exception {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                Set<SeqHash> rows = new HashSet<>();
                while (rs.next()) {
                    rows.add(new SeqHash(rs.getLong(1), rs.getString(2)));
                }
                assertThat(rows.size()).isLessThanOrEqualTo(1);
                return rows.stream().findFirst();
            }
        }
    }
}
