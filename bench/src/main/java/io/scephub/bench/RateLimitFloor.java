package io.scephub.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shortest time a run can take when each vendor's rate limit, counted the way the vendor counts it, is the only
 * cost: per limit, the earliest moment its last counted request may be sent; the floor is the latest of those.
 * <ul>
 *   <li>Fixed windows (Okta: per bucket, per calendar minute, reset announced in its headers): the first window is
 *       what is left of the current one at the start second, then whole windows, so {@code c} requests at
 *       {@code L} per window need {@code ceil(c/L)} windows and the last burst goes at the start of the last one.</li>
 *   <li>Windows of a published length without a published start (Graph: "per 20 seconds", no remaining or reset
 *       header), where only a sliding schedule is never throttled: request {@code k} (from 0) goes at
 *       {@code floor(k/L)} windows.</li>
 * </ul>
 */
final class RateLimitFloor {
    /** One enforced limit and how many requests the run made against it; {@code seconds} is its floor. */
    record Limit(String name, long counted, int allowed, int windowSeconds, String kind, double seconds) {
    }

    private final Map<String, Limit> limits = new LinkedHashMap<>();

    /** A fixed window of {@code windowSeconds} aligned to the epoch (60: the calendar minute); the run started at {@code startEpochSeconds}. */
    RateLimitFloor addFixed(String name, long counted, int allowed, int windowSeconds, double startEpochSeconds) {
        if (allowed > 0) {
            double seconds = 0;
            if (counted > allowed) {
                long windows = (counted + allowed - 1) / allowed;
                double leftInFirst = windowSeconds - (startEpochSeconds % windowSeconds);
                seconds = leftInFirst + (windows - 2) * (double) windowSeconds;
            }
            String kind = String.format(Locale.ROOT, "per %s from :%02d", windowSeconds == 60 ? "calendar minute" : windowSeconds + " s window",
                    (long) (startEpochSeconds % windowSeconds));
            limits.put(name, new Limit(name, counted, allowed, windowSeconds, kind, seconds));
        }
        return this;
    }

    /** A window of {@code windowSeconds} that may start anywhere (sliding). */
    RateLimitFloor addSliding(String name, long counted, int allowed, int windowSeconds) {
        if (allowed > 0) {
            double seconds = counted <= 0 ? 0 : (double) ((counted - 1) / allowed) * windowSeconds;
            limits.put(name, new Limit(name, counted, allowed, windowSeconds, "per " + windowSeconds + " s", seconds));
        }
        return this;
    }

    /** The floor in seconds (0 when no limit is enforced). */
    double seconds() {
        return limits.values().stream().mapToDouble(Limit::seconds).max().orElse(0);
    }

    /** The limit that sets the floor, e.g. {@code Graph writes 300 / 100 per 20 s}. */
    String binding() {
        return limits.values().stream().max((a, b) -> Double.compare(a.seconds(), b.seconds()))
                .map(l -> l.name() + " " + l.counted() + " / " + l.allowed() + " " + l.kind())
                .orElse("no limit enforced");
    }
}
