package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Fixed per-bucket windows steered by Okta-style quota headers; time only moves through the recording sleeper. */
class QuotaWindowTest extends LocalVendorTest {
    /** 37 s past the minute, as in the N=200 apply. */
    private static final Instant START = Instant.parse("2026-11-02T10:00:37Z");
    private static final Instant NEXT_MINUTE = Instant.parse("2026-11-02T10:01:00Z");

    QuotaWindowTest() {
        super(START);
    }

    /** Two buckets: {@code /groups} (published 2 a minute) and {@code /cas} (published 100); {@code /free} none. */
    private static QuotaWindows quotas(int groupPermits) {
        return new QuotaWindows(Duration.ofMinutes(1), QuotaHeaders.okta(), request -> {
            String path = request.url().encodedPath();
            if (path.startsWith("/groups")) {
                return Optional.of(new QuotaWindows.Bucket("groups", groupPermits));
            }
            return path.startsWith("/cas") ? Optional.of(new QuotaWindows.Bucket("cas", 100)) : Optional.empty();
        });
    }

    /** One attempt per call, so a wait is the limiter's and not a retry's backoff. */
    private OkHttpClient client(QuotaWindows quotas, Duration callTimeout) {
        HttpPolicy policy = HttpPolicy.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), callTimeout)
                .withMaxAttempts(1).withQuotaWindows(quotas);
        return http.client("okta", policy, RetryAfterSources.retryAfterHeader(), List.of());
    }

    private static MockResponse plain() {
        return new MockResponse().setResponseCode(200);
    }

    private static MockResponse quota(long limit, long remaining, Instant reset) {
        return new MockResponse().setResponseCode(200)
                .addHeader("X-Rate-Limit-Limit", limit)
                .addHeader("X-Rate-Limit-Remaining", remaining)
                .addHeader("X-Rate-Limit-Reset", reset.getEpochSecond());
    }

    private void get(OkHttpClient client, String path) throws IOException {
        client.newCall(new Request.Builder().url(server.url(path)).build()).execute().close();
    }

    @Test
    void aFullBucketWaitsUntilTheCalendarMinuteResetsNotASlidingMinute() throws IOException {
        OkHttpClient client = client(quotas(2), Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            server.enqueue(plain());
        }

        get(client, "/groups");
        get(client, "/groups");
        assertThat(sleeper.waits()).isEmpty();
        get(client, "/groups");

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(23));
        assertThat(clock.instant()).isEqualTo(NEXT_MINUTE);
    }

    @Test
    void aFullBucketWaitsUntilTheResetTheServerAnnounced() throws IOException {
        OkHttpClient client = client(quotas(100), Duration.ofSeconds(60));
        Instant announced = Instant.parse("2026-11-02T10:00:50Z");
        server.enqueue(quota(2, 1, announced));
        server.enqueue(quota(2, 0, announced));
        server.enqueue(quota(2, 1, Instant.parse("2026-11-02T10:01:50Z")));

        get(client, "/groups");
        get(client, "/groups");
        get(client, "/groups");

        assertThat(sleeper.waits()).as("the server's limit of 2 and its reset, not the published 100 or the minute")
                .containsExactly(Duration.ofSeconds(13));
    }

    @Test
    void requestsOtherClientsMadeInTheWindowCountAgainstIt() throws IOException {
        OkHttpClient client = client(quotas(100), Duration.ofSeconds(60));
        // Another integration has used 96 of the 100: after ours, 3 are left.
        server.enqueue(quota(100, 3, NEXT_MINUTE));
        server.enqueue(quota(100, 2, NEXT_MINUTE));
        server.enqueue(quota(100, 1, NEXT_MINUTE));
        server.enqueue(quota(100, 0, NEXT_MINUTE));
        server.enqueue(quota(100, 99, NEXT_MINUTE.plusSeconds(60)));

        for (int i = 0; i < 4; i++) {
            get(client, "/groups");
        }
        assertThat(sleeper.waits()).isEmpty();
        get(client, "/groups");

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(23));
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void parallelAttemptsAnsweredOutOfOrderDoNotShrinkTheWindow() throws Exception {
        OkHttpClient client = client(quotas(3), Duration.ofSeconds(60));
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        AtomicInteger counted = new AtomicInteger();
        AtomicInteger arrived = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (arrived.getAndIncrement() == 0) {
                    // The first attempt sent is counted by the server after the second one.
                    firstArrived.countDown();
                    secondAnswered.await(10, TimeUnit.SECONDS);
                }
                return quota(3, 3 - counted.incrementAndGet(), NEXT_MINUTE);
            }
        });
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<?> a = first.submit(() -> {
                get(client, "/groups");
                return null;
            });
            assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
            get(client, "/groups");
            secondAnswered.countDown();
            a.get(10, TimeUnit.SECONDS);
        } finally {
            first.shutdownNow();
        }

        get(client, "/groups");
        assertThat(sleeper.waits()).as("the third of three permits is still free").isEmpty();
        get(client, "/groups");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(23));
    }

    @Test
    void aServerLimitAboveThePublishedOneIsUsed() throws IOException {
        OkHttpClient client = client(quotas(1), Duration.ofSeconds(60));
        server.enqueue(quota(150, 149, NEXT_MINUTE));
        server.enqueue(quota(150, 148, NEXT_MINUTE));

        get(client, "/groups");
        get(client, "/groups");

        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void anotherBucketAndUnbucketedRequestsDoNotWait() throws IOException {
        OkHttpClient client = client(quotas(1), Duration.ofSeconds(60));
        server.enqueue(quota(1, 0, NEXT_MINUTE));
        server.enqueue(quota(100, 99, NEXT_MINUTE));
        server.enqueue(plain());
        server.enqueue(plain());

        get(client, "/groups");
        get(client, "/cas");
        get(client, "/free");
        get(client, "/free");

        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void aNewWindowStartsWithTheWholeLimit() throws IOException {
        OkHttpClient client = client(quotas(2), Duration.ofSeconds(90));
        for (int i = 0; i < 5; i++) {
            server.enqueue(plain());
        }

        for (int i = 0; i < 5; i++) {
            get(client, "/groups");
        }

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(23), Duration.ofSeconds(60));
    }

    @Test
    void aResetMoreThanOneWindowAwayIsCappedAtOneWindow() throws IOException {
        OkHttpClient client = client(quotas(100), Duration.ofSeconds(90));
        server.enqueue(quota(100, 0, START.plusSeconds(3600)));
        server.enqueue(quota(100, 99, START.plusSeconds(3600)));

        get(client, "/groups");
        get(client, "/groups");

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void aWaitBeyondTheCallTimeoutFailsNamingTheBucket() throws IOException {
        OkHttpClient client = client(quotas(1), Duration.ofSeconds(10));
        server.enqueue(plain());
        get(client, "/groups");

        assertThatThrownBy(() -> get(client, "/groups"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("quota bucket 'groups' (1 per 60000 ms window) is used up and resets only in 23000 ms");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void bucketsNeedANameAndAtLeastOnePermit() {
        assertThatThrownBy(() -> new QuotaWindows.Bucket("groups", 0))
                .hasMessageContaining("quota bucket groups: permits must be at least 1, was 0");
        assertThatThrownBy(() -> new QuotaWindows.Bucket(" ", 5)).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> new QuotaWindows(Duration.ZERO, QuotaHeaders.okta(), r -> Optional.empty()))
                .hasMessageContaining("quota window must be at least 1 ms");
    }
}
