package io.scephub.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.plan.PlanChange;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubSession;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.cli.ScephubCommand;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sync runs from the runner, the CLI, the REST trigger and the schedule, against the sandbox vendors. */
@ExtendWith(SandboxExtension.class)
class SyncTest {
    static final String API_TOKEN = "sync-api-token-9a1c";
    /** Far enough away that the recurring task never fires during a test that does not want it. */
    static final String NEVER = "0 0 0 1 1 *";
    static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;

    @TempDir
    Path dir;

    Path configFile;
    HubEnvironment env;
    Hub hub;
    StateStore store;
    SyncRuns runs;
    SyncRunner runner;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox.reset();
        configFile = dir.resolve("scephub.yaml");
        Files.writeString(configFile, config());
        env = new HubEnvironment(Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken(),
                "GRAPH_CLIENT_SECRET", sandbox.options().clientSecret(), "USER", "tester"), dir, Clock.systemUTC());
        hub = Hub.create(env);
        HubSettings.State state = hub.load(configFile).hub().state();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), state.dataDir());
        runs = new SyncRuns(store.dataSource(), env.clock());
        runner = new SyncRunner(hub, configFile, runs, store.syncLock());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aTargetedSyncAppliesOnlyThatEnrollmentAndWhatItDependsOn() {
        SyncRun run = runner.runNow(request(false, List.of("macos-intune")));

        assertThat(run.status()).as(run.toString()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.plan().get("create")).isPositive();
        assertThat(run.outcomes().get("applied")).isEqualTo(run.plan().get("create"));
        assertThat(run.startedAt()).isPresent();
        assertThat(run.finishedAt()).isPresent();
        List<PlanChange> remaining = remainingChanges();
        assertThat(remaining).isNotEmpty().allSatisfy(c -> assertThat(c.key().name()).isEqualTo("windows-intune"));

        SyncRun all = runner.runNow(request(false, List.of()));
        assertThat(all.status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(remainingChanges()).isEmpty();
        assertThat(runs.all()).extracting(SyncRun::id).containsExactly(run.id(), all.id());
    }

    @Test
    void aSyncNamingAnUnknownEnrollmentFailsWithTheKnownNamesAndChangesNothing() {
        SyncRun run = runner.runNow(request(false, List.of("linux-intune")));

        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("linux-intune").contains("windows-intune"));
        assertThat(ownedProfiles()).isEmpty();
    }

    @Test
    void theSyncCommandDryRunPrintsTheRunAsJsonAndAppliesNothing() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = ScephubCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("sync", "--dry-run", "--enrollment", "windows-intune", "--output", "json");

        assertThat(code).as(out + "\n" + err).isZero();
        JsonNode run = JSON.readTree(out.toString());
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("trigger").asText()).isEqualTo("cli");
        assertThat(run.path("requestedBy").asText()).isEqualTo("cli:tester");
        assertThat(run.path("dryRun").asBoolean()).isTrue();
        assertThat(run.path("plan").path("create").asLong()).isPositive();
        assertThat(ownedProfiles()).isEmpty();
        assertThat(runs.find(run.path("id").asText())).isPresent();
    }

    @Test
    void theSyncEndpointsNeedTheBearerToken() throws Exception {
        try (HubServer server = server(SyncScheduler.clientOnly(store.dataSource(), runs, env.clock()))) {
            HttpResponse<String> post = send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            HttpResponse<String> get = send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs/x")).GET());

            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(get.statusCode()).isEqualTo(401);
            assertThat(runs.all()).isEmpty();
        }
    }

    @Test
    void postQueuesARunAndTheSameIdempotencyKeyReturnsItWithoutQueueingAgain() throws Exception {
        try (HubServer server = server(SyncScheduler.clientOnly(store.dataSource(), runs, env.clock()))) {
            String body = "{\"dryRun\": false, \"enrollments\": [\"windows-intune\"]}";
            HttpResponse<String> first = send(post(server, body, Optional.of("itsm-CHG0042")));
            HttpResponse<String> again = send(post(server, body, Optional.of("itsm-CHG0042")));
            HttpResponse<String> otherBody = send(post(server, "{\"dryRun\": true}", Optional.of("itsm-CHG0042")));

            assertThat(first.statusCode()).isEqualTo(202);
            JsonNode queued = JSON.readTree(first.body());
            String id = queued.path("id").asText();
            assertThat(queued.path("status").asText()).isEqualTo("queued");
            assertThat(queued.path("links").path("self").asText()).isEqualTo("/api/v1/syncs/" + id);
            assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/syncs/" + id);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("id").asText()).isEqualTo(id);
            assertThat(otherBody.statusCode()).isEqualTo(422);
            assertThat(otherBody.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(runs.all()).hasSize(1);
            assertThat(queuedTaskInstances()).isEqualTo(1);

            JsonNode run = JSON.readTree(send(get(server, id)).body());
            assertThat(run.path("status").asText()).isEqualTo("queued");
            assertThat(run.path("trigger").asText()).isEqualTo("api");
            assertThat(run.path("requestedBy").asText()).isEqualTo("api:servicenow");
            assertThat(run.path("idempotencyKey").asText()).isEqualTo("itsm-CHG0042");
            assertThat(run.path("enrollments")).extracting(JsonNode::asText).containsExactly("windows-intune");
            assertThat(ownedProfiles()).as("nothing runs without a scheduler").isEmpty();
        }
    }

    @Test
    void anUnknownRunIs404AndABadBodyIs400AsProblemJson() throws Exception {
        try (HubServer server = server(SyncScheduler.clientOnly(store.dataSource(), runs, env.clock()))) {
            HttpResponse<String> unknown = send(get(server, "3f1e0c9a-0000-4000-8000-000000000000"));
            HttpResponse<String> badName = send(post(server, "{\"enrollments\": [\"no spaces allowed\"]}", Optional.empty()));
            HttpResponse<String> badMember = send(post(server, "{\"dryrun\": true}", Optional.empty()));

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("type").asText()).isEqualTo("https://scephub.io/problems/not-found");
            assertThat(badName.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badName.body()).path("detail").asText()).contains("enrollments[0]");
            assertThat(badMember.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badMember.body()).path("detail").asText()).contains("dryrun").contains("dryRun");
            assertThat(runs.all()).isEmpty();
        }
    }

    @Test
    void aQueuedDryRunIsExecutedByTheSchedulerAndLeavesTheSandboxUnchanged() throws Exception {
        try (SyncScheduler scheduler = scheduler(NEVER).start(); HubServer server = server(scheduler)) {
            HttpResponse<String> posted = send(post(server, "{\"dryRun\": true}", Optional.empty()));
            assertThat(posted.statusCode()).isEqualTo(202);
            String id = JSON.readTree(posted.body()).path("id").asText();
            scheduler.checkNow();

            JsonNode run = await(() -> {
                try {
                    return JSON.readTree(send(get(server, id)).body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> r.path("status").asText().equals("succeeded") || r.path("status").asText().equals("failed"));

            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("plan").path("create").asLong()).isPositive();
            assertThat(run.path("outcomes").size()).isZero();
            assertThat(ownedProfiles()).isEmpty();
        }
    }

    /** Without an immediate look the run would wait for the next poll, an hour away here, and the await below fails. */
    @Test
    void aRunQueuedOnAnInstanceThatSchedulesIsExecutedAtOnceNotAtTheNextPoll() throws Exception {
        try (SyncScheduler scheduler = new SyncScheduler(store.dataSource(), runs, runner,
                new SyncScheduler.Settings(NEVER, Duration.ofHours(1), 2, Optional.of("test")), env.clock()).start();
             HubServer server = server(scheduler)) {
            HttpResponse<String> posted = send(post(server, "{\"dryRun\": true}", Optional.empty()));
            assertThat(posted.statusCode()).isEqualTo(202);
            String id = JSON.readTree(posted.body()).path("id").asText();

            JsonNode run = await(() -> {
                try {
                    return JSON.readTree(send(get(server, id)).body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> r.path("status").asText().equals("succeeded") || r.path("status").asText().equals("failed"));

            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        }
    }

    @Test
    void servePollsEveryTenSecondsUnlessTheTestOverrideSetsAnIsoDuration() {
        assertThat(SyncScheduler.Settings.of("0 0 * * * *", Map.of()).pollingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(SyncScheduler.Settings.of("0 0 * * * *", Map.of(SyncScheduler.Settings.POLLING_TEST_OVERRIDE, "PT0.5S"))
                .pollingInterval()).isEqualTo(Duration.ofMillis(500));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncScheduler.Settings.of("0 0 * * * *",
                        Map.of(SyncScheduler.Settings.POLLING_TEST_OVERRIDE, "half a second")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCEPHUB_TEST_POLL_EVERY")
                .hasMessageContaining("\"half a second\"");
    }

    @Test
    void anUnknownEnrollmentIs422NamingTheFieldAndNothingIsQueued() throws Exception {
        try (SyncScheduler scheduler = scheduler(NEVER); HubServer server = server(scheduler)) {
            HttpResponse<String> response = send(post(server, "{\"enrollments\": [\"windows-intune\", \"linux-intune\"]}",
                    Optional.empty()));

            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://scephub.io/problems/unknown-enrollment");
            assertThat(problem.path("detail").asText()).contains("enrollments[1]").contains("linux-intune");
            assertThat(problem.path("errors")).hasSize(1);
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("enrollments[1]");
            assertThat(runs.all()).isEmpty();
            assertThat(queuedTaskInstances()).isZero();
        }
    }

    @Test
    void aRunShowsTheResourcesItChangedAndADryRunTheOnesItWould() throws Exception {
        SyncRun dry = runner.runNow(request(true, List.of("windows-intune")));
        SyncRun applied = runner.runNow(request(false, List.of("windows-intune")));

        assertThat(dry.changes()).isNotEmpty().allSatisfy(c -> assertThat(c.status()).isEqualTo("planned"));
        assertThat(applied.changes()).hasSize(applied.outcomes().values().stream().mapToInt(Long::intValue).sum());
        assertThat(applied.changes()).extracting(SyncRunChange::resource).contains("intune.scep-profile/windows-intune");
        assertThat(applied.changes()).allSatisfy(c -> {
            assertThat(c.action()).isEqualTo("create");
            assertThat(c.status()).isEqualTo("applied");
            assertThat(c.vendorId()).isPresent();
        });
        try (HubServer server = server(SyncScheduler.clientOnly(store.dataSource(), runs, env.clock()))) {
            JsonNode run = JSON.readTree(send(get(server, applied.id())).body());
            assertThat(run.path("changes")).hasSize(applied.changes().size());
            assertThat(run.path("changes").findValuesAsText("resource")).contains("intune.scep-profile/windows-intune");
            assertThat(run.path("changes").get(0).path("status").asText()).isEqualTo("applied");
        }
    }

    @Test
    void getSyncsListsRunsNewestFirstAPageAtATime() throws Exception {
        try (HubServer server = server(SyncScheduler.clientOnly(store.dataSource(), runs, env.clock()))) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(JSON.readTree(send(post(server, "{\"dryRun\": true}", Optional.of("list-" + i))).body()).path("id").asText());
            }
            java.util.Collections.reverse(ids);
            List<String> seen = new java.util.ArrayList<>();
            String next = "/api/v1/syncs?limit=2";
            int pages = 0;
            while (next != null) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri().resolve(next))
                        .header("Authorization", "Bearer " + API_TOKEN).GET());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode page = JSON.readTree(response.body());
                assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
                page.path("items").forEach(item -> seen.add(item.path("id").asText()));
                next = page.path("links").has("next") ? page.path("links").path("next").asText() : null;
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(ids);

            HttpResponse<String> queued = send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs?status=failed"))
                    .header("Authorization", "Bearer " + API_TOKEN).GET());
            assertThat(JSON.readTree(queued.body()).path("items")).isEmpty();
            for (String bad : new String[] {"limit=0", "limit=x", "limit=101", "status=done", "cursor=%%%", "cursor=abc", "sort=asc"}) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs?" + bad.replace("%%%", "%25%25")))
                        .header("Authorization", "Bearer " + API_TOKEN).GET());
                assertThat(response.statusCode()).as(bad + ": " + response.body()).isEqualTo(400);
            }
        }
    }

    @Test
    void runsLeftRunningOrQueuedByAKilledInstanceAreSweptToFailed() throws Exception {
        SyncRun stuck = runs.queue(request(false, List.of())).run();
        assertThat(runs.claim(stuck.id())).isTrue();
        SyncRun neverScheduled = runs.queue(request(true, List.of())).run();
        // Another request: an identical one would join the queued run (coalescing) instead of making a second.
        SyncRun alive = runs.queue(request(true, List.of("macos-intune"))).run();
        assertThat(runs.claim(alive.id())).isTrue();
        try (var c = store.dataSource().getConnection(); var ps = c.prepareStatement(
                "UPDATE sync_runs SET heartbeat_at = ?, queued_at = ? WHERE id IN (?, ?)")) {
            java.sql.Timestamp longAgo = java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
            ps.setTimestamp(1, longAgo);
            ps.setTimestamp(2, longAgo);
            ps.setString(3, stuck.id());
            ps.setString(4, neverScheduled.id());
            ps.executeUpdate();
        }

        List<SyncRuns.Swept> swept = scheduler(NEVER).sweepAbandoned();

        assertThat(swept).extracting(SyncRuns.Swept::id).containsExactlyInAnyOrder(stuck.id(), neverScheduled.id());
        assertThat(runs.find(stuck.id()).orElseThrow().status()).isEqualTo(SyncStatus.FAILED);
        assertThat(runs.find(stuck.id()).orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).startsWith("abandoned"));
        assertThat(runs.find(neverScheduled.id()).orElseThrow().status()).isEqualTo(SyncStatus.FAILED);
        assertThat(runs.find(alive.id()).orElseThrow().status()).isEqualTo(SyncStatus.RUNNING);
        assertThat(scheduler(NEVER).sweepAbandoned()).as("a second sweep finds nothing").isEmpty();
    }

    @Test
    void metricsReportRunsByStatusFailuresAndTheLastSuccess() throws Exception {
        SyncRun ok = runner.runNow(request(false, List.of("macos-intune")));
        runner.runNow(request(false, List.of("linux-intune")));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SyncMetrics.register(metrics, runs, env.clock());
        // The registry must keep the metrics alive on its own (Micrometer holds gauge objects weakly).
        System.gc();

        String scrape = metrics.scrape();

        assertThat(scrape).contains("scephub_sync_runs{status=\"succeeded\"} 1.0")
                .contains("scephub_sync_runs{status=\"failed\"} 1.0")
                .contains("scephub_sync_runs{status=\"queued\"} 0.0")
                .contains("scephub_sync_failures_total 1.0");
        double lastSuccess = Double.parseDouble(scrape.lines().filter(l -> l.startsWith("scephub_sync_last_success_timestamp_seconds "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertThat(lastSuccess).isEqualTo(ok.finishedAt().orElseThrow().toEpochMilli() / 1000.0);
    }

    @Test
    void theRecurringTaskFiresOnItsCronAndRecordsAScheduledRun() {
        try (SyncScheduler scheduler = scheduler("* * * * * *").start()) {
            SyncRun run = await(() -> runs.all().stream().filter(r -> r.trigger() == SyncTrigger.SCHEDULE && r.status().finished())
                    .findFirst().orElse(null), r -> r != null);

            assertThat(run.status()).as(run.toString()).isEqualTo(SyncStatus.SUCCEEDED);
            assertThat(run.requestedBy()).isEqualTo("scheduler");
            assertThat(run.idempotencyKey()).hasValueSatisfying(k -> assertThat(k).startsWith("schedule:"));
        }
        assertThat(ownedProfiles()).isNotEmpty();
    }

    @Test
    void aScheduleThatIsNotASixFieldCronIsRejectedWithTheExpectedForm() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler("*/15 * * * *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedule.sync").hasMessageContaining("6-field");
    }

    private SyncScheduler scheduler(String cron) {
        return new SyncScheduler(store.dataSource(), runs, runner,
                new SyncScheduler.Settings(cron, Duration.ofMillis(200), 2, Optional.of("test")), env.clock());
    }

    private HubServer server(SyncQueue queue) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("servicenow", API_TOKEN)),
                ChallengeVerification.create(Optional.empty(), store, env.clock(), metrics), store.dataSource(), metrics,
                env.clock(), HubServer.DEFAULT_MAX_BODY_BYTES, queue).start();
    }

    private static HttpRequest.Builder post(HubServer server, String body, Optional<String> idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        idempotencyKey.ifPresent(k -> b.header("Idempotency-Key", k));
        return b;
    }

    private static HttpRequest.Builder get(HubServer server, String id) {
        return HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs/" + id)).header("Authorization", "Bearer " + API_TOKEN).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T await(Supplier<T> poll, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            T value = poll.get();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not done within 20 s; last: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private int queuedTaskInstances() throws Exception {
        try (var c = store.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ?")) {
            ps.setString(1, SyncScheduler.QUEUED_TASK);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<PlanChange> remainingChanges() {
        ScephubConfig config = hub.load(configFile);
        try (HubSession session = hub.open(config)) {
            return session.plan().effectiveChanges();
        }
    }

    private static SyncRequest request(boolean dryRun, List<String> enrollments) {
        return new SyncRequest(SyncTrigger.CLI, "test", Optional.empty(), dryRun, enrollments);
    }

    private static List<JsonNode> ownedProfiles() {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
    }

    private static String config() {
        return """
                version: 1
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: %s
                    authorityHost: %s
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                  - name: macos-intune
                    platform: macos
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Macs" ]
                """.formatted(sandbox.oktaBaseUrl(), sandbox.options().tenantId(), sandbox.options().clientId(),
                sandbox.graphBaseUrl(), sandbox.authorityHost());
    }
}
