package io.scephub.sandbox;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    /** The start of a 20-second window and of a minute, plus 5 seconds. */
    private static final java.time.Instant WINDOW_START_PLUS_5 = java.time.Instant.parse("2030-01-01T00:00:05Z");
    private static final MutableClock clock = new MutableClock(WINDOW_START_PLUS_5);
    @AutoClose
    private static Sandbox sandbox;
    private static TestHttp okta;
    private static TestHttp graph;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder().graphWritesPer20s(3).oktaRateLimitPerMinute(10).clock(clock).build());
        okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
    }

    @BeforeEach
    void reset() {
        clock.set(WINDOW_START_PLUS_5);
        sandbox.reset();
        graph = new TestHttp("Bearer " + sandbox.graph().issueAccessToken());
    }

    private String ras() {
        return sandbox.oktaBaseUrl() + "/api/v1/certificateAuthorities/" + sandbox.okta().oktaCaId() + "/registrationAuthorities";
    }

    @Test
    void everyThirdRequestIsA429WithRetryAfterAndChangesNoState() {
        sandbox.faults().everyNth(Vendor.OKTA, 3, Fault.status(429).retryAfter("2"));
        int created = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = okta.send("POST", ras(),
                    "{\"name\":\"ra" + i + "\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}");
            if (i % 3 == 2) {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.headers().firstValue("Retry-After")).contains("2");
                assertThat(TestHttp.json(response).get("errorCode").asText()).isEqualTo("E0000047");
                assertThat(response.headers().firstValue("X-Rate-Limit-Reset")).isPresent();
            } else {
                assertThat(response.statusCode()).isEqualTo(201);
                created++;
            }
        }
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(created).hasSize(4);
        List<RecordedRequest> journal = sandbox.requests().of(Vendor.OKTA);
        assertThat(journal).extracting(RecordedRequest::status).containsExactly(201, 201, 429, 201, 201, 429);
        assertThat(journal).extracting(RecordedRequest::faulted).containsExactly(false, false, true, false, false, true);
        assertThat(journal.get(0).path()).endsWith("/registrationAuthorities");
    }

    @Test
    void graphFaultsUseGraphsErrorBodyAndOnlyCountTheirVendor() {
        sandbox.faults().nextN(Vendor.GRAPH, 1, Fault.status(503).retryAfter("1.5"));
        assertThat(okta.get(ras()).statusCode()).isEqualTo(200);
        HttpResponse<String> faulted = graph.get(sandbox.graphBaseUrl() + "/groups");
        assertThat(faulted.statusCode()).isEqualTo(503);
        assertThat(faulted.headers().firstValue("Retry-After")).contains("1.5");
        assertThat(TestHttp.json(faulted).at("/error/code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(graph.get(sandbox.graphBaseUrl() + "/groups").statusCode()).isEqualTo(200);
    }

    @Test
    void connectionResetFailsTheCallWithoutCreatingAnything() {
        sandbox.faults().nextN(1, Fault.connectionReset());
        assertThatThrownBy(() -> okta.send("POST", ras(), "{\"name\":\"x\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}"))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(sandbox.okta().registrationAuthorities()).isEmpty();
        assertThat(sandbox.requests().all()).singleElement().satisfies(entry -> assertThat(entry.status()).isZero());
    }

    @Test
    void resetAfterProcessingLosesTheAnswerButTheVendorActed() {
        sandbox.faults().nextN(Vendor.OKTA, 1, Fault.resetAfterProcessing());
        assertThatThrownBy(() -> okta.send("POST", ras(), "{\"name\":\"x\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}"))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(1);
        assertThat(sandbox.requests().all()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(201);
            assertThat(entry.faulted()).isTrue();
        });
    }

    @Test
    void everyNthCountsOnlyItsVendorAndFaultsTheNthSecondNthAndSoOn() {
        sandbox.faults().everyNth(Vendor.GRAPH, 3, Fault.status(500));
        for (int i = 0; i < 3; i++) {
            assertThat(okta.get(ras()).statusCode()).isEqualTo(200);
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(graph.get(sandbox.graphBaseUrl() + "/groups").statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 500, 200, 200, 500, 200);
    }

    @Test
    void aTimeoutAnswersAfterTheClientHasGivenUpAndStillChangesState() {
        sandbox.faults().nextN(Vendor.OKTA, 1, Fault.timeout(Duration.ofMillis(1500)));
        java.net.http.HttpClient impatient = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ras()))
                .timeout(Duration.ofMillis(300))
                .header("Authorization", "SSWS " + sandbox.options().oktaApiToken())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"late\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}"))
                .build();
        assertThatThrownBy(() -> impatient.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(1);
    }

    @Test
    void delayedAnswerStillArrivesAndIsApplied() {
        sandbox.faults().nextN(Vendor.OKTA, 1, Fault.delay(Duration.ofMillis(200)));
        HttpResponse<String> response = okta.send("POST", ras(), "{\"name\":\"slow\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(1);
    }

    @Test
    void intuneWriteLimitGives429WithRetryAfterUntilTheTwentySecondWindowEnds() {
        String url = sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations";
        String body = "{\"@odata.type\":\"#microsoft.graph.macOSTrustedRootCertificate\",\"displayName\":\"r\","
                + "\"trustedRootCertificate\":\"AAEC\",\"certFileName\":\"r.cer\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(graph.send("POST", url, body).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> throttled = graph.send("POST", url, body);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(TestHttp.json(throttled).at("/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(throttled.headers().firstValue("Retry-After")).contains("15");
        assertThat(graph.get(url).statusCode()).as("reads are not writes").isEqualTo(200);
        assertThat(sandbox.graph().deviceConfigurations()).hasSize(4);

        clock.advance(Duration.ofSeconds(15));
        assertThat(graph.send("POST", url, body).statusCode()).isEqualTo(201);
    }

    @Test
    void oktaRateLimitGivesE0000047AndCountsDownRemaining() {
        HttpResponse<String> first = okta.get(ras());
        assertThat(first.headers().firstValue("X-Rate-Limit-Limit")).contains("10");
        assertThat(first.headers().firstValue("X-Rate-Limit-Remaining")).contains("9");
        for (int i = 0; i < 9; i++) {
            assertThat(okta.get(ras()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = okta.get(ras());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(TestHttp.json(limited).get("errorCode").asText()).isEqualTo("E0000047");
        assertThat(limited.headers().firstValue("X-Rate-Limit-Remaining")).contains("0");
        assertThat(limited.headers().firstValue("X-Rate-Limit-Reset"))
                .contains(Long.toString(WINDOW_START_PLUS_5.getEpochSecond() - 5 + 60));
        clock.advance(Duration.ofMinutes(1));
        assertThat(okta.get(ras()).statusCode()).isEqualTo(200);
    }
}
