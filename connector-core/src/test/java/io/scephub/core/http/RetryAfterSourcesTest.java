package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RetryAfterSourcesTest {
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00.400Z");
    private final MutableClock clock = new MutableClock(NOW);

    private static Response responseWith(String name, String value) {
        return new Response.Builder()
                .request(new Request.Builder().url("https://example.okta.com/api/v1/groups").build())
                .protocol(Protocol.HTTP_1_1).code(429).message("Too Many Requests")
                .header(name, value).build();
    }

    @Test
    void retryAfterSecondsAreRead() {
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("Retry-After", "2"), clock))
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void fractionalRetryAfterIsRoundedUpSoWeNeverComeBackEarly() {
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("Retry-After", "2.128"), clock))
                .contains(Duration.ofMillis(2128));
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("Retry-After", "0.0001"), clock))
                .contains(Duration.ofMillis(1));
    }

    @Test
    void retryAfterHttpDateIsTheTimeUntilThatDate() {
        assertThat(RetryAfterSources.retryAfterHeader()
                .retryAfter(responseWith("Retry-After", "Mon, 2 Nov 2026 10:00:10 GMT"), clock))
                .contains(Duration.ofMillis(9600));
    }

    @Test
    void retryAfterDateInThePastMeansNoWait() {
        assertThat(RetryAfterSources.retryAfterHeader()
                .retryAfter(responseWith("Retry-After", "Mon, 2 Nov 2026 09:00:00 GMT"), clock))
                .contains(Duration.ZERO);
    }

    @Test
    void unreadableRetryAfterIsIgnored() {
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("Retry-After", "soon"), clock)).isEmpty();
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("Retry-After", "-3"), clock)).isEmpty();
        assertThat(RetryAfterSources.retryAfterHeader().retryAfter(responseWith("X-Other", "3"), clock)).isEmpty();
    }

    @Test
    void oktaResetHeaderGivesResetMinusNow() {
        String reset = Long.toString(NOW.getEpochSecond() + 30);
        assertThat(RetryAfterSources.epochSecondsHeader("X-Rate-Limit-Reset")
                .retryAfter(responseWith("X-Rate-Limit-Reset", reset), clock))
                .contains(Duration.ofMillis(29_600));
    }

    @Test
    void oktaResetAlreadyPassedStillWaitsOneSecond() {
        String reset = Long.toString(NOW.getEpochSecond() - 5);
        assertThat(RetryAfterSources.epochSecondsHeader("X-Rate-Limit-Reset")
                .retryAfter(responseWith("X-Rate-Limit-Reset", reset), clock))
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void firstOfUsesTheFirstSourceWithAnAnswer() {
        RetryAfterSource source = RetryAfterSources.firstOf(RetryAfterSources.retryAfterHeader(),
                RetryAfterSources.epochSecondsHeader("X-Rate-Limit-Reset"));
        String reset = Long.toString(NOW.getEpochSecond() + 10);
        assertThat(source.retryAfter(responseWith("X-Rate-Limit-Reset", reset), clock)).contains(Duration.ofMillis(9600));
        assertThat(source.retryAfter(responseWith("Retry-After", "3"), clock)).contains(Duration.ofSeconds(3));
        assertThat(source.retryAfter(responseWith("X-Other", "3"), clock)).isEmpty();
    }
}
