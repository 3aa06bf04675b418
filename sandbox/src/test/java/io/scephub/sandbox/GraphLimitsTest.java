package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Intune's published limits per app per tenant and 20 s (here scaled down): every request counts,
 * /groups included, and each step of a $batch counts on its own; a throttled step answers 429 with
 * Retry-After inside the 200 batch response, and steps that depend on it fail with 424.
 */
class GraphLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    @AutoClose
    private Sandbox sandbox;
    private TestHttp graph;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder().clock(clock).graphRequestsPer20s(3).graphWritesPer20s(1).build());
        graph = new TestHttp("Bearer " + sandbox.graph().issueAccessToken());
    }

    @Test
    void groupLookupsCountAgainstTheRequestLimit() {
        String groups = sandbox.graphBaseUrl() + "/groups?$filter="
                + URLEncoder.encode("displayName eq 'Kiosks'", StandardCharsets.UTF_8).replace("+", "%20");
        for (int i = 0; i < 3; i++) {
            assertThat(graph.get(groups).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> throttled = graph.get(groups);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(TestHttp.json(throttled).at("/error/code").asText()).isEqualTo("TooManyRequests");
    }

    @Test
    void eachBatchStepCountsAndAThrottledStepAnswers429WithRetryAfterInsideTheBatch() {
        String batch = "{\"requests\":["
                + "{\"id\":\"a\",\"method\":\"GET\",\"url\":\"/groups\"},"
                + "{\"id\":\"b\",\"method\":\"GET\",\"url\":\"/deviceManagement/deviceConfigurations\"},"
                + "{\"id\":\"c\",\"method\":\"GET\",\"url\":\"/groups\"},"
                + "{\"id\":\"d\",\"method\":\"GET\",\"url\":\"/groups\"},"
                + "{\"id\":\"e\",\"method\":\"GET\",\"url\":\"/groups\",\"dependsOn\":[\"d\"]}]}";

        HttpResponse<String> response = graph.send("POST", sandbox.graphBaseUrl() + "/$batch", batch);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answers = TestHttp.json(response).get("responses");
        assertThat(answers.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(answers.get(2).get("status").asInt()).isEqualTo(200);
        JsonNode throttled = answers.get(3);
        assertThat(throttled.get("id").asText()).isEqualTo("d");
        assertThat(throttled.get("status").asInt()).isEqualTo(429);
        assertThat(throttled.at("/headers/Retry-After").asText()).isNotEmpty();
        assertThat(throttled.at("/body/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(answers.get(4).get("status").asInt()).isEqualTo(424);

        // A new 20 s window admits requests again.
        clock.advance(java.time.Duration.ofSeconds(20));
        assertThat(graph.get(sandbox.graphBaseUrl() + "/groups").statusCode()).isEqualTo(200);
    }
}
