package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.http.CallObserver.CircuitState;
import io.scephub.core.http.CallObserver.FinishedCall;
import io.scephub.core.http.CallObserver.Retrying;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

class CallObserverTest extends LocalVendorTest {
    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");

    private final RecordingObserver observer = (RecordingObserver) callObserver;

    CallObserverTest() {
        super(START, new RecordingObserver());
    }

    /** Three attempts, a window of four calls for the breaker, no client-side rate limit. */
    private static HttpPolicy policy(int maxAttempts) {
        return new HttpPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                maxAttempts, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(120),
                0, 50, 4, Duration.ofSeconds(30));
    }

    private OkHttpClient client(int maxAttempts) {
        return http.client("jamf", policy(maxAttempts), RetryAfterSources.retryAfterHeader(), List.of());
    }

    private Response get(OkHttpClient client, String path) throws IOException {
        return client.newCall(new Request.Builder().url(server.url(path)).build()).execute();
    }

    private static MockResponse status(int code) {
        return new MockResponse().setResponseCode(code).setBody("status " + code);
    }

    @Test
    void aCallThatSucceedsAtOnceIsReportedOnceWithItsStatusAndNoRetry() throws IOException {
        server.enqueue(status(200));

        get(client(3), "/JSSResource/computergroups").close();

        assertThat(observer.calls).containsExactly(new FinishedCall("jamf", "GET", "200", Duration.ZERO, 1));
        assertThat(observer.retries).isEmpty();
    }

    @Test
    void everyRetryIsReportedOnceWithItsReasonAndTheCallOnceAfterTheLastAttempt() throws IOException {
        server.enqueue(status(503).addHeader("Retry-After", "2"));
        server.enqueue(status(429).addHeader("Retry-After", "3"));
        server.enqueue(status(200));

        get(client(3), "/JSSResource/computergroups").close();

        assertThat(observer.retries).containsExactly(
                new Retrying("jamf", "GET", "http_503", 1),
                new Retrying("jamf", "GET", "http_429", 2));
        // The call's duration includes the waits between attempts (the test clock moves only when the sleeper waits).
        assertThat(observer.calls).containsExactly(new FinishedCall("jamf", "GET", "200", Duration.ofSeconds(5), 3));
    }

    @Test
    void exhaustedRetriesReportTheLastStatus() throws IOException {
        for (int i = 0; i < 2; i++) {
            server.enqueue(status(502));
        }

        get(client(2), "/JSSResource/computergroups").close();

        assertThat(observer.retries).extracting(Retrying::reason).containsExactly("http_502");
        assertThat(observer.calls).extracting(FinishedCall::status, FinishedCall::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("502", 2));
    }

    @Test
    void aDroppedConnectionIsRetriedUnderTheExceptionClassNameAndAFinalFailureIsANetworkError() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        assertThatThrownBy(() -> get(client(2), "/JSSResource/computergroups").close()).isInstanceOf(IOException.class);

        assertThat(observer.retries).hasSize(1);
        assertThat(observer.retries.get(0).reason()).matches("[A-Za-z]+Exception");
        assertThat(observer.calls).extracting(FinishedCall::status, FinishedCall::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FinishedCall.NETWORK_ERROR, 2));
    }

    @Test
    void breakerStatesAreReportedAndARefusedCallCountsAsCircuitOpenWithoutAttempts() throws IOException {
        OkHttpClient client = client(1);
        assertThat(observer.states).containsExactly("jamf=CLOSED");
        server.enqueue(status(500));
        server.enqueue(status(500));
        get(client, "/a").close();
        get(client, "/a").close();

        assertThatThrownBy(() -> get(client, "/a")).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(31));
        server.enqueue(status(200));
        get(client, "/a").close();

        assertThat(observer.states).containsExactly("jamf=CLOSED", "jamf=OPEN", "jamf=HALF_OPEN", "jamf=CLOSED");
        assertThat(observer.calls).extracting(FinishedCall::status)
                .containsExactly("500", "500", FinishedCall.CIRCUIT_OPEN, "200");
        assertThat(observer.calls.get(2).attempts()).isZero();
    }

    @Test
    void nothingFromTheUrlReachesTheObserver() throws IOException {
        String canary = "canary-7f3a9c-secret";
        http.redact(canary);
        server.enqueue(status(429).addHeader("Retry-After", "1"));
        server.enqueue(status(200));

        get(client(3), "/users/" + canary + "?token=" + canary).close();

        assertThat(observer.calls).hasSize(1);
        assertThat(observer.retries).hasSize(1);
        assertThat(observer.everything()).doesNotContain(canary);
    }

    @Test
    void aFailingObserverDoesNotFailTheCall() throws IOException {
        CallObserver broken = new CallObserver() {
            @Override
            public void callFinished(FinishedCall call) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void retrying(Retrying retry) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void circuitStateChanged(String vendor, CircuitState state) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        OkHttpClient client = new ResilientVendorHttp(clock, sleeper, broken)
                .client("jamf", policy(3), RetryAfterSources.retryAfterHeader(), List.of());
        server.enqueue(status(503));
        server.enqueue(status(200));

        try (Response response = get(client, "/a")) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    /** Keeps what it is told, in order. */
    private static final class RecordingObserver implements CallObserver {
        final List<FinishedCall> calls = new CopyOnWriteArrayList<>();
        final List<Retrying> retries = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void callFinished(FinishedCall call) {
            calls.add(call);
        }

        @Override
        public void retrying(Retrying retry) {
            retries.add(retry);
        }

        @Override
        public void circuitStateChanged(String vendor, CircuitState state) {
            states.add(vendor + "=" + state);
        }

        String everything() {
            return calls + " " + retries + " " + states;
        }
    }
}
