package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JdbcReplayStoreTest {
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
    void onH2TheFirstUseWinsAndASecondUseIsAReplay() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            JdbcReplayStore replay = new JdbcReplayStore(store.dataSource(), at(NOW));
            assertThat(replay.markUsed("iss", "jti-0000000000001", NOW.plusSeconds(600))).isTrue();
            assertThat(replay.markUsed("iss", "jti-0000000000001", NOW.plusSeconds(600))).isFalse();
            assertThat(replay.markUsed("other-iss", "jti-0000000000001", NOW.plusSeconds(600))).isTrue();
        }
    }

    @Test
    void anExpiredRecordCanBeTakenOverOnceAndPurgingRemovesOnlyExpiredRecords() {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            new JdbcReplayStore(store.dataSource(), at(NOW)).markUsed("iss", "old-jti-000000000", NOW.plusSeconds(60));
            new JdbcReplayStore(store.dataSource(), at(NOW)).markUsed("iss", "live-jti-00000000", NOW.plusSeconds(3600));
            JdbcReplayStore later = new JdbcReplayStore(store.dataSource(), at(NOW.plusSeconds(120)));

            assertThat(later.markUsed("iss", "old-jti-000000000", NOW.plusSeconds(900))).isTrue();
            assertThat(later.markUsed("iss", "old-jti-000000000", NOW.plusSeconds(900))).isFalse();
            assertThat(later.purgeExpired(NOW.plusSeconds(1000))).isEqualTo(1);
            assertThat(later.markUsed("iss", "live-jti-00000000", NOW.plusSeconds(3600))).isFalse();
        }
    }

    @Test
    void onPostgresTheFirstUseWinsAndExpiredRecordsArePurged() {
        try (StateStore store = openPostgres()) {
            JdbcReplayStore replay = new JdbcReplayStore(store.dataSource(), at(NOW));
            assertThat(replay.markUsed("iss", "pg-jti-0000000001", NOW.plusSeconds(60))).isTrue();
            assertThat(replay.markUsed("iss", "pg-jti-0000000001", NOW.plusSeconds(60))).isFalse();
            assertThat(replay.purgeExpired(NOW.plusSeconds(61))).isGreaterThanOrEqualTo(1);
            assertThat(replay.markUsed("iss", "pg-jti-0000000001", NOW.plusSeconds(600))).isTrue();
        }
    }

    @Test
    void twoStoresOnOnePostgresRacingManyThreadsAcceptEachIdExactlyOnce() throws Exception {
        try (StateStore first = openPostgres(); StateStore second = openPostgres()) {
            List<JdbcReplayStore> stores = List.of(new JdbcReplayStore(first.dataSource(), at(NOW)),
                    new JdbcReplayStore(second.dataSource(), at(NOW)));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 5; round++) {
                    String jti = "race-jti-round-" + round;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        JdbcReplayStore store = stores.get(i % 2);
                        results.add(pool.submit(() -> {
                            go.await();
                            return store.markUsed("iss", jti, NOW.plusSeconds(600));
                        }));
                    }
                    go.countDown();
                    int accepted = 0;
                    for (Future<Boolean> result : results) {
                        accepted += result.get() ? 1 : 0;
                    }
                    assertThat(accepted).as("round %d", round).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
