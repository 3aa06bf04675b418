package io.scephub.core.renewal;

import java.time.Instant;
import java.util.List;

/**
 * Every enrollment's expiry waves at {@code now}, and the redistributions due now (one per enrollment,
 * covering all its due waves) in the order the staggering runs them.
 */
public record RenewalForecast(Instant now, List<ExpiryWave> waves, List<Redistribution> due, List<String> notices) {
    public RenewalForecast {
        waves = List.copyOf(waves);
        due = List.copyOf(due);
        notices = List.copyOf(notices);
    }
}
