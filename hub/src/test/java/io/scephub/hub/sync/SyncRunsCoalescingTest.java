package io.scephub.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 2: identical sync requests (same tenant, dry run and targets, no idempotency key)
 * coalesce while the run is queued — every caller gets the same run id, whichever thread or instance
 * asked — and stop coalescing once it runs. On H2 and on PostgreSQL.
 */
class SyncRunsCoalescingTest {
    private static final int CALLERS = 12;

    @TempDir
    Path dir;

    @Test
    void onH2IdenticalQueuedRequestsShareOneRun() throws Exception {
        try (StateStore a = h2(); StateStore b = h2()) {
            coalesces(a, b);
        }
    }

    @Test
    void onPostgresIdenticalQueuedRequestsFromTwoInstancesShareOneRun() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(); StateStore a = postgres(postgres); StateStore b = postgres(postgres)) {
            coalesces(a, b);
        }
    }

    /** {@code a} and {@code b}: two stores on one database, as two instances. */
    private static void coalesces(StateStore a, StateStore b) throws Exception {
        SyncRuns first = new SyncRuns(a.dataSource(), Clock.systemUTC(), "default");
        SyncRuns second = new SyncRuns(b.dataSource(), Clock.systemUTC(), "default");

        List<SyncQueue.Queued> all = concurrently(i -> (i % 2 == 0 ? first : second).queue(request(false, List.of())));

        Set<String> ids = all.stream().map(q -> q.run().id()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(all).filteredOn(SyncQueue.Queued::created).hasSize(1);
        String run = ids.iterator().next();

        // Different requests, another tenant and a request with its own idempotency key each get their own run.
        assertThat(first.queue(request(true, List.of())).run().id()).isNotEqualTo(run);
        assertThat(first.queue(request(false, List.of("windows-intune"))).run().id()).isNotEqualTo(run);
        assertThat(new SyncRuns(a.dataSource(), Clock.systemUTC(), "other").queue(request(false, List.of())).run().id())
                .isNotEqualTo(run);
        assertThat(first.queue(new SyncRequest(SyncTrigger.API, "token:ci", Optional.of("key-1"), false, List.of())).run().id())
                .isNotEqualTo(run);
        assertThat(second.queue(request(false, List.of())).run().id()).isEqualTo(run);

        // Once the run is claimed it no longer takes requests: the next identical one queues a new run.
        assertThat(second.claim(run)).isTrue();
        SyncQueue.Queued after = first.queue(request(false, List.of()));
        assertThat(after.created()).isTrue();
        assertThat(after.run().id()).isNotEqualTo(run);
        second.finish(run, SyncStatus.SUCCEEDED, Map.of(), Map.of(), Optional.empty());
        assertThat(second.queue(request(false, List.of())).run().id()).isEqualTo(after.run().id());
    }

    private static SyncRequest request(boolean dryRun, List<String> enrollments) {
        return new SyncRequest(SyncTrigger.API, "token:itsm", Optional.empty(), dryRun, enrollments);
    }

    private interface Call {
        SyncQueue.Queued call(int caller) throws Exception;
    }

    private static List<SyncQueue.Queued> concurrently(Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SyncQueue.Queued>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                futures.add(pool.submit((Callable<SyncQueue.Queued>) () -> {
                    start.await();
                    return call.call(caller);
                }));
            }
            start.countDown();
            List<SyncQueue.Queued> results = new ArrayList<>();
            for (Future<SyncQueue.Queued> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private StateStore h2() {
        return StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
    }

    private static StateStore postgres(EmbeddedPostgres postgres) {
        return StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(),
                Path.of("unused"));
    }
}
