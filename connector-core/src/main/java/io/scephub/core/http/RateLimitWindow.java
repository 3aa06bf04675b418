package io.scephub.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * One client-side rate limit as vendors publish them: at most {@code permits} requests (or, when
 * {@code writesOnly}, writes) in any sliding {@code window}, e.g. Graph's 100 writes per 20 s.
 *
 * @param name shown in log lines and errors, e.g. {@code "graph-writes"}
 */
public record RateLimitWindow(String name, int permits, Duration window, boolean writesOnly) {

    public RateLimitWindow {
        Objects.requireNonNull(name, "rate limit window name");
        Objects.requireNonNull(window, "rate limit window " + name + ": window");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rate limit window: name must not be blank");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit window " + name + ": permits must be at least 1, was " + permits);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate limit window " + name + ": window must be positive, was " + window);
        }
    }

    /** At most {@code permits} requests of any kind per {@code window}. */
    public static RateLimitWindow requests(String name, int permits, Duration window) {
        return new RateLimitWindow(name, permits, window, false);
    }

    /** At most {@code permits} writes per {@code window}. */
    public static RateLimitWindow writes(String name, int permits, Duration window) {
        return new RateLimitWindow(name, permits, window, true);
    }
}
