package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRunner;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import io.scephub.hub.sync.SyncTrigger;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many syncs of one state store requested at once — REST calls to every instance, the recurring
 * schedule firing every second, and the CLI's {@code sync} and {@code apply} beside a running
 * server — on an empty sandbox: they run one at a time (no two runs in {@code sync_runs} overlap),
 * and every vendor ends with exactly one of each object. On H2 (one server plus the CLI) and on
 * PostgreSQL (two instances plus the CLI).
 */
@ExtendWith(SandboxExtension.class)
class ConcurrentSyncsTest {
    static final String API_TOKEN = "it-sync-token-41c8";
    static final int REST_SYNCS_PER_INSTANCE = 6;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void concurrentSyncsOnH2RunOneAtATimeAndCreateNoDuplicates(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults())) {
            Path config = SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
            HubEnvironment env = new HubEnvironment(SandboxConfig.credentials(sandbox), dir, Clock.systemUTC());
            HubSettings.State state = Hub.create(env).load(config).hub().state();
            try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), state.dataDir())) {
                runConcurrently(sandbox, config, env, List.of(store));
            }
        }
    }

    @Test
    void concurrentSyncsOfTwoInstancesOnPostgresRunOneAtATimeAndCreateNoDuplicates(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults()); EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Path config = SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS)
                    .resolveSibling("scephub.yaml");
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                    + "state:\n  jdbcUrl: \"" + url + "\"\n  username: postgres\n");
            HubEnvironment env = new HubEnvironment(SandboxConfig.credentials(sandbox), dir, Clock.systemUTC());
            try (StateStore a = open(url); StateStore b = open(url)) {
                runConcurrently(sandbox, config, env, List.of(a, b));
            }
        }
    }

    /** One scheduler and server per store, a schedule every second, REST syncs to each at once, and the CLI beside them. */
    private void runConcurrently(Sandbox sandbox, Path config, HubEnvironment env, List<StateStore> stores) throws Exception {
        // Slow vendor answers (after the vendor acted) keep each sync running long enough for the others to pile up.
        sandbox.faults().everyNth(Vendor.ALL, 1, Fault.delay(Duration.ofMillis(40)));
        List<SyncScheduler> schedulers = new ArrayList<>();
        List<HubServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < stores.size(); i++) {
                StateStore store = stores.get(i);
                PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                SyncScheduler scheduler = new SyncScheduler(store.dataSource(), new SyncRuns(store.dataSource(), env.clock()),
                        new SyncRunner(Hub.create(env), config, new SyncRuns(store.dataSource(), env.clock()), store.syncLock()),
                        new SyncScheduler.Settings("* * * * * *", Duration.ofMillis(100), 2, Optional.of("instance-" + i)),
                        env.clock());
                schedulers.add(scheduler);
                servers.add(new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("it", API_TOKEN)),
                        ChallengeVerification.create(Optional.empty(), store, env.clock(), metrics), store.dataSource(), metrics,
                        env.clock(), HubServer.DEFAULT_MAX_BODY_BYTES, scheduler).start());
            }
            HttpClient http = HttpClient.newHttpClient();
            HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<String>> restRuns = new ArrayList<>();
            for (HubServer server : servers) {
                for (int n = 0; n < REST_SYNCS_PER_INSTANCE; n++) {
                    restRuns.add(CompletableFuture.supplyAsync(() -> postSync(http, server, go)));
                }
            }
            CompletableFuture<HubCli.Run> cliSync = CompletableFuture.supplyAsync(() -> await(go, () -> cli.run("sync")));
            CompletableFuture<HubCli.Run> cliApply = CompletableFuture.supplyAsync(
                    () -> await(go, () -> cli.run("apply", "--auto-approve")));
            schedulers.forEach(SyncScheduler::start);
            go.countDown();

            List<String> ids = restRuns.stream().map(CompletableFuture::join).toList();
            assertThat(ids).doesNotHaveDuplicates();
            HubCli.Run sync = cliSync.get();
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            HubCli.Run apply = cliApply.get();
            assertThat(apply.exitCode()).as(apply.all()).isZero();
            SyncRuns runs = new SyncRuns(stores.get(0).dataSource(), env.clock());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!ids.stream().allMatch(id -> runs.find(id).orElseThrow().status().finished()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            schedulers.forEach(SyncScheduler::close);

            List<SyncRun> all = runs.all();
            assertThat(all).filteredOn(r -> r.trigger() == SyncTrigger.SCHEDULE).as("scheduled runs").isNotEmpty();
            assertThat(ids).allSatisfy(id -> assertThat(runs.find(id).orElseThrow().status().finished()).as(id).isTrue());
            assertThat(all).filteredOn(r -> r.status().finished()).allSatisfy(r -> assertThat(r.error()).as(r.toString()).isEmpty());
            assertNoDuplicates(sandbox);
            assertSerialized(all);
            System.out.println("concurrent syncs on " + stores.size() + " instance(s): " + all.size() + " runs ("
                    + all.stream().collect(Collectors.groupingBy(r -> r.trigger().value(), Collectors.counting())) + "), serialized");
        } finally {
            schedulers.forEach(SyncScheduler::close);
            servers.forEach(HubServer::close);
        }
    }

    private static String postSync(HttpClient http, HubServer server, CountDownLatch go) {
        // Each its own Idempotency-Key: identical requests without one would join one queued run (coalescing),
        // and this test wants as many runs as requests, all competing for the lock.
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return await(go, () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            return JSON.readTree(response.body()).path("id").asText();
        });
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T await(CountDownLatch go, Call<T> call) {
        try {
            go.await();
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs that started, ordered by start: each starts after the one before it finished. */
    static void assertSerialized(List<SyncRun> all) {
        List<SyncRun> started = all.stream().filter(r -> r.startedAt().isPresent())
                .sorted(Comparator.comparing(r -> r.startedAt().orElseThrow())).toList();
        assertThat(started).as("runs that started").hasSizeGreaterThan(1);
        for (int i = 1; i < started.size(); i++) {
            SyncRun before = started.get(i - 1);
            SyncRun after = started.get(i);
            assertThat(before.finishedAt()).as("run %s finished", before.id()).isPresent();
            assertThat(after.startedAt().orElseThrow()).as("run %s started after run %s finished", after.id(), before.id())
                    .isAfterOrEqualTo(before.finishedAt().orElseThrow());
        }
    }

    static void assertNoDuplicates(Sandbox sandbox) {
        Map<String, Long> ras = sandbox.okta().registrationAuthorities().stream()
                .collect(Collectors.groupingBy(ra -> ra.path("name").asText(), Collectors.counting()));
        assertThat(ras).as("Okta registration authorities").hasSize(2)
                .allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1L));
        List<JsonNode> owned = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
        Map<String, Long> perMarker = owned.stream().collect(Collectors.groupingBy(
                p -> p.path("description").asText().replaceAll("(?s).*\\[scephub:([^\\]]+)\\].*", "$1"), Collectors.counting()));
        assertThat(perMarker).as("Intune configurations").hasSize(4)
                .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
        for (JsonNode profile : owned) {
            Map<String, Long> perTarget = sandbox.graph().assignments(profile.path("id").asText()).stream().collect(
                    Collectors.groupingBy(a -> a.path("target").path("groupId").asText(), Collectors.counting()));
            assertThat(perTarget.values()).as("assignments of %s", profile.path("displayName").asText()).allMatch(c -> c == 1L);
        }
    }

    private static StateStore open(String url) {
        return StateStore.open(Optional.of(url), Optional.of("postgres"), Optional.empty(), Path.of("unused"));
    }
}
