package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dataDir;

    @Test
    void recordsAreChainedAndAnEditInTheMiddleIsFound() throws Exception {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
            log.append("run-1", "apply.started", "scephub.yaml", "changes=2");
            log.append("run-1", "change.applied", "intune.scep-profile/w", "action=create");
            log.append("run-1", "apply.succeeded", "run", "applied=2");

            assertThat(log.entries()).extracting(AuditLog.Entry::seq).containsExactly(1L, 2L, 3L);
            assertThat(log.entries().get(1).prevHash()).isEqualTo(log.entries().get(0).hash());
            assertThat(log.verifyChain()).isEqualTo(-1);

            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit_log SET detail = 'action=delete' WHERE seq = 2");
            }
            assertThat(log.verifyChain()).isEqualTo(2);
        }
    }

    @Test
    void aRecordTakenInTheLastNanosecondsOfAMillisecondStillVerifies() {
        // The database keeps microseconds and rounds: 12:00:00.000999700 would be stored as .001000.
        Instant late = Instant.parse("2026-11-25T12:00:00Z").plusNanos(999_700);
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.fixed(late, ZoneOffset.UTC));
            log.append("run-1", "apply.started", "scephub.yaml", "changes=1");

            assertThat(log.verifyChain()).isEqualTo(-1);
        }
    }

    @Test
    void theLogSurvivesReopeningTheEmbeddedDatabase() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            new AuditLog(store.dataSource(), Clock.systemUTC()).append("run-1", "apply.started", "f", "d");
        }
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog log = new AuditLog(store.dataSource(), Clock.systemUTC());
            log.append("run-2", "apply.started", "f", "d");
            assertThat(log.entries()).extracting(AuditLog.Entry::runId).containsExactly("run-1", "run-2");
            assertThat(log.verifyChain()).isEqualTo(-1);
        }
    }

    @Test
    void concurrentAppendsFromTwoWritersFormOneUnbrokenChainAndEachReturnsItsCommittedRecord() throws Exception {
        // Two pools on one database stand in for two hub instances: their writers race for the next seq.
        try (StateStore a = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir);
             StateStore b = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)) {
            AuditLog[] logs = {new AuditLog(a.dataSource(), Clock.systemUTC()), new AuditLog(b.dataSource(), Clock.systemUTC())};
            int threads = 16;
            int each = 40;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.List<java.util.concurrent.Future<java.util.List<AuditLog.Entry>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLog log = logs[t % 2];
                String run = "run-" + t;
                results.add(pool.submit(() -> {
                    java.util.List<AuditLog.Entry> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(log.append(run, "test.event", "subject", "i=" + i));
                    }
                    return mine;
                }));
            }
            java.util.Set<Long> returned = new java.util.HashSet<>();
            for (var f : results) {
                for (AuditLog.Entry e : f.get()) {
                    assertThat(returned.add(e.seq())).as("seq %d returned twice", e.seq()).isTrue();
                }
            }
            pool.shutdown();

            java.util.List<AuditLog.Entry> stored = logs[0].entries();
            assertThat(stored).hasSize(threads * each);
            assertThat(stored).extracting(AuditLog.Entry::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, threads * each).boxed().toList());
            assertThat(returned).hasSize(threads * each);
            assertThat(logs[1].verify().intact()).as("chain: %s", logs[1].verify()).isTrue();
            // What an append returned is what was stored under its seq.
            java.util.Map<Long, String> hashes = new java.util.HashMap<>();
            stored.forEach(e -> hashes.put(e.seq(), e.hash()));
            for (var f : results) {
                for (AuditLog.Entry e : f.get()) {
                    assertThat(hashes.get(e.seq())).isEqualTo(e.hash());
                }
            }
        }
    }
}
