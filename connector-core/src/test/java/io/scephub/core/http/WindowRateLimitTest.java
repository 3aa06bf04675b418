package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sliding-window client rate limits with per-request costs (issue 8 item 3). */
class WindowRateLimitTest {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration WINDOW = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ResilientVendorHttp http = new ResilientVendorHttp(clock, sleeper);
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200).setBody("{}");
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static HttpPolicy policy(List<RateLimitWindow> windows) {
        return new HttpPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60),
                1, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 20, Duration.ofSeconds(30)).withRateLimits(windows);
    }

    private OkHttpClient client(HttpPolicy policy) {
        return http.client("graph", policy, RetryAfterSources.retryAfterHeader(), List.of());
    }

    private void send(OkHttpClient client, String method, String path) throws IOException {
        RequestBody body = method.equals("GET") ? null : RequestBody.create("{}", JSON);
        try (Response response = client.newCall(new Request.Builder().url(server.url(path)).method(method, body)
                .build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void writesBeyondTheWriteWindowWaitUntilTheOldestWriteLeavesIt() throws IOException {
        OkHttpClient client = client(policy(List.of(RateLimitWindow.requests("all", 10, WINDOW),
                RateLimitWindow.writes("writes", 3, WINDOW))));
        Instant start = clock.instant();
        for (int i = 0; i < 3; i++) {
            send(client, "POST", "/things");
        }
        assertThat(sleeper.waits()).isEmpty();

        send(client, "POST", "/things");

        assertThat(sleeper.waits()).containsExactly(WINDOW);
        assertThat(clock.instant()).isEqualTo(start.plus(WINDOW));
    }

    @Test
    void readsDoNotCountAgainstAWritesOnlyWindow() throws IOException {
        OkHttpClient client = client(policy(List.of(RateLimitWindow.writes("writes", 2, WINDOW))));
        for (int i = 0; i < 50; i++) {
            send(client, "GET", "/things");
        }
        send(client, "PATCH", "/things/1");
        send(client, "DELETE", "/things/1");

        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void requestsBeyondTheRequestWindowWaitAndAreSpreadAcrossWindows() throws IOException {
        OkHttpClient client = client(policy(List.of(RateLimitWindow.requests("all", 5, WINDOW))));
        for (int i = 0; i < 15; i++) {
            send(client, "GET", "/things");
        }
        assertThat(sleeper.waits()).hasSize(2).allSatisfy(wait -> assertThat(wait).isEqualTo(WINDOW));
        assertThat(server.getRequestCount()).isEqualTo(15);
    }

    @Test
    void aBatchCostsItsInnerRequestsAndWrites() throws IOException {
        // A stand-in for Graph's $batch: the cost function reads the count the test put in the query.
        RequestCostFunction batchCost = request -> {
            String inner = request.url().queryParameter("inner");
            return inner == null ? RequestCostFunction.perRequest().of(request)
                    : new RequestCost(Integer.parseInt(inner), Integer.parseInt(inner));
        };
        OkHttpClient client = client(policy(List.of(RateLimitWindow.writes("writes", 30, WINDOW)))
                .withRequestCost(batchCost));

        send(client, "POST", "/$batch?inner=20");
        send(client, "POST", "/things");
        assertThat(sleeper.waits()).isEmpty();

        send(client, "POST", "/$batch?inner=20");
        assertThat(sleeper.waits()).containsExactly(WINDOW);
    }

    @Test
    void aCallThatCannotGetRoomWithinTheCallTimeoutFailsNamingTheWindow() throws IOException {
        HttpPolicy policy = policy(List.of(RateLimitWindow.writes("graph-writes", 1, Duration.ofMinutes(5))));
        OkHttpClient client = client(policy);
        send(client, "POST", "/things");

        assertThatThrownBy(() -> send(client, "POST", "/things"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("graph")
                .hasMessageContaining("'graph-writes'")
                .hasMessageContaining("1 writes per 300000 ms");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void everyRetryAttemptIsChargedAgain() throws IOException {
        server.setDispatcher(new Dispatcher() {
            private int calls;

            @Override
            public synchronized MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(calls++ == 0 ? 503 : 200);
            }
        });
        HttpPolicy policy = policy(List.of(RateLimitWindow.requests("all", 2, WINDOW))).withMaxAttempts(3);
        OkHttpClient client = client(policy);

        send(client, "GET", "/things");
        assertThat(server.getRequestCount()).isEqualTo(2);

        send(client, "GET", "/things");
        assertThat(sleeper.waits()).last().isEqualTo(WINDOW.minus(sleeper.waits().get(0)));
    }

    @Test
    void defaultCostIsOneRequestAndOneWriteExceptForReadMethods() {
        RequestCostFunction cost = RequestCostFunction.perRequest();
        Request get = new Request.Builder().url("http://127.0.0.1/x").build();
        Request head = new Request.Builder().url("http://127.0.0.1/x").head().build();
        Request post = new Request.Builder().url("http://127.0.0.1/x").post(RequestBody.create("{}", JSON)).build();
        Request delete = new Request.Builder().url("http://127.0.0.1/x").delete().build();

        assertThat(cost.of(get)).isEqualTo(new RequestCost(1, 0));
        assertThat(cost.of(head)).isEqualTo(new RequestCost(1, 0));
        assertThat(cost.of(post)).isEqualTo(new RequestCost(1, 1));
        assertThat(cost.of(delete)).isEqualTo(new RequestCost(1, 1));
    }

    @Test
    void invalidWindowsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> RateLimitWindow.writes("w", 0, WINDOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate limit window w: permits");
        assertThatThrownBy(() -> RateLimitWindow.requests("r", 5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate limit window r: window");
        HttpPolicy twice = policy(List.of(RateLimitWindow.requests("a", 1, WINDOW), RateLimitWindow.writes("a", 1, WINDOW)));
        assertThatThrownBy(() -> client(twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("graph http policy: rate limit window names must be unique");
    }
}
