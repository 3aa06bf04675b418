package io.scephub.okta;

import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.RetryAfterSources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Response;

/**
 * When Okta lets us back in after a 429: {@code X-Rate-Limit-Reset} (epoch seconds, when the
 * window resets) and a standard {@code Retry-After} (seconds or an HTTP date); the later one wins.
 */
final class OktaRetryAfter implements RetryAfterSource {
    static final String RATE_LIMIT_RESET = "X-Rate-Limit-Reset";

    @Override
    public Optional<Duration> retryAfter(Response response, Clock clock) {
        Optional<Duration> reset = reset(response.header(RATE_LIMIT_RESET), clock);
        Optional<Duration> retryAfter = RetryAfterSources.retryAfterHeader().retryAfter(response, clock);
        // Both present: wait for the later of the two, so neither instruction is undercut.
        if (reset.isPresent() && retryAfter.isPresent()) {
            return Optional.of(reset.get().compareTo(retryAfter.get()) >= 0 ? reset.get() : retryAfter.get());
        }
        return reset.or(() -> retryAfter);
    }

    private static Optional<Duration> reset(String value, Clock clock) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Instant resetAt = Instant.ofEpochSecond(Long.parseLong(value.trim()));
            return Optional.of(nonNegative(Duration.between(clock.instant(), resetAt)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
