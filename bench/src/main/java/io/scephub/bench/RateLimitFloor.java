package io.scephub.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shortest time a run can take when each vendor's published rate limit (as the sandbox enforces it) is the only
 * cost: per limit, requests counted against it divided by the limit, times its window; the floor is the largest.
 */
final class RateLimitFloor {
    /** One enforced limit: {@code allowed} requests per {@code windowSeconds}, and how many the run made against it. */
    record Limit(String name, long counted, int allowed, int windowSeconds) {
        double seconds() {
            return allowed <= 0 ? 0 : (double) counted / allowed * windowSeconds;
        }
    }

    private final Map<String, Limit> limits = new LinkedHashMap<>();

    RateLimitFloor add(String name, long counted, int allowed, int windowSeconds) {
        if (allowed > 0) {
            limits.put(name, new Limit(name, counted, allowed, windowSeconds));
        }
        return this;
    }

    /** The floor in seconds (0 when no limit is enforced). */
    double seconds() {
        return limits.values().stream().mapToDouble(Limit::seconds).max().orElse(0);
    }

    /** The limit that sets the floor, e.g. {@code Graph writes 300/100 per 20 s}. */
    String binding() {
        return limits.values().stream().max((a, b) -> Double.compare(a.seconds(), b.seconds()))
                .map(l -> l.name() + " " + l.counted() + " / " + l.allowed() + " per " + l.windowSeconds() + " s")
                .orElse("no limit enforced");
    }
}
