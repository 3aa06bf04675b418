package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vendors' published limits, behind switches that are off by default. */
class PublishedLimitsTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:05Z"));
    @AutoClose
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder().clock(CLOCK).build());
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void oktaEnforcesEachPublishedEndpointBucketPerMinuteWithItsOwnHeaders() {
        sandbox.okta().enforcePublishedRateLimits(true);
        TestHttp okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
        String cas = sandbox.oktaBaseUrl() + "/api/v1/certificateAuthorities";
        for (int i = 1; i <= 100; i++) {
            HttpResponse<String> ok = okta.get(cas);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-Rate-Limit-Limit")).contains("100");
            assertThat(ok.headers().firstValue("X-Rate-Limit-Remaining")).contains(Integer.toString(100 - i));
        }
        HttpResponse<String> throttled = okta.get(cas);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("E0000047");
        assertThat(throttled.headers().firstValue("X-Rate-Limit-Reset"))
                .contains(Long.toString(Instant.parse("2026-03-01T10:01:00Z").getEpochSecond()));

        HttpResponse<String> groups = okta.get(sandbox.oktaBaseUrl() + "/api/v1/groups?search=profile.name%20eq%20%22x%22");
        assertThat(groups.statusCode()).as("another bucket").isEqualTo(200);
        assertThat(groups.headers().firstValue("X-Rate-Limit-Limit")).contains("100");

        String chain = cas + "/" + sandbox.okta().oktaCaId() + "/cert";
        HttpResponse<String> chainRead = okta.get(chain);
        assertThat(chainRead.statusCode()).as("the CA chain read is not the create and list bucket").isEqualTo(200);
        assertThat(chainRead.headers().firstValue("X-Rate-Limit-Remaining")).contains("99");

        // The window is the calendar minute: 55 s after 10:00:05, not 60.
        CLOCK.advance(Duration.ofSeconds(55));
        assertThat(okta.get(cas).statusCode()).as("a new minute").isEqualTo(200);
    }

    @Test
    void oktaLimitsAreOffByDefault() {
        TestHttp okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
        for (int i = 0; i < 160; i++) {
            assertThat(okta.get(sandbox.oktaBaseUrl() + "/api/v1/certificateAuthorities").statusCode()).isEqualTo(200);
        }
    }

    private static int jamfToken() {
        return new TestHttp(null).send("POST", sandbox.jamfBaseUrl() + "/api/oauth/token", "grant_type=client_credentials"
                + "&client_id=" + SandboxOptions.DEFAULT_JAMF_CLIENT_ID + "&client_secret=" + SandboxOptions.DEFAULT_JAMF_CLIENT_SECRET,
                "application/x-www-form-urlencoded").statusCode();
    }

    @Test
    void jamfRefusesASixthConcurrentConnectionWhenItsGuidanceIsEnforced() throws Exception {
        sandbox.jamf().enforceConcurrencyGuidance(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> held = new ArrayList<>();
            int sixth;
            // Holding the simulator's lock keeps five requests in flight, as five slow calls would.
            synchronized (sandbox.jamf()) {
                for (int i = 0; i < 5; i++) {
                    held.add(pool.submit(PublishedLimitsTest::jamfToken));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (sandbox.jamf().maxConcurrentRequests() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(sandbox.jamf().maxConcurrentRequests()).isEqualTo(5);
                sixth = jamfToken();
            }
            assertThat(sixth).isEqualTo(503);
            for (Future<Integer> f : held) {
                assertThat(f.get()).isEqualTo(200);
            }
            sandbox.jamf().enforceConcurrencyGuidance(false);
        } finally {
            pool.shutdownNow();
        }
    }
}
