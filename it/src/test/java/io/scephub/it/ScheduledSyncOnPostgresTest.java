package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncExecutor;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRunner;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import io.scephub.hub.sync.SyncTrigger;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two hub schedulers on one PostgreSQL: each tick of the recurring sync runs on exactly one of them. */
@ExtendWith(SandboxExtension.class)
class ScheduledSyncOnPostgresTest {
    @TempDir
    Path dir;

    @Test
    void eachTickIsExecutedOnceAndRecordedAsOneSyncRun(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults());
             EmbeddedPostgres postgres = EmbeddedPostgres.start();
             StateStore storeA = open(postgres); StateStore storeB = open(postgres)) {
            Path config = SandboxConfig.write(dir, sandbox, SandboxConfig.windows());
            HubEnvironment env = new HubEnvironment(SandboxConfig.credentials(sandbox), dir, Clock.systemUTC());
            SyncRuns runsA = new SyncRuns(storeA.dataSource(), env.clock());
            SyncRuns runsB = new SyncRuns(storeB.dataSource(), env.clock());
            Counting a = new Counting(new SyncRunner(Hub.create(env), config, runsA, storeA.syncLock()));
            Counting b = new Counting(new SyncRunner(Hub.create(env), config, runsB, storeB.syncLock()));

            try (SyncScheduler schedulerA = scheduler(storeA, runsA, a, "a", env).start();
                 SyncScheduler schedulerB = scheduler(storeB, runsB, b, "b", env).start()) {
                Instant deadline = Instant.now().plusSeconds(30);
                while (runsA.all().stream().filter(r -> r.status().finished()).count() < 2 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
            }

            List<SyncRun> runs = runsA.all();
            List<SyncRun> finished = runs.stream().filter(r -> r.status().finished()).toList();
            assertThat(finished).as("at least two ticks ran within 30 s").hasSizeGreaterThanOrEqualTo(2);
            assertThat(runs).allSatisfy(r -> assertThat(r.trigger()).isEqualTo(SyncTrigger.SCHEDULE));
            assertThat(runs).extracting(r -> r.idempotencyKey().orElseThrow()).doesNotHaveDuplicates();
            assertThat(a.ticks.get() + b.ticks.get()).as("task executions across both instances").isEqualTo(runs.size());
            assertThat(finished).allSatisfy(r -> assertThat(r.error()).as(r.toString()).isEmpty());
        }
    }

    private static SyncScheduler scheduler(StateStore store, SyncRuns runs, SyncExecutor executor, String name, HubEnvironment env) {
        return new SyncScheduler(store.dataSource(), runs, executor,
                new SyncScheduler.Settings("*/2 * * * * *", Duration.ofMillis(200), 2, Optional.of(name)), env.clock());
    }

    private static StateStore open(EmbeddedPostgres postgres) {
        return StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(),
                Path.of("unused"));
    }

    /** Counts the ticks db-scheduler hands this instance, then runs them for real. */
    private static final class Counting implements SyncExecutor {
        final AtomicInteger ticks = new AtomicInteger();
        private final SyncExecutor delegate;

        Counting(SyncExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void runScheduled(Instant tick) {
            ticks.incrementAndGet();
            delegate.runScheduled(tick);
        }

        @Override
        public void runQueued(String runId) {
            delegate.runQueued(runId);
        }
    }
}
