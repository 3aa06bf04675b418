package io.scephub.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.http.Backoff;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.notify.Delivery;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.WebhookReceiver;
import io.scephub.hub.notify.WebhookSignature;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift introduced at the sandbox's Intune: alert mode records it and sends a signed webhook without
 * repairing it, report mode records it without writing or sending, remediate mode repairs it.
 */
@ExtendWith(SandboxExtension.class)
class DriftModeTest {
    static final String HOOK_KEY = "drift-hook-key-canary-31a9";
    static final String DRIFTED_URL = "https://scep.drifted.example/scep";
    static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;

    @TempDir
    Path dir;

    Path configFile;
    HubEnvironment env;
    Hub hub;
    StateStore store;
    SyncRuns runs;
    WebhookReceiver receiver;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void setUp() {
        sandbox.reset();
        receiver = WebhookReceiver.accepting();
        configFile = dir.resolve("scephub.yaml");
        env = new HubEnvironment(Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken(),
                "GRAPH_CLIENT_SECRET", sandbox.options().clientSecret(), "HOOK_URL", receiver.url(), "HOOK_KEY", HOOK_KEY,
                "USER", "tester"), dir, Clock.systemUTC());
        hub = Hub.create(env);
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
        runs = new SyncRuns(store.dataSource(), env.clock());
    }

    @AfterEach
    void tearDown() {
        store.close();
        hub.close();
        receiver.close();
    }

    @Test
    void alertModeRecordsTheDriftSendsOneSignedWebhookAndRepairsNothing() throws Exception {
        converge();
        drift();
        writeConfig("sync:\n  driftMode: alert\n");

        SyncRun run = sync();

        assertThat(run.status()).as(run.toString()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(run.outcomes()).isEmpty();
        assertThat(run.changes()).extracting(SyncRunChange::resource).contains("intune.scep-profile/windows-intune");
        assertThat(run.changes()).allSatisfy(c -> assertThat(c.status()).isEqualTo(SyncRunChange.PLANNED));
        assertThat(scepUrl()).isEqualTo(DRIFTED_URL);

        assertThat(receiver.received()).hasSize(1);
        WebhookReceiver.Received hook = receiver.received().get(0);
        assertThatCode(() -> WebhookSignature.verify(HOOK_KEY.getBytes(StandardCharsets.UTF_8), hook.headers().get("x-scephub-signature"),
                hook.body(), Instant.now(), WebhookSignature.TOLERANCE)).doesNotThrowAnyException();
        JsonNode body = JSON.readTree(hook.body());
        assertThat(body.path("type").asText()).isEqualTo("drift");
        assertThat(body.path("subject").asText()).isEqualTo(run.id());
        assertThat(body.at("/data/run/status").asText()).isEqualTo("drifted");
        assertThat(body.at("/data/drift")).anySatisfy(c -> {
            assertThat(c.path("resource").asText()).isEqualTo("intune.scep-profile/windows-intune");
            assertThat(c.path("attributes").toString()).contains("scepServerUrls");
        });
        String text = new String(hook.body(), StandardCharsets.UTF_8) + hook.headers();
        assertThat(text).doesNotContain(HOOK_KEY).doesNotContain(sandbox.options().clientSecret())
                .doesNotContain(sandbox.options().oktaApiToken());
        assertThat(runs.notifications().recent(10, Optional.empty())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED));
    }

    @Test
    void reportModeRecordsTheDriftWithoutWritingOrNotifying() throws Exception {
        converge();
        drift();
        List<JsonNode> before = sandbox.graph().deviceConfigurations();
        writeConfig("sync:\n  driftMode: report\n");

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(sandbox.graph().deviceConfigurations()).isEqualTo(before);
        assertThat(receiver.received()).isEmpty();
        assertThat(runs.find(run.id()).orElseThrow().changes()).extracting(SyncRunChange::resource)
                .contains("intune.scep-profile/windows-intune");
    }

    @Test
    void reportModeWithoutDriftEndsInSync() throws Exception {
        converge();
        writeConfig("sync:\n  driftMode: report\n");

        assertThat(sync().status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void remediateModeRepairsTheDrift() throws Exception {
        converge();
        drift();
        writeConfig("sync:\n  driftMode: remediate\n");

        SyncRun run = sync();

        assertThat(run.status()).as(run.toString()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.outcomes().get("applied")).isPositive();
        assertThat(scepUrl()).isNotEqualTo(DRIFTED_URL);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void anEnrollmentsOwnReportModeKeepsItUntouchedWhileTheOthersAreRepaired() throws Exception {
        converge();
        drift();
        String macId = profileId("macos-intune");
        patchDescriptionFree(macId);
        writeConfig("", "windows-intune");

        SyncRun run = sync();

        assertThat(scepUrl()).isEqualTo(DRIFTED_URL);
        assertThat(run.changes()).anySatisfy(c -> {
            assertThat(c.resource()).isEqualTo("intune.scep-profile/windows-intune");
            assertThat(c.status()).isEqualTo(SyncRunChange.PLANNED);
        });
        assertThat(run.changes()).filteredOn(c -> c.resource().endsWith("/macos-intune")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("applied"));
        assertThat(sandbox.graph().deviceConfigurations()).filteredOn(p -> p.path("id").asText().equals(macId))
                .singleElement().satisfies(p -> assertThat(p.path("displayName").asText()).isNotEqualTo("renamed by hand"));
    }

    @Test
    void aFailedSyncSendsSyncFailed() throws Exception {
        writeConfig("");

        SyncRun run = new SyncRunner(hub, configFile, runs, store.syncLock()).withDelivery(fast())
                .runNow(new SyncRequest(SyncTrigger.CLI, "test", Optional.empty(), false, List.of("no-such-enrollment")));

        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(receiver.received()).singleElement().satisfies(h ->
                assertThat(JSON.readTree(h.body()).path("type").asText()).isEqualTo("sync-failed"));
    }

    @Test
    void aWebhookThatKeepsFailingIsRecordedFailedAndShownByStatusNotifications() throws Exception {
        receiver.close();
        receiver = new WebhookReceiver(100, 502);
        env = new HubEnvironment(Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken(),
                "GRAPH_CLIENT_SECRET", sandbox.options().clientSecret(), "HOOK_URL", receiver.url(), "HOOK_KEY", HOOK_KEY,
                "USER", "tester"), dir, Clock.systemUTC());
        hub.close();
        hub = Hub.create(env);
        converge();
        drift();
        writeConfig("sync:\n  driftMode: alert\n");

        assertThat(sync().status()).isEqualTo(SyncStatus.DRIFTED);

        assertThat(receiver.received()).hasSize(2);
        store.close();
        java.io.StringWriter out = new java.io.StringWriter();
        var cl = io.scephub.hub.cli.ScephubCommand.commandLine(env);
        cl.setOut(new java.io.PrintWriter(out, true));
        int code = cl.execute("status", "notifications", "--config", configFile.toString(), "--output", "json");
        assertThat(code).as(out.toString()).isEqualTo(3);
        JsonNode shown = JSON.readTree(out.toString()).path("notifications");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).path("status").asText()).isEqualTo("failed");
        assertThat(shown.get(0).path("event").asText()).isEqualTo("drift");
        assertThat(shown.get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(shown.get(0).path("lastHttpStatus").asInt()).isEqualTo(502);
        assertThat(out.toString()).doesNotContain(receiver.url()).doesNotContain(HOOK_KEY);
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
    }

    private void converge() throws Exception {
        writeConfig("");
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
    }

    private SyncRun sync() {
        return new SyncRunner(hub, configFile, runs, store.syncLock()).withDelivery(fast())
                .runNow(new SyncRequest(SyncTrigger.CLI, "test", Optional.empty(), false, List.of()));
    }

    private static DeliveryPolicy fast() {
        return new DeliveryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(5), new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)));
    }

    private void drift() throws Exception {
        patchScepUrl(profileId("windows-intune"), DRIFTED_URL);
        assertThat(scepUrl()).isEqualTo(DRIFTED_URL);
    }

    /** A change to the macOS profile that the plan repairs (its display name). */
    private void patchDescriptionFree(String id) throws Exception {
        patch(id, "{\"@odata.type\":\"#microsoft.graph.macOSScepCertificateProfile\",\"displayName\":\"renamed by hand\"}");
    }

    private static String profileId(String enrollment) {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/" + enrollment + "]"))
                .findFirst().orElseThrow().path("id").asText();
    }

    private static String scepUrl() {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/windows-intune]"))
                .findFirst().orElseThrow().path("scepServerUrls").get(0).asText();
    }

    private static void patchScepUrl(String profileId, String url) throws Exception {
        patch(profileId, "{\"@odata.type\":\"#microsoft.graph.windows81SCEPCertificateProfile\",\"scepServerUrls\":[\"" + url + "\"]}");
    }

    private static void patch(String profileId, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations/" + profileId))
                .header("Authorization", "Bearer " + sandbox.graph().issueAccessToken())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void writeConfig(String sections, String... reportEnrollments) throws Exception {
        List<String> report = List.of(reportEnrollments);
        Files.writeString(configFile, """
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
                state:
                  dataDir: data
                notifications:
                  - name: siem
                    type: generic
                    url: ${env:HOOK_URL}
                    secret: ${env:HOOK_KEY}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                %s  - name: macos-intune
                    platform: macos
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Macs" ]
                """.formatted(sandbox.oktaBaseUrl(), sandbox.options().tenantId(), sandbox.options().clientId(),
                sandbox.graphBaseUrl(), sandbox.authorityHost(), report.contains("windows-intune") ? "    driftMode: report\n" : "")
                + sections);
    }
}
