package io.scephub.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * With Okta as the CA there is no SCEP renewal: devices are made to enrol again this long before expiry
 * ({@code leadTime}, formerly {@code redistributeBeforeExpiry}), in rings.
 *
 * @param redistributeBeforeExpiry the lead time: a device is due this long before its certificate expires
 * @param canary devices that re-enrol first; the rest of a due wave waits for them
 * @param pause how long the rest waits after the last canary device holds its new certificate (zero: at once)
 * @param budget at most this many re-enrolments per window for the enrollment
 * @param maxRepush how often a device that has not re-enrolled is pushed again before it is reported as stuck
 */
public record RenewalPolicy(Duration redistributeBeforeExpiry, Optional<Canary> canary, Duration pause, Optional<Budget> budget,
                            int maxRepush) {
    /** Without {@code maxRepush}: a device is pushed at most three times (once and two re-pushes), then reported. */
    public static final int DEFAULT_MAX_REPUSH = 2;

    public RenewalPolicy {
        Objects.requireNonNull(redistributeBeforeExpiry, "redistributeBeforeExpiry");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(budget, "budget");
        if (maxRepush < 0 || pause.isNegative()) {
            throw new IllegalArgumentException("maxRepush and pause must not be negative, got " + maxRepush + ", " + pause);
        }
    }

    /** Only a lead time: no canary, no budget of its own, the default re-push bound. */
    public RenewalPolicy(Duration redistributeBeforeExpiry) {
        this(redistributeBeforeExpiry, Optional.empty(), Duration.ZERO, Optional.empty(), DEFAULT_MAX_REPUSH);
    }

    /** The lead time under its configuration name. */
    public Duration leadTime() {
        return redistributeBeforeExpiry;
    }

    /**
     * The first ring: named devices (by the MDM's device name or id), or a share of each due wave's devices
     * (the first by name, at least one).
     */
    public record Canary(List<String> devices, int percent) {
        public Canary {
            devices = List.copyOf(devices);
            if (devices.isEmpty() == (percent == 0) || percent < 0 || percent > 100) {
                throw new IllegalArgumentException("a canary names devices or a percent of 1 to 100, not both, got " + devices + ", " + percent);
            }
        }
    }

    /** At most {@code maxDevices} devices asked to re-enrol within any {@code window}. */
    public record Budget(int maxDevices, Duration window) {
        public Budget {
            if (maxDevices < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a budget needs maxDevices >= 1 and a positive window, got " + maxDevices + ", " + window);
            }
        }
    }
}
