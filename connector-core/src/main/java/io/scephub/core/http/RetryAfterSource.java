package io.scephub.core.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Response;

/**
 * How a vendor says when to come back after a 429/503. The default reads {@code Retry-After}
 * (seconds, possibly fractional, or an HTTP date); Okta's reads {@code X-Rate-Limit-Reset}.
 */
@FunctionalInterface
public interface RetryAfterSource {

    Optional<Duration> retryAfter(Response response, Clock clock);
}
