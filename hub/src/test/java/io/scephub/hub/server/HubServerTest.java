package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubServerTest {
    static final String API_TOKEN = "test-api-token-4f1b2c";
    static final Instant NOW = Instant.now();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ChallengeFixtures signer;
    StateStore store;
    HubServer server;
    PrometheusMeterRegistry metrics;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        signer = new ChallengeFixtures();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("ci", API_TOKEN)),
                ChallengeVerification.create(Optional.of(signer.trust()), store, clock, metrics), store.dataSource(), metrics,
                clock).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder verify(String body, String bearer) {
        return verifyAt("/api/v1/challenges/verify", body, bearer);
    }

    private HttpRequest.Builder verifyAt(String path, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    private static String tokenBody(String token) {
        return JSON.createObjectNode().put("token", token).toString();
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://scephub.io/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    void probesNeedNoTokenButTheApiDoes() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/healthz"))).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send(HttpRequest.newBuilder(server.uri().resolve("/readyz")));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("ready");
        HttpResponse<String> unauthenticated = send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs")));
        assertProblem(unauthenticated, 401);
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void readinessIs503WhenTheStateStoreIsGone() throws Exception {
        store.close();
        assertProblem(send(HttpRequest.newBuilder(server.uri().resolve("/readyz"))), 503);
    }

    @Test
    void theServedOpenApiIsDocsOpenapiYamlAndDescribesEveryRoute() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri().resolve("/openapi.yaml")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/yaml"));
        Path docs = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("openapi.yaml");
        assertThat(response.body()).isEqualTo(java.nio.file.Files.readString(docs));
        JsonNode spec = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(response.body());
        java.util.List<String> paths = new java.util.ArrayList<>();
        spec.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/healthz", "/readyz", "/openapi.yaml", "/metrics", "/api/v1/challenges/verify",
                "/api/v1/syncs", "/api/v1/syncs/{id}", "/api/v1/devices", "/api/v1/notifications", "/api/v1/tenants",
                "/api/v1/tenants/{tenant}/syncs", "/api/v1/tenants/{tenant}/syncs/{id}", "/api/v1/tenants/{tenant}/devices",
                "/api/v1/tenants/{tenant}/challenges/verify");
        for (String path : paths) {
            for (java.util.Iterator<String> methods = spec.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                if (method.equals("PARAMETERS")) {
                    continue; // shared by the path's operations, not a method
                }
                HttpResponse<String> answer = send(HttpRequest.newBuilder(server.uri().resolve(path.replace("{id}", "x").replace("{tenant}", "default")))
                        .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                        .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody()));
                assertThat(answer.statusCode()).as(method + " " + path + " is routed").isNotIn(404, 405);
            }
        }
    }

    @Test
    void aWrongTokenIs401AndIsNotEchoed() throws Exception {
        HttpResponse<String> response = send(verify(tokenBody(signer.token(NOW)), "wrong-token-value-123"));
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"scephub\", error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain("wrong-token-value-123").doesNotContain(API_TOKEN);
    }

    @Test
    void aChallengeIsAcceptedOnceAndThenReplayed() throws Exception {
        String token = signer.token(NOW);
        HttpResponse<String> first = send(verify(tokenBody(token), API_TOKEN));
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode accepted = JSON.readTree(first.body());
        assertThat(accepted.path("decision").asText()).isEqualTo("accepted");
        assertThat(accepted.path("issuer").asText()).isEqualTo(ChallengeFixtures.ISSUER);
        assertThat(accepted.path("subject").asText()).isEqualTo("device-42");
        assertThat(accepted.path("signerFingerprint").asText()).startsWith("sha256:");
        assertThat(accepted.has("expiry")).isTrue();

        HttpResponse<String> second = send(verify(tokenBody(token), API_TOKEN));
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode rejected = JSON.readTree(second.body());
        assertThat(rejected.path("decision").asText()).isEqualTo("rejected");
        assertThat(rejected.path("reason").asText()).isEqualTo("REPLAYED");
        assertThat(first.body() + second.body()).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void theVerifyRouteMatchesAsJavalinsRouterWould() throws Exception {
        HttpResponse<String> slash = send(verifyAt("/api/v1/challenges/verify/", tokenBody(signer.token(NOW)), API_TOKEN));
        assertThat(slash.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(slash.body()).path("decision").asText()).isEqualTo("accepted");

        HttpResponse<String> overridden = send(verify("", API_TOKEN).header("X-HTTP-Method-Override", "POST")
                .method("PUT", HttpRequest.BodyPublishers.ofString(tokenBody(signer.token(NOW)))));
        assertThat(overridden.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(overridden.body()).path("decision").asText()).isEqualTo("accepted");
        // Overridden to GET it is Javalin's, which has no GET route there.
        assertProblem(send(verify(tokenBody(signer.token(NOW)), API_TOKEN).header("X-HTTP-Method-Override", "GET")), 404);

        // A hub without tenants is the tenant "default", and a path parameter is URL-decoded as Javalin decodes it.
        HttpResponse<String> encoded = send(verifyAt("/api/v1/tenants/def%61ult/challenges/verify", tokenBody(signer.token(NOW)), API_TOKEN));
        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).path("decision").asText()).isEqualTo("accepted");
        HttpResponse<String> other = send(verifyAt("/api/v1/tenants/other/challenges/verify", tokenBody(signer.token(NOW)), API_TOKEN));
        assertProblem(other, 404);
        assertThat(JSON.readTree(other.body()).path("instance").asText()).isEqualTo("/api/v1/tenants/other/challenges/verify");
    }

    @Test
    void theVerifyRouteChallengesAMissingOrForeignSchemeWithItsHeader() throws Exception {
        HttpResponse<String> missing = send(verify(tokenBody(signer.token(NOW)), null));
        assertProblem(missing, 401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"scephub\"");
        HttpResponse<String> basic = send(verify(tokenBody(signer.token(NOW)), null).header("Authorization", "Basic YTpi"));
        assertProblem(basic, 401);
        assertThat(basic.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"scephub\", error=\"invalid_request\"");
    }

    @Test
    void aVerifyBodyBeyondTheConcurrentReadsIs429WithRetryAfter() throws Exception {
        java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            // Each announces a body it never sends, so each holds one of the readers while Jetty waits for it.
            for (int i = 0; i < RequestBodies.MAX_CONCURRENT_READS; i++) {
                java.net.Socket socket = new java.net.Socket(server.uri().getHost(), server.uri().getPort());
                socket.getOutputStream().write(("POST /api/v1/challenges/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + API_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            // Each stalled body is held until the idle timeout (10 s from its headers), so all must be held well before.
            awaitBodiesBeingRead(RequestBodies.MAX_CONCURRENT_READS, Duration.ofSeconds(8));
            HttpResponse<String> refused = send(verify(tokenBody(signer.token(NOW)), API_TOKEN));
            assertProblem(refused, 429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
        awaitBodiesBeingRead(0, Duration.ofSeconds(15));
        assertThat(send(verify(tokenBody(signer.token(NOW)), API_TOKEN)).statusCode())
                .as("verifications are read again once the stalled bodies are gone").isEqualTo(200);
    }

    /** Waits until the server reads exactly {@code count} bodies at once; fails after {@code atMost} saying how many it reads. */
    private void awaitBodiesBeingRead(int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (server.bodiesBeingRead() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.bodiesBeingRead()).as("bodies being read after waiting up to %s", atMost).isEqualTo(count);
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        String body = tokenBody("a".repeat(HubServer.DEFAULT_MAX_BODY_BYTES + 10));
        assertProblem(send(verify(body, API_TOKEN)), 413);
    }

    @Test
    void unknownMembersAndBrokenJsonAre400WithoutEchoingValues() throws Exception {
        HttpResponse<String> unknown = send(verify("{\"token\":\"abc\",\"tokne\":\"secret-value-xyz\"}", API_TOKEN));
        assertProblem(unknown, 400);
        assertThat(JSON.readTree(unknown.body()).path("detail").asText()).contains("unknown member \"tokne\"");
        assertThat(unknown.body()).doesNotContain("secret-value-xyz");

        HttpResponse<String> broken = send(verify("{\"token\": \"secret-value-xyz", API_TOKEN));
        assertProblem(broken, 400);
        assertThat(broken.body()).doesNotContain("secret-value-xyz");

        assertProblem(send(verify("{}", API_TOKEN)), 400);
    }

    @Test
    void aNonJsonBodyIs415AndAnUnknownPathIs404() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/challenges/verify"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))), 415);
        assertProblem(send(HttpRequest.newBuilder(server.uri().resolve("/nope")).header("Authorization", "Bearer " + API_TOKEN)), 404);
    }

    @Test
    void jsonNestedDeeperThanAThousandLevelsIs400OnBothBodyEndpoints() throws Exception {
        String deep = "{\"token\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}";
        for (String path : new String[] {"/api/v1/challenges/verify", "/api/v1/syncs"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri().resolve(path))
                    .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(deep)));
            assertProblem(response, 400);
        }
    }

    @Test
    void aHugeNumberIs400() throws Exception {
        HttpResponse<String> response = send(verify("{\"token\":" + "9".repeat(50_000) + "}", API_TOKEN));
        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("exceeds a JSON limit");
    }

    @Test
    void errorsJettyAnswersItselfAreProblemJsonToo() throws Exception {
        RawHttp.Response uriTooLong = RawHttp.exchange(server.port(), RawHttp.request("GET", "/" + "a".repeat(20_000), null));
        RawHttp.Response headersTooLarge = RawHttp.exchange(server.port(),
                RawHttp.request("GET", "/healthz", null, "X-Big: " + "b".repeat(20_000)));
        RawHttp.Response badRequestLine = RawHttp.exchange(server.port(), "NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response badVersion = RawHttp.exchange(server.port(), "GET /healthz HTTP/1.7\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        assertRawProblem(uriTooLong, 414);
        assertRawProblem(headersTooLarge, 431);
        assertRawProblem(badRequestLine, 400);
        assertRawProblem(badVersion, 400);
    }

    private static void assertRawProblem(RawHttp.Response response, int status) throws Exception {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith(Problem.TYPE_BASE);
        assertThat(response.body()).doesNotContain("<html").doesNotContain("/badMessage");
    }

    @Test
    void aBadChallengeIsRejectedWithItsReason() throws Exception {
        HttpResponse<String> response = send(verify(tokenBody("a.b"), API_TOKEN));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).isEqualTo("MALFORMED");
    }

    private HttpRequest.Builder metricsRequest(String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("/metrics"));
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    @Test
    void metricsNeedTheBearerToken() throws Exception {
        assertProblem(send(metricsRequest(null)), 401);
        assertProblem(send(metricsRequest("wrong-token-value-123")), 401);
        assertThat(send(metricsRequest(API_TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountEveryVerifyDecisionByReasonInPrometheusText() throws Exception {
        String token = signer.token(NOW);
        send(verify(tokenBody(token), API_TOKEN));
        send(verify(tokenBody(token), API_TOKEN));
        send(verify(tokenBody("a.b"), API_TOKEN));

        HttpResponse<String> scrape = send(metricsRequest(API_TOKEN));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(scrape.body())
                .contains("# TYPE scephub_challenge_decisions_total counter")
                .contains("scephub_challenge_decisions_total{decision=\"accepted\",reason=\"none\"} 1.0")
                .contains("scephub_challenge_decisions_total{decision=\"rejected\",reason=\"REPLAYED\"} 1.0")
                .contains("scephub_challenge_decisions_total{decision=\"rejected\",reason=\"MALFORMED\"} 1.0")
                .contains("scephub_challenge_decisions_total{decision=\"rejected\",reason=\"EXPIRED\"} 0.0");
    }

    @Test
    void metricsCarryNoTokenClaimOrCredential() throws Exception {
        String canary = "canary-5d2e81-do-not-export";
        ApiTokens canaryTokens = ApiTokens.ofPlainTokens(Map.of("ci", API_TOKEN, "canary-client", canary));
        server.close();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), canaryTokens,
                ChallengeVerification.create(Optional.of(signer.trust()), store, clock, metrics), store.dataSource(), metrics,
                clock).start();
        String accepted = signer.token(NOW, canary + "-jti");
        String claimsOnly = ChallengeFixtures.unsignedTokenClaiming(canary);
        send(verify(tokenBody(accepted), canary));
        send(verify(tokenBody(accepted), canary));
        send(verify(tokenBody(claimsOnly), canary));

        String scrape = send(metricsRequest(canary)).body();

        assertThat(scrape).contains("scephub_challenge_decisions_total{decision=\"accepted\",reason=\"none\"} 1.0");
        assertThat(scrape).doesNotContain(canary).doesNotContain("canary-client");
        assertThat(scrape).doesNotContain(accepted.split("\\.")[1]);
    }

    @Test
    void theBoundUrlNamesTheFreePortChosen() {
        assertThat(server.port()).isPositive();
        assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    }
}
