package io.scephub.intune;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.RetryAfterSources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Graph's throttling hints, read by the shared source the Intune client is built with. */
class GraphRetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final RetryAfterSource source = RetryAfterSources.retryAfterHeader();

    @Test
    void fractionalSecondsFromAThrottled429AreHonouredToTheMillisecond() {
        assertThat(source.retryAfter(throttled("2.128"), clock)).contains(Duration.ofMillis(2128));
    }

    @Test
    void wholeSecondsAreHonoured() {
        assertThat(source.retryAfter(throttled("10"), clock)).contains(Duration.ofSeconds(10));
    }

    @Test
    void anHttpDateIsTurnedIntoTheWaitFromNow() {
        assertThat(source.retryAfter(throttled("Wed, 25 Nov 2026 10:00:30 GMT"), clock)).contains(Duration.ofSeconds(30));
    }

    @Test
    void missingOrUnreadableHeaderLeavesTheBackoffToTheResilientLayer() {
        assertThat(source.retryAfter(throttled(null), clock)).isEmpty();
        assertThat(source.retryAfter(throttled("soon"), clock)).isEmpty();
        assertThat(source.retryAfter(throttled("-3"), clock)).isEmpty();
    }

    private static Response throttled(String retryAfter) {
        Response.Builder builder = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1/beta/deviceManagement/deviceConfigurations").build())
                .protocol(Protocol.HTTP_1_1).code(429).message("Too Many Requests");
        if (retryAfter != null) {
            builder.header("Retry-After", retryAfter);
        }
        return builder.build();
    }
}
