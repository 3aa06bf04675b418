package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which requests are resent after a server error, a reset or a read timeout (issue 9 item 1). */
class RetrySafetyTest extends LocalVendorTest {
    private static final MediaType JSON = MediaType.get("application/json");

    RetrySafetyTest() {
        super(Instant.parse("2026-11-02T10:00:00Z"));
    }

    /** Three attempts; a read timeout short enough that a silent server costs the test little. */
    private static HttpPolicy policy() {
        return new HttpPolicy(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(30),
                3, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 20, Duration.ofSeconds(30))
                .withRetrySafePost(request -> request.url().encodedPath().endsWith("/assign")
                        || request.url().encodedPath().endsWith("/oauth2/v2.0/token"));
    }

    private OkHttpClient client() {
        return http.client("graph", policy(), RetryAfterSources.retryAfterHeader(), List.of());
    }

    private Response call(String method, String path) throws IOException {
        RequestBody body = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
                ? null : RequestBody.create("{\"assignments\":[]}", JSON);
        return client().newCall(new Request.Builder().url(server.url(path)).method(method, body).build()).execute();
    }

    private static MockResponse status(int code) {
        return new MockResponse().setResponseCode(code).setBody("status " + code);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void idempotentMethodsAreRetriedOnEveryTransientServerError(int status) throws IOException {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            server.enqueue(status(status));
            server.enqueue(status(200));
            try (Response response = call(method, "/v1/things/1")) {
                assertThat(response.code()).as(method + " after " + status).isEqualTo(200);
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void aPlainPostIsNotResentAfterAServerErrorBecauseItsOutcomeIsUnknown(int status) throws IOException {
        server.enqueue(status(status));
        server.enqueue(status(201));

        try (Response response = call("POST", "/v1/things")) {
            assertThat(response.code()).isEqualTo(status);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRetrySafePostIsRetriedOnAServerErrorWithTheSameBody() throws Exception {
        server.enqueue(status(500));
        server.enqueue(status(200));

        try (Response response = call("POST", "/beta/deviceManagement/deviceConfigurations/abc/assign")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo(server.takeRequest().getBody().readUtf8());
    }

    @Test
    void aTokenRequestIsRetriedAfterAServerError() throws IOException {
        server.enqueue(status(500));
        server.enqueue(status(200).setBody("{\"access_token\":\"t\"}"));

        try (Response response = call("POST", "/tenant/oauth2/v2.0/token")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRetrySafePostIsRetriedAfterAConnectionReset() throws IOException {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(status(200));

        try (Response response = call("POST", "/beta/deviceManagement/deviceConfigurations/abc/assign")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aPlainPostIsNotResentAfterAConnectionReset() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(status(201));

        assertThatThrownBy(() -> call("POST", "/v1/things").close()).isInstanceOf(IOException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aGetIsRetriedAfterAReadTimeout() throws IOException {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(status(200));

        try (Response response = call("GET", "/v1/things/1")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aPlainPostIsNotResentAfterAReadTimeout() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(status(201));

        assertThatThrownBy(() -> call("POST", "/v1/things").close()).isInstanceOf(SocketTimeoutException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesStayWithinTheAttemptBudgetAndReturnTheLastError() throws IOException {
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(500).setBody("boom " + i));
        }

        try (Response response = call("GET", "/v1/things/1")) {
            assertThat(response.code()).isEqualTo(500);
            assertThat(response.body().string()).isEqualTo("boom 2");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void a503RetryAfterIsStillHonouredForAnIdempotentCall() throws IOException {
        server.enqueue(status(503).addHeader("Retry-After", "4"));
        server.enqueue(status(200));

        try (Response response = call("PUT", "/v1/things/1")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void aVendorQuotaResetHeaderOnlyDecidesTheWaitAfterA429() throws IOException {
        // Like Okta: every answer says when the rate window resets, a server error included.
        RetryAfterSource quotaReset = (response, now) -> Optional.ofNullable(response.header("X-Rate-Limit-Reset"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
        OkHttpClient client = http.client("okta", policy(), quotaReset, List.of());
        server.enqueue(status(500).addHeader("X-Rate-Limit-Reset", "50"));
        server.enqueue(status(503).addHeader("X-Rate-Limit-Reset", "50").addHeader("Retry-After", "2"));
        server.enqueue(status(200));

        try (Response response = client.newCall(new Request.Builder().url(server.url("/api/v1/groups")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).as("backoff after the 500").isBetween(Duration.ofMillis(100), Duration.ofMillis(800));
        assertThat(sleeper.waits().get(1)).as("Retry-After after the 503").isEqualTo(Duration.ofSeconds(2));

        server.enqueue(status(429).addHeader("X-Rate-Limit-Reset", "7"));
        server.enqueue(status(200));
        try (Response response = client.newCall(new Request.Builder().url(server.url("/api/v1/groups")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(sleeper.waits().get(2)).as("the vendor's reset after a 429").isEqualTo(Duration.ofSeconds(7));
    }
}
