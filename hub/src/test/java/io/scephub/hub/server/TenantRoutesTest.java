package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/v1/tenants/{tenant}/...: each tenant's runs are its own, and a token restricted to tenants gets 403 on the others. */
class TenantRoutesTest {
    static final String ALL = "token-for-every-tenant-9a1";
    static final String ONLY_A = "token-for-tenant-a-only-7c2";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StateStore store;
    HubServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, HubServer.TenantEndpoints> tenants = new LinkedHashMap<>();
        for (String tenant : List.of("a", "b")) {
            tenants.put(tenant, new HubServer.TenantEndpoints(SyncScheduler.clientOnly(store.dataSource(),
                    new SyncRuns(store.dataSource(), clock, tenant), clock), null));
        }
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0),
                ApiTokens.ofPlainTokens(Map.of("ops", ALL, "helpdesk", ONLY_A), Map.of("helpdesk", List.of("a"))),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock)
                .withTenants(tenants).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void aRunQueuedForOneTenantIsFoundUnderItAndNotUnderAnother() throws Exception {
        HttpResponse<String> queued = send(post("/api/v1/tenants/a/syncs", ALL));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JSON.readTree(queued.body()).path("id").asText();
        assertThat(queued.headers().firstValue("Location")).contains("/api/v1/tenants/a/syncs/" + id);

        HttpResponse<String> mine = send(get("/api/v1/tenants/a/syncs/" + id, ALL));
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(mine.body()).path("tenant").asText()).isEqualTo("a");
        assertThat(JSON.readTree(mine.body()).at("/links/self").asText()).isEqualTo("/api/v1/tenants/a/syncs/" + id);

        assertThat(send(get("/api/v1/tenants/b/syncs/" + id, ALL)).statusCode()).isEqualTo(404);
        JsonNode listB = JSON.readTree(send(get("/api/v1/tenants/b/syncs", ALL)).body());
        assertThat(listB.path("items")).isEmpty();
        JsonNode listA = JSON.readTree(send(get("/api/v1/tenants/a/syncs", ALL)).body());
        assertThat(listA.path("items")).hasSize(1);
        assertThat(listA.at("/links/self").asText()).startsWith("/api/v1/tenants/a/syncs?");
    }

    @Test
    void aTokenForTenantAGets403OnTenantBAndSeesOnlyA() throws Exception {
        HttpResponse<String> forbidden = send(post("/api/v1/tenants/b/syncs", ONLY_A));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("helpdesk").contains("tenant b").doesNotContain(ONLY_A);
        assertThat(send(get("/api/v1/tenants/b/syncs", ONLY_A)).statusCode()).isEqualTo(403);
        assertThat(send(get("/api/v1/tenants/b/devices", ONLY_A)).statusCode()).isEqualTo(403);
        assertThat(SyncRuns.anyTenant(store.dataSource(), Clock.systemUTC()).all()).isEmpty();

        assertThat(send(post("/api/v1/tenants/a/syncs", ONLY_A)).statusCode()).isEqualTo(202);
        JsonNode tenants = JSON.readTree(send(get("/api/v1/tenants", ONLY_A)).body());
        assertThat(tenants.path("items")).extracting(n -> n.path("name").asText()).containsExactly("a");
        JsonNode all = JSON.readTree(send(get("/api/v1/tenants", ALL)).body());
        assertThat(all.path("items")).extracting(n -> n.path("name").asText()).containsExactly("a", "b");
    }

    @Test
    void unscopedRoutesNameTheTenantRoutesWhenThereIsNoDefaultTenantAndUnknownTenantsAre404() throws Exception {
        HttpResponse<String> unscoped = send(post("/api/v1/syncs", ALL));
        assertThat(unscoped.statusCode()).isEqualTo(404);
        assertThat(unscoped.body()).contains("/api/v1/tenants/{tenant}/syncs").contains("a, b");
        assertThat(send(get("/api/v1/tenants/c/syncs", ALL)).statusCode()).isEqualTo(404);
        assertThat(send(get("/api/v1/tenants/a/syncs", null)).statusCode()).isEqualTo(401);
    }

    @Test
    void aTenantRemovedWhileServingAnswers404AndReplacedTokensWorkFromTheNextRequest() throws Exception {
        assertThat(send(get("/api/v1/tenants/b/syncs", ALL)).statusCode()).isEqualTo(200);

        server.removeTenant("b");
        server.replaceTokens(ApiTokens.ofPlainTokens(Map.of("ops", "rotated-token-for-ops-6b0")));

        assertThat(send(get("/api/v1/tenants/a/syncs", ALL)).statusCode()).as("the old token").isEqualTo(401);
        assertThat(send(get("/api/v1/tenants/a/syncs", ONLY_A)).statusCode()).as("a removed client").isEqualTo(401);
        assertThat(send(get("/api/v1/tenants/a/syncs", "rotated-token-for-ops-6b0")).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/v1/tenants/b/syncs", "rotated-token-for-ops-6b0")).statusCode()).isEqualTo(404);
        JsonNode tenants = JSON.readTree(send(get("/api/v1/tenants", "rotated-token-for-ops-6b0")).body());
        assertThat(tenants.path("items")).extracting(n -> n.path("name").asText()).containsExactly("a");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).GET();
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    private HttpRequest.Builder post(String path, String bearer) {
        return HttpRequest.newBuilder(server.uri().resolve(path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\": true}"));
    }
}
