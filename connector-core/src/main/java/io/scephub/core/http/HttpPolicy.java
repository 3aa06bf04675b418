package io.scephub.core.http;

import java.time.Duration;

/**
 * Resilience settings for one vendor's client: timeouts, retry with jittered exponential backoff
 * (honouring {@code Retry-After} on 429/503), a client-side rate limit, and a circuit breaker.
 *
 * @param maxAttempts total attempts per call, first included
 * @param maxRetryAfter a server asking to wait longer than this fails the call instead of hanging
 * @param requestsPerSecond client-side rate limit; 0 disables it
 * @param circuitFailureRateThreshold percentage of failed calls (in the sliding window) that opens the breaker
 */
public record HttpPolicy(Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                         int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                         double requestsPerSecond, int circuitFailureRateThreshold, int circuitWindowSize,
                         Duration circuitOpenDuration) {

    public static HttpPolicy defaults() {
        return new HttpPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(120),
                20, 50, 20, Duration.ofSeconds(30));
    }

    public HttpPolicy withRequestsPerSecond(double rps) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, rps, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration);
    }

    public HttpPolicy withMaxAttempts(int attempts) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, attempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration);
    }

    public HttpPolicy withBackoff(Duration initial, Duration max) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initial, max,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration);
    }
}
