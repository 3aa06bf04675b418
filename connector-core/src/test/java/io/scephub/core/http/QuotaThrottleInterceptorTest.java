package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuotaThrottleInterceptorTest {
    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ResilientVendorHttp http = new ResilientVendorHttp(clock, sleeper);
    private final MockWebServer server = new MockWebServer();
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = http.client("okta", HttpPolicy.defaults().withRequestsPerSecond(0), RetryAfterSources.retryAfterHeader(),
                List.of(http.quotaThrottle(QuotaHeaders.okta(), 0.1, Duration.ofSeconds(60))));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse quota(long limit, long remaining, long resetInSeconds) {
        return new MockResponse().setResponseCode(200)
                .addHeader("X-Rate-Limit-Limit", limit)
                .addHeader("X-Rate-Limit-Remaining", remaining)
                .addHeader("X-Rate-Limit-Reset", START.getEpochSecond() + resetInSeconds);
    }

    private void get(String path) throws IOException {
        client.newCall(new Request.Builder().url(server.url(path)).build()).execute().close();
    }

    @Test
    void nearlyExhaustedQuotaDelaysTheNextRequestUntilReset() throws IOException {
        server.enqueue(quota(100, 5, 20));
        server.enqueue(quota(100, 99, 80));

        get("/api/v1/groups");
        assertThat(sleeper.waits()).isEmpty();
        get("/api/v1/groups/00g1");

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void quotaWithHeadroomDoesNotDelay() throws IOException {
        server.enqueue(quota(100, 50, 20));
        server.enqueue(quota(100, 49, 20));

        get("/api/v1/groups");
        get("/api/v1/groups");

        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void otherEndpointFamiliesAreNotDelayed() throws IOException {
        server.enqueue(quota(100, 1, 20));
        server.enqueue(quota(600, 500, 20));

        get("/api/v1/groups");
        get("/api/v1/apps");

        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void farAwayResetIsCappedAtMaxPause() throws IOException {
        server.enqueue(quota(100, 0, 3600));
        server.enqueue(quota(100, 99, 3600));

        get("/api/v1/groups");
        get("/api/v1/groups");

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void reserveFractionOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> http.quotaThrottle(QuotaHeaders.okta(), 1.5, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserveFraction must be in [0, 1), was 1.5");
    }
}
