package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncLiveness;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import io.scephub.hub.sync.SyncStatus;
import io.scephub.hub.sync.SyncTrigger;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scephub serve} (a real child JVM) killed with SIGKILL in the middle of a scheduled sync,
 * then started again: the recurring sync runs again on the new process (db-scheduler releases the
 * dead instance's execution) and the killed run is marked abandoned. The dead-instance period is
 * shortened to 6 s through the test-only {@link SyncLiveness#TEST_OVERRIDE}; the default is 5 min. The scheduler
 * polls every 0.5 s ({@link SyncScheduler.Settings#POLLING_TEST_OVERRIDE}; 10 s by default), so the first tick and
 * the revived execution are picked up as soon as they are due rather than at a poll up to 10 s later.
 */
@ExtendWith(SandboxExtension.class)
class ScheduleAfterKillTest {
    private static final Duration ABANDONED_AFTER = Duration.ofSeconds(6);
    private static final Duration POLL_EVERY = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void theRecurringSyncRunsAgainAfterServeWasKilledMidSync(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults())) {
            killAndRestart(sandbox, "", () -> StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data")));
        }
    }

    /**
     * The same on PostgreSQL: the killed process's session ends with it (its sync lock with it), and
     * db-scheduler on the restarted instance takes over the dead instance's recurring execution.
     */
    @Test
    void onPostgresTheRecurringSyncRunsAgainAfterServeWasKilledMidSync(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults()); EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            killAndRestart(sandbox, "state:\n  jdbcUrl: \"" + url + "\"\n  username: postgres\n",
                    () -> StateStore.open(Optional.of(url), Optional.of("postgres"), Optional.empty(), Path.of("unused")));
        }
    }

    /** {@code state}: the config's {@code state:} section (empty: H2 under the config's directory); {@code store} opens it. */
    private void killAndRestart(Sandbox sandbox, String state, java.util.function.Supplier<StateStore> store) throws Exception {
        {
            Path config = SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
            Files.writeString(config, Files.readString(config) + "schedule:\n  sync: \"*/2 * * * * *\"\n" + state);
            Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
            env.put(SyncLiveness.TEST_OVERRIDE, ABANDONED_AFTER.toString());
            env.put(SyncScheduler.Settings.POLLING_TEST_OVERRIDE, POLL_EVERY.toString());
            // Slow answers keep the first scheduled sync running long enough to be killed in the middle of it.
            sandbox.faults().everyNth(Vendor.ALL, 1, Fault.delay(Duration.ofMillis(300)));

            Path firstLog = dir.resolve("serve-1.log");
            Process first = serve(config, env, firstLog);
            try {
                waitFor(Duration.ofSeconds(120), () -> log(firstLog).contains("sync_started") && log(firstLog).contains("trigger=schedule"),
                        "the first serve started a scheduled sync", firstLog);
                Thread.sleep(700);
                assertThat(first.isAlive()).as("serve was still running when killed%n%s", log(firstLog)).isTrue();
                assertThat(log(firstLog)).as("killed before the sync finished").doesNotContain("sync_finished");
            } finally {
                // destroyForcibly is SIGKILL on Linux: no shutdown hook, nothing released in an orderly way.
                first.destroyForcibly();
                first.waitFor();
            }
            sandbox.faults().clear();

            Instant restarted = Instant.now();
            Path secondLog = dir.resolve("serve-2.log");
            Process second = serve(config, env, secondLog);
            try {
                waitFor(Duration.ofSeconds(60), () -> log(secondLog).contains("scephub listening"), "the second serve started", secondLog);
                try (StateStore opened = store.get()) {
                    SyncRuns runs = new SyncRuns(opened.dataSource(), Clock.systemUTC());
                    waitFor(Duration.ofSeconds(90), () -> runs.all().stream().anyMatch(r -> resumed(r, restarted)),
                            "a scheduled sync started after the restart and succeeded", secondLog);
                    List<SyncRun> all = runs.all();
                    SyncRun killed = all.stream().filter(r -> r.trigger() == SyncTrigger.SCHEDULE
                            && r.startedAt().map(s -> s.isBefore(restarted)).orElse(false)).findFirst().orElseThrow();
                    waitFor(ABANDONED_AFTER.multipliedBy(3), () -> runs.find(killed.id()).orElseThrow().status() == SyncStatus.FAILED,
                            "the killed run was swept as abandoned", secondLog);
                    assertThat(runs.find(killed.id()).orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("abandoned"));
                    ConcurrentSyncsTest.assertNoDuplicates(sandbox);
                    System.out.println("schedule after kill -9" + (state.isEmpty() ? " (H2)" : " (PostgreSQL)") + ": " + all.size() + " runs; resumed "
                            + Duration.between(restarted, all.stream().filter(r -> resumed(r, restarted)).findFirst().orElseThrow()
                            .startedAt().orElseThrow()).toMillis() + " ms after the restart (abandoned after " + ABANDONED_AFTER + ")");
                }
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    private static boolean resumed(SyncRun run, Instant restarted) {
        return run.trigger() == SyncTrigger.SCHEDULE && run.status() == SyncStatus.SUCCEEDED
                && run.startedAt().map(s -> s.isAfter(restarted)).orElse(false);
    }

    private static void waitFor(Duration limit, BooleanSupplier condition, String what, Path logFile) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("%s within %s; serve's output:%n%s", what, limit, log(logFile)).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Process serve(Path config, Map<String, String> env, Path logFile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.scephub.hub.Main", "serve", "--port", "0",
                "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
