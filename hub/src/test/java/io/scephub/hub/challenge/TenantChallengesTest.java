package io.scephub.hub.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tenant trusts its own delegated-challenge signers ({@code tenants[].delegatedChallenge}): a token signed for
 * tenant a is refused at tenant b as WRONG_TENANT, every decision lands in the deciding tenant's audit partition,
 * and the REST verify route is tenant-scoped. On H2.
 */
class TenantChallengesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALL = "token-for-every-tenant-5d1";
    static final String ONLY_A = "token-for-tenant-a-only-3e8";

    @TempDir
    Path dir;

    /** Tenants a and b sign with keys of their own, under the same issuer and kid (as two Intune tenants of one MSP might). */
    final ChallengeFixtures signerA = new ChallengeFixtures();
    final ChallengeFixtures signerB = new ChallengeFixtures();
    final Clock clock = Clock.systemUTC();
    StateStore store;
    ScephubConfig config;
    PrometheusMeterRegistry metrics;

    @BeforeEach
    void load() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/a.pem"), ChallengeFixtures.pem("PUBLIC KEY", signerA.key.getPublic().getEncoded()));
        Files.writeString(dir.resolve("certs/b.pem"), ChallengeFixtures.pem("PUBLIC KEY", signerB.key.getPublic().getEncoded()));
        String trust = """
                    delegatedChallenge:
                      signers:
                        - issuer: "%s"
                          audience: "%s"
                          algorithms: [ES256]
                          keys: { %s: certs/%%s.pem }
                """.formatted(ChallengeFixtures.ISSUER, ChallengeFixtures.AUDIENCE, ChallengeFixtures.KID);
        Path file = Files.writeString(dir.resolve("scephub.yaml"), "version: 1\ntenants:\n"
                + tenant("a") + trust.formatted("a") + tenant("b") + trust.formatted("b") + tenant("c"));
        try (Hub hub = Hub.create(new HubEnvironment(Map.of(), dir, clock))) {
            config = hub.load(file);
        }
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private static String tenant(String name) {
        return """
                  - name: %s
                    okta:
                      orgUrl: https://%s.okta.com
                      auth:
                        apiToken: ${env:%s_OKTA_API_TOKEN}
                """.formatted(name, name, name.toUpperCase(java.util.Locale.ROOT));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChallengeVerification at(String tenant) {
        return ChallengeVerification.forTenant(config, tenant, store, clock, metrics);
    }

    private List<AuditLog.Entry> audit(String tenant) {
        return new AuditLog(store.dataSource(), clock, tenant).entries();
    }

    @Test
    void aChallengeSignedForTenantAIsRefusedAtTenantBAsWrongTenantAndStillAcceptedOnceAtA() throws Exception {
        String forA = signerA.token(Instant.now());

        ChallengeDecision atB = at("b").verify(forA, Optional.empty(), "cli");
        ChallengeDecision atC = at("c").verify(forA, Optional.empty(), "cli");
        ChallengeDecision atA = at("a").verify(forA, Optional.empty(), "cli");
        ChallengeDecision again = at("a").verify(forA, Optional.empty(), "cli");

        assertThat(atB).isInstanceOfSatisfying(ChallengeRejected.class, r -> {
            assertThat(r.reason()).isEqualTo(ChallengeRejected.Reason.WRONG_TENANT);
            assertThat(r.detail()).contains("another tenant of this hub", "not tenant b").doesNotContain("tenant a");
        });
        // c trusts nobody: a's token is still named as another tenant's, not as an unknown signer.
        assertThat(atC).isInstanceOfSatisfying(ChallengeRejected.class,
                r -> assertThat(r.reason()).isEqualTo(ChallengeRejected.Reason.WRONG_TENANT));
        // Looking at b and c burnt no jti: a accepts the token, once.
        assertThat(atA).isInstanceOf(ChallengeAccepted.class);
        assertThat(again).isInstanceOfSatisfying(ChallengeRejected.class,
                r -> assertThat(r.reason()).isEqualTo(ChallengeRejected.Reason.REPLAYED));
    }

    @Test
    void aTokenNoTenantTrustsKeepsItsOwnReason() throws Exception {
        String forNobody = new ChallengeFixtures().token(Instant.now());
        String unsigned = ChallengeFixtures.unsignedTokenClaiming(ChallengeFixtures.ISSUER);

        assertThat(at("b").verify(forNobody, Optional.empty(), "cli")).isInstanceOfSatisfying(ChallengeRejected.class,
                r -> assertThat(r.reason()).isEqualTo(ChallengeRejected.Reason.BAD_SIGNATURE));
        // A claimed issuer another tenant trusts is not enough: only a verified signature names another tenant.
        assertThat(at("c").verify(unsigned, Optional.empty(), "cli")).isInstanceOfSatisfying(ChallengeRejected.class,
                r -> assertThat(r.reason()).isNotEqualTo(ChallengeRejected.Reason.WRONG_TENANT));
    }

    @Test
    void eachDecisionIsAuditedInTheDecidingTenantsPartitionOnly() throws Exception {
        at("a").verify(signerA.token(Instant.now()), Optional.empty(), "cli");
        at("b").verify(signerA.token(Instant.now()), Optional.empty(), "rest:ops");
        at("b").verify(signerB.token(Instant.now()), Optional.empty(), "rest:ops");

        assertThat(audit("a")).extracting(AuditLog.Entry::event).containsExactly(ChallengeVerification.EVENT_ACCEPTED);
        assertThat(audit("b")).extracting(AuditLog.Entry::event)
                .containsExactly(ChallengeVerification.EVENT_REJECTED, ChallengeVerification.EVENT_ACCEPTED);
        assertThat(audit("b").get(0).detail()).contains("reason=WRONG_TENANT", "caller=rest:ops");
        assertThat(audit("c")).isEmpty();
        assertThat(audit(AuditLog.DEFAULT_TENANT)).isEmpty();
        assertThat(new AuditLog(store.dataSource(), clock, "b").verify().intact()).isTrue();
    }

    @Test
    void theRestVerifyRouteIsTenantScopedAndTheUnscopedOneNamesTheTenantRoutes() throws Exception {
        Map<String, HubServer.TenantEndpoints> endpoints = new LinkedHashMap<>();
        for (String tenant : config.tenantNames()) {
            endpoints.put(tenant, new HubServer.TenantEndpoints(SyncScheduler.clientOnly(store.dataSource(),
                    new SyncRuns(store.dataSource(), clock, tenant), clock), null, at(tenant)));
        }
        try (HubServer server = new HubServer(new HubSettings.Listen("127.0.0.1", 0),
                ApiTokens.ofPlainTokens(Map.of("ops", ALL, "helpdesk", ONLY_A), Map.of("helpdesk", List.of("a"))),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock)
                .withTenants(endpoints).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String forA = signerA.token(Instant.now());

            HttpResponse<String> atB = http.send(verify(server, "/api/v1/tenants/b/challenges/verify", ALL, forA),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> forbidden = http.send(verify(server, "/api/v1/tenants/b/challenges/verify", ONLY_A, forA),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unscoped = http.send(verify(server, "/api/v1/challenges/verify", ALL, forA),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> atA = http.send(verify(server, "/api/v1/tenants/a/challenges/verify", ONLY_A, forA),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(atB.statusCode()).as(atB.body()).isEqualTo(200);
            JsonNode refused = JSON.readTree(atB.body());
            assertThat(refused.path("decision").asText()).isEqualTo("rejected");
            assertThat(refused.path("reason").asText()).isEqualTo("WRONG_TENANT");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(unscoped.statusCode()).isEqualTo(404);
            assertThat(unscoped.body()).contains("tenant-required", "/api/v1/tenants/{tenant}/challenges/verify");
            assertThat(atA.statusCode()).as(atA.body()).isEqualTo(200);
            assertThat(JSON.readTree(atA.body()).path("decision").asText()).isEqualTo("accepted");
        }
        assertThat(audit("b")).extracting(e -> AuditLog.fields(e.detail()).get("caller")).containsExactly("rest:ops");
        assertThat(audit("a")).extracting(e -> AuditLog.fields(e.detail()).get("caller")).containsExactly("rest:helpdesk");
    }

    private static HttpRequest verify(HubServer server, String path, String token, String challenge) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + challenge + "\"}")).build();
    }
}
