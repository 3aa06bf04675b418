package io.scephub.core.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Client-side rate limit through a Resilience4j {@link RateLimiter}: each attempt reserves a
 * permit and waits (through the {@link Sleeper}) until it is due.
 */
final class RateLimitInterceptor implements Interceptor {
    private final String vendor;
    private final RateLimiter limiter;
    private final Sleeper sleeper;

    RateLimitInterceptor(String vendor, RateLimiter limiter, Sleeper sleeper) {
        this.vendor = vendor;
        this.limiter = limiter;
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        long waitNanos = limiter.reservePermission();
        if (waitNanos < 0) {
            throw new IOException(vendor + ": client-side rate limit is saturated; no permit within "
                    + limiter.getRateLimiterConfig().getTimeoutDuration().toMillis()
                    + " ms (lower the request volume or raise requestsPerSecond)");
        }
        if (waitNanos > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(vendor + ": interrupted while waiting for the rate limiter");
            }
        }
        return chain.proceed(chain.request());
    }
}
