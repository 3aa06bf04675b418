package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallLoggingTest {
    private static final String CANARY = "canary-7Hq2xZ9pLw";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ResilientVendorHttp http = new ResilientVendorHttp(clock, sleeper);
    private final MockWebServer server = new MockWebServer();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger callLogger = (Logger) LoggerFactory.getLogger(ResilientVendorHttp.CALL_LOGGER);
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        appender.start();
        callLogger.addAppender(appender);
        callLogger.setLevel(Level.DEBUG);
        http.redact(CANARY);
        client = http.client("okta", HttpPolicy.defaults().withRequestsPerSecond(0).withBackoff(Duration.ofMillis(10), Duration.ofMillis(20)),
                RetryAfterSources.retryAfterHeader(),
                List.of(chain -> chain.proceed(chain.request().newBuilder()
                        .header("Authorization", "SSWS " + CANARY).build())));
    }

    @AfterEach
    void stop() throws IOException {
        callLogger.detachAppender(appender);
        callLogger.setLevel(null);
        server.shutdown();
    }

    private List<ILoggingEvent> lines(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    private void assertNoLineShowsTheCanary() {
        assertThat(appender.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(CANARY);
            assertThat(Arrays.toString(event.getArgumentArray())).doesNotContain(CANARY);
        });
    }

    @Test
    void canaryInHeaderQueryAndBodyNeverReachesTheLog() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(401)
                .addHeader("X-Okta-Request-Id", "req-42")
                .setBody("{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token " + CANARY + "\"}"));
        Request request = new Request.Builder()
                .url(server.url("/api/v1/groups/" + CANARY + "?client_secret=" + CANARY + "&q=" + CANARY))
                .post(RequestBody.create("{\"secret\":\"" + CANARY + "\"}", MediaType.get("application/json")))
                .build();

        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(401);
        }

        assertNoLineShowsTheCanary();
        assertThat(lines(Level.INFO)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("vendor=okta", "method=POST", "status=401", "attempt=1", "requestId=req-42",
                        "path=/api/v1/groups/***?client_secret=***&q=***");
    }

    @Test
    void failedCallIsLoggedWithoutTheCanaryInTheErrorMessage() {
        OkHttpClient failing = http.client("okta", HttpPolicy.defaults().withRequestsPerSecond(0).withMaxAttempts(2)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20)), RetryAfterSources.retryAfterHeader(),
                List.of(chain -> {
                    throw new IOException("token " + CANARY + " was refused by the proxy");
                }));
        Request request = new Request.Builder().url(server.url("/api/v1/groups")).build();

        assertThatThrownBy(() -> failing.newCall(request).execute()).isInstanceOf(IOException.class);

        assertNoLineShowsTheCanary();
        assertThat(lines(Level.DEBUG)).hasSize(2);
        assertThat(lines(Level.INFO)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("vendor=okta", "method=GET", "status=failed", "attempt=2", "error=IOException",
                        "reason=\"token *** was refused by the proxy\"");
    }

    @Test
    void oneInfoLinePerCallAndOneDebugLinePerAttempt() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(429).addHeader("Retry-After", "1").addHeader("request-id", "g-1"));
        server.enqueue(new MockResponse().setResponseCode(200).addHeader("request-id", "g-2"));

        client.newCall(new Request.Builder().url(server.url("/beta/deviceManagement")).build()).execute().close();

        assertThat(lines(Level.DEBUG)).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        first -> assertThat(first).contains("status=429", "attempt=1", "requestId=g-1"),
                        second -> assertThat(second).contains("status=200", "attempt=2", "requestId=g-2"));
        assertThat(lines(Level.INFO)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("vendor=okta method=GET path=/beta/deviceManagement status=200 durationMs=1000 attempt=2 requestId=g-2");
    }
}
