package io.scephub.core.http;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt, a uniformly random wait
 * between {@code initial} and {@code min(max, initial * 2^(n-1))}, so many clients that failed
 * together do not come back together.
 */
public record Backoff(Duration initial, Duration max) {

    /** The wait after {@code failedAttempts} failed attempts (1 for the first). */
    public Duration after(int failedAttempts, RandomGenerator random) {
        long floor = initial.toMillis();
        long cap = Math.max(floor, max.toMillis());
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 62);
        long ceiling = floor;
        for (int i = 0; i < doublings && ceiling < cap; i++) {
            ceiling = ceiling * 2;
        }
        ceiling = Math.min(ceiling, cap);
        return Duration.ofMillis(ceiling == floor ? floor : random.nextLong(floor, ceiling + 1));
    }
}
