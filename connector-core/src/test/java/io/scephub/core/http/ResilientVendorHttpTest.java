package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

class ResilientVendorHttpTest extends LocalVendorTest {
    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final MediaType JSON = MediaType.get("application/json");

    ResilientVendorHttpTest() {
        super(START);
    }

    /** Short timeouts and backoffs, three attempts, no client-side rate limit. */
    private static HttpPolicy policy() {
        return new HttpPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                3, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 20, Duration.ofSeconds(30));
    }

    private OkHttpClient client(HttpPolicy policy) {
        return http.client("okta", policy, RetryAfterSources.retryAfterHeader(), List.of());
    }

    private Response get(OkHttpClient client) throws IOException {
        return client.newCall(new Request.Builder().url(server.url("/api/v1/groups")).build()).execute();
    }

    private Response post(OkHttpClient client, String body) throws IOException {
        return client.newCall(new Request.Builder().url(server.url("/api/v1/groups"))
                .post(RequestBody.create(body, JSON)).build()).execute();
    }

    private static MockResponse status(int code) {
        return new MockResponse().setResponseCode(code).setBody("status " + code);
    }

    @Test
    void everyCallCarriesOneClientRequestIdThatItsRetriesKeep() throws Exception {
        server.enqueue(status(503).addHeader("Retry-After", "1"));
        server.enqueue(status(200));
        server.enqueue(status(200));

        OkHttpClient client = client(policy());
        try (Response first = get(client); Response second = get(client)) {
            assertThat(first.code()).isEqualTo(200);
            assertThat(second.code()).isEqualTo(200);
        }
        String attempt1 = server.takeRequest().getHeader("client-request-id");
        String attempt2 = server.takeRequest().getHeader("client-request-id");
        String nextCall = server.takeRequest().getHeader("client-request-id");
        assertThat(attempt1).isNotBlank().isEqualTo(attempt2);
        assertThat(nextCall).isNotBlank().isNotEqualTo(attempt1);
    }

    @Test
    void a429WithRetryAfterIsRetriedOnceAfterWaitingAtLeastTheServersDelay() throws IOException {
        server.enqueue(status(429).addHeader("Retry-After", "2"));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.waits()).hasSize(1);
        assertThat(sleeper.waits().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fractionalRetryAfterIsRoundedUpToTheMillisecond() throws IOException {
        server.enqueue(status(503).addHeader("Retry-After", "2.1284"));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(2129));
    }

    @Test
    void withoutRetryAfterWaitsAreExponentialBackoffWithinJitterBounds() throws IOException {
        HttpPolicy policy = policy().withMaxAttempts(5);
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(503));
        }
        server.enqueue(status(200));

        try (Response response = get(client(policy))) {
            assertThat(response.code()).isEqualTo(200);
        }
        List<Duration> waits = sleeper.waits();
        assertThat(waits).hasSize(4);
        assertThat(waits.get(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(400));
        assertThat(waits.get(3)).isBetween(Duration.ofMillis(100), Duration.ofMillis(800));
    }

    @Test
    void postIsNotRetriedOnAServerError() throws IOException {
        server.enqueue(status(500));
        server.enqueue(status(502));

        try (Response response = post(client(policy()), "{}")) {
            assertThat(response.code()).isEqualTo(500);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void postIsNotRetriedOnABadGateway() throws IOException {
        server.enqueue(status(502));

        try (Response response = post(client(policy()), "{}")) {
            assertThat(response.code()).isEqualTo(502);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void postIsRetriedOn429And503WithTheSameBody() throws Exception {
        server.enqueue(status(429).addHeader("Retry-After", "1"));
        server.enqueue(status(503).addHeader("Retry-After", "1"));
        server.enqueue(status(201));

        try (Response response = post(client(policy()), "{\"name\":\"g\"}")) {
            assertThat(response.code()).isEqualTo(201);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo("{\"name\":\"g\"}");
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void getIsRetriedOnBadGatewayAndGatewayTimeout() throws IOException {
        server.enqueue(status(502));
        server.enqueue(status(504));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void getIsRetriedOnAPlainServerError() throws IOException {
        server.enqueue(status(500));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void exhaustedAttemptsReturnTheLastResponseWithItsBody() throws IOException {
        server.enqueue(status(503).setBody("busy 1"));
        server.enqueue(status(503).setBody("busy 2"));
        server.enqueue(status(503).setBody("busy 3"));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).isEqualTo("busy 3");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void aRetryAfterLongerThanMaxRetryAfterFailsAtOnceWithoutWaiting() throws IOException {
        server.enqueue(status(429).addHeader("Retry-After", "600"));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(429);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void getIsRetriedAfterTheConnectionDropsMidRequest() throws IOException {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(status(200));

        try (Response response = get(client(policy()))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void postIsNotRetriedAfterTheConnectionDropsMidRequest() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(status(201));

        assertThatThrownBy(() -> post(client(policy()), "{}").close()).isInstanceOf(IOException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void postIsRetriedWhenItCouldNotConnectAndFinallyThrowsTheConnectFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        OkHttpClient client = client(policy());
        Request request = new Request.Builder().url("http://127.0.0.1:" + closedPort + "/api/v1/groups")
                .post(RequestBody.create("{}", JSON)).build();

        assertThatThrownBy(() -> client.newCall(request).execute()).isInstanceOf(ConnectException.class);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void oktaResetHeaderDecidesTheWaitAfterA429() throws IOException {
        long reset = START.getEpochSecond() + 5;
        server.enqueue(status(429).addHeader("X-Rate-Limit-Reset", Long.toString(reset)));
        server.enqueue(status(200));
        OkHttpClient client = http.client("okta", policy(), RetryAfterSources.firstOf(
                RetryAfterSources.retryAfterHeader(), RetryAfterSources.epochSecondsHeader("X-Rate-Limit-Reset")), List.of());

        try (Response response = get(client)) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void circuitOpensAfterFailuresFailsFastThenLetsATrialCallThroughAfterTheOpenDuration() throws IOException {
        HttpPolicy policy = new HttpPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                1, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 4, Duration.ofSeconds(30));
        OkHttpClient client = client(policy);
        server.enqueue(status(500));
        server.enqueue(status(503));
        get(client).close();
        get(client).close();

        assertThatThrownBy(() -> get(client))
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("okta")
                .hasMessageContaining(START.plusSeconds(30).toString())
                .satisfies(e -> assertThat(((CircuitOpenException) e).retryAt()).contains(START.plusSeconds(30)));
        assertThat(server.getRequestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        server.enqueue(status(200));
        server.enqueue(status(200));
        try (Response trial = get(client)) {
            assertThat(trial.code()).isEqualTo(200);
        }
        try (Response afterTrial = get(client)) {
            assertThat(afterTrial.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void clientErrorsAndThrottlingDoNotOpenTheCircuit() throws IOException {
        HttpPolicy policy = new HttpPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                1, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 4, Duration.ofSeconds(30));
        OkHttpClient client = client(policy);
        for (int i = 0; i < 6; i++) {
            server.enqueue(status(i % 2 == 0 ? 404 : 429));
        }
        for (int i = 0; i < 6; i++) {
            get(client).close();
        }
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void rateLimiterSpacesRequestsEvenly() throws IOException {
        OkHttpClient client = client(policy().withRequestsPerSecond(2));
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(200));
        }
        for (int i = 0; i < 4; i++) {
            get(client).close();
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
        List<Duration> waits = sleeper.waits();
        assertThat(waits).hasSize(3);
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500)));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThan(Duration.ofMillis(1000));
    }

    @Test
    void connectorInterceptorsRunOnEveryAttempt() throws Exception {
        server.enqueue(status(429).addHeader("Retry-After", "1"));
        server.enqueue(status(200));
        OkHttpClient client = http.client("okta", policy(), RetryAfterSources.retryAfterHeader(), List.of(
                chain -> chain.proceed(chain.request().newBuilder().header("Authorization", "SSWS token").build())));

        get(client).close();
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("SSWS token");
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("SSWS token");
    }

    @Test
    void invalidPolicyIsRejectedNamingTheVendorAndTheSetting() {
        assertThatThrownBy(() -> client(policy().withMaxAttempts(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("okta http policy: maxAttempts must be at least 1, was 0");
    }
}
