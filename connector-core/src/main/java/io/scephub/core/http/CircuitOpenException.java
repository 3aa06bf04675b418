package io.scephub.core.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A vendor's circuit breaker is open: the call was refused without contacting the vendor. */
public class CircuitOpenException extends IOException {
    private final String vendor;
    private final Instant retryAt;

    public CircuitOpenException(String vendor, Instant retryAt, Instant now) {
        super(message(vendor, retryAt, now));
        this.vendor = vendor;
        this.retryAt = retryAt;
    }

    private static String message(String vendor, Instant retryAt, Instant now) {
        String base = vendor + ": circuit breaker is open after repeated server errors or network failures;"
                + " calls fail fast without contacting " + vendor;
        if (retryAt == null) {
            return base + " until a trial call succeeds";
        }
        long seconds = Math.max(0, Duration.between(now, retryAt).toSeconds());
        return base + " until " + retryAt + " (in " + seconds + " s), when one trial call is let through";
    }

    public String vendor() {
        return vendor;
    }

    /** When the breaker lets a trial call through, if known. */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
