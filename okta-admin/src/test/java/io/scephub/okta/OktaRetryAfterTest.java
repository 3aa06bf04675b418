package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OktaRetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final OktaRetryAfter retryAfter = new OktaRetryAfter();

    private static Response tooManyRequests(String... headers) {
        Response.Builder builder = new Response.Builder().request(new Request.Builder().url("https://example.okta.com/api/v1/groups").build())
                .protocol(Protocol.HTTP_1_1).code(429).message("Too Many Requests");
        for (int i = 0; i < headers.length; i += 2) {
            builder.addHeader(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    @Test
    void waitsUntilTheRateLimitWindowResets() {
        Response response = tooManyRequests("X-Rate-Limit-Reset", String.valueOf(NOW.getEpochSecond() + 42), "Retry-After", "5");

        assertThat(retryAfter.retryAfter(response, CLOCK)).contains(Duration.ofSeconds(42));
    }

    @Test
    void aResetAlreadyInThePastMeansRetryNow() {
        Response response = tooManyRequests("X-Rate-Limit-Reset", String.valueOf(NOW.getEpochSecond() - 3));

        assertThat(retryAfter.retryAfter(response, CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void fallsBackToRetryAfterSecondsOrDate() {
        assertThat(retryAfter.retryAfter(tooManyRequests("Retry-After", "2.5"), CLOCK)).contains(Duration.ofMillis(2500));
        assertThat(retryAfter.retryAfter(tooManyRequests("X-Rate-Limit-Reset", "soon", "Retry-After", "Mon, 02 Nov 2026 10:01:00 GMT"),
                CLOCK)).contains(Duration.ofSeconds(60));
    }

    @Test
    void noHintMeansNoOpinion() {
        assertThat(retryAfter.retryAfter(tooManyRequests(), CLOCK)).isEmpty();
    }
}
