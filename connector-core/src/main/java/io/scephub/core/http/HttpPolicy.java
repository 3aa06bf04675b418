package io.scephub.core.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.Request;

/**
 * Resilience settings for one vendor's client: timeouts, retry with jittered exponential backoff
 * (honouring {@code Retry-After} on 429/503), client-side rate limits, and a circuit breaker.
 *
 * <p>Retries: GET, HEAD, PUT, DELETE and OPTIONS — and POSTs that {@code retrySafePost} accepts —
 * are retried on 500/502/503/504, on resets and on read timeouts. Any other POST is retried only
 * when the server cannot have acted on it (429, 503, or a failure to connect).
 *
 * @param maxAttempts total attempts per call, first included
 * @param maxRetryAfter a server asking to wait longer than this fails the call instead of hanging
 * @param requestsPerSecond evenly spaced client-side rate limit; 0 disables it (an override knob —
 *        the vendor's published limits belong in {@code rateLimits})
 * @param circuitFailureRateThreshold percentage of failed calls (in the sliding window) that opens the breaker
 * @param rateLimits sliding-window limits as the vendor publishes them; every attempt must fit all of them
 * @param requestCost what one request counts against {@code rateLimits}
 * @param retrySafePost POSTs the vendor defines as idempotent (whole-set replace, OAuth token requests)
 * @param quotaWindows fixed per-bucket windows the vendor reports in response headers (Okta), if any
 */
public record HttpPolicy(Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                         int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                         double requestsPerSecond, int circuitFailureRateThreshold, int circuitWindowSize,
                         Duration circuitOpenDuration, List<RateLimitWindow> rateLimits,
                         RequestCostFunction requestCost, Predicate<Request> retrySafePost,
                         Optional<QuotaWindows> quotaWindows) {

    private static final Predicate<Request> NO_POST_IS_RETRY_SAFE = request -> false;

    public HttpPolicy {
        rateLimits = List.copyOf(Objects.requireNonNull(rateLimits, "rateLimits"));
        Objects.requireNonNull(requestCost, "requestCost");
        Objects.requireNonNull(retrySafePost, "retrySafePost");
        Objects.requireNonNull(quotaWindows, "quotaWindows");
    }

    /** No windowed limits, the per-request cost, and no POST retry-safe. */
    public HttpPolicy(Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                      double requestsPerSecond, int circuitFailureRateThreshold, int circuitWindowSize,
                      Duration circuitOpenDuration) {
        this(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                List.of(), RequestCostFunction.perRequest(), NO_POST_IS_RETRY_SAFE, Optional.empty());
    }

    /**
     * Timeouts 10 s connect, 30 s read, 60 s per call; 5 attempts with 0.5–30 s backoff; no client-side
     * rate limit — each vendor adds the windows it publishes ({@link #withRateLimits}).
     */
    public static HttpPolicy defaults() {
        return new HttpPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(120),
                0, 50, 20, Duration.ofSeconds(30));
    }

    public HttpPolicy withRequestsPerSecond(double rps) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, rps, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafePost, quotaWindows);
    }

    public HttpPolicy withMaxAttempts(int attempts) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, attempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafePost, quotaWindows);
    }

    public HttpPolicy withBackoff(Duration initial, Duration max) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initial, max,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafePost, quotaWindows);
    }

    /** Connect, read (and write) and whole-call timeouts. */
    public HttpPolicy withTimeouts(Duration connect, Duration read, Duration call) {
        return new HttpPolicy(connect, read, call, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafePost, quotaWindows);
    }

    /** The vendor's published limits; replaces any windows set before. An empty list turns them off. */
    public HttpPolicy withRateLimits(List<RateLimitWindow> windows) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                windows, requestCost, retrySafePost, quotaWindows);
    }

    /** How much one request counts against the windows (e.g. a Graph {@code $batch} costs its inner requests). */
    public HttpPolicy withRequestCost(RequestCostFunction cost) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, cost, retrySafePost, quotaWindows);
    }

    /**
     * POSTs that the vendor defines as idempotent, so they are retried like a PUT after a 5xx, a
     * reset or a timeout (e.g. Graph {@code /assign}, which replaces the whole assignment set, or an
     * OAuth token request).
     */
    public HttpPolicy withRetrySafePost(Predicate<Request> retrySafe) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafe, quotaWindows);
    }

    /** Fixed per-bucket windows steered by the vendor's quota headers, on top of {@code rateLimits}. */
    public HttpPolicy withQuotaWindows(QuotaWindows quotas) {
        return new HttpPolicy(connectTimeout, readTimeout, callTimeout, maxAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, requestsPerSecond, circuitFailureRateThreshold, circuitWindowSize, circuitOpenDuration,
                rateLimits, requestCost, retrySafePost, Optional.of(quotas));
    }
}
