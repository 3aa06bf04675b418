package io.scephub.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down before a server-side quota runs out (Okta's {@code X-Rate-Limit-*} headers): when a
 * response says fewer than {@code reserveFraction × limit} requests are left, the following
 * requests to the same endpoint family wait until the quota resets. Quotas are tracked per host
 * and the first three path segments ({@code /api/v1/groups}), close to how Okta counts them.
 * Add it to a client's connector interceptors; one instance per vendor client.
 */
public final class QuotaThrottleInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaThrottleInterceptor.class);
    private static final int BUCKET_SEGMENTS = 3;

    private final QuotaHeaders headers;
    private final double reserveFraction;
    private final Duration maxPause;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    /**
     * @param reserveFraction share of the quota to keep in reserve, in [0, 1)
     * @param maxPause longest pause one response can impose, so a wrong reset header cannot stall a run
     */
    public QuotaThrottleInterceptor(QuotaHeaders headers, double reserveFraction, Duration maxPause, Clock clock, Sleeper sleeper) {
        if (!(reserveFraction >= 0 && reserveFraction < 1)) {
            throw new IllegalArgumentException("quota throttle: reserveFraction must be in [0, 1), was " + reserveFraction);
        }
        if (maxPause.isNegative()) {
            throw new IllegalArgumentException("quota throttle: maxPause must not be negative, was " + maxPause);
        }
        this.headers = headers;
        this.reserveFraction = reserveFraction;
        this.maxPause = maxPause;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String bucket = bucket(chain.request().url());
        waitForReset(bucket);
        Response response = chain.proceed(chain.request());
        record(bucket, response);
        return response;
    }

    private void waitForReset(String bucket) throws InterruptedIOException {
        Instant until = pausedUntil.get(bucket);
        if (until == null) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), until);
        if (wait.isNegative() || wait.isZero()) {
            pausedUntil.remove(bucket, until);
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the quota of " + bucket + " to reset");
        }
    }

    private void record(String bucket, Response response) {
        OptionalLong limit = number(response.header(headers.limit()));
        OptionalLong remaining = number(response.header(headers.remaining()));
        OptionalLong reset = number(response.header(headers.resetEpochSeconds()));
        if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
            return;
        }
        if (remaining.getAsLong() >= reserveFraction * limit.getAsLong()) {
            pausedUntil.remove(bucket);
            return;
        }
        Instant now = clock.instant();
        Instant resetAt = Instant.ofEpochSecond(reset.getAsLong());
        Instant latest = now.plus(maxPause);
        Instant until = resetAt.isAfter(latest) ? latest : resetAt;
        if (until.isAfter(now)) {
            pausedUntil.put(bucket, until);
            LOG.info("quota={} limit={} remaining={} pausingUntil={} reason=\"quota nearly used up\"",
                    bucket, limit.getAsLong(), remaining.getAsLong(), until);
        }
    }

    private static String bucket(HttpUrl url) {
        List<String> segments = url.pathSegments();
        return url.host() + "/" + String.join("/", segments.subList(0, Math.min(BUCKET_SEGMENTS, segments.size())));
    }

    private static OptionalLong number(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }
}
