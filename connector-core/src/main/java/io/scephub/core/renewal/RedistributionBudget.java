package io.scephub.core.renewal;

import java.time.Duration;

/**
 * How much redistribution one vendor takes per window: at most {@code maxDevices} devices asked to
 * re-enrol (each one then requests a certificate from Okta and checks in with the MDM) and at most
 * {@code maxProfiles} profile writes. A profile whose fleet alone exceeds {@code maxDevices} still goes,
 * alone in its window, because a profile is redistributed whole.
 */
public record RedistributionBudget(int maxDevices, int maxProfiles, Duration window) {
    /**
     * scephub's default: no vendor publishes a number for re-enrolment load, so this is a cautious
     * 2,000 devices and 20 profiles per hour; connectors may declare their own.
     */
    public static final RedistributionBudget DEFAULT = new RedistributionBudget(2000, 20, Duration.ofHours(1));

    public RedistributionBudget {
        if (maxDevices < 1 || maxProfiles < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a redistribution budget needs maxDevices >= 1, maxProfiles >= 1 and a positive window, got "
                    + maxDevices + ", " + maxProfiles + ", " + window);
        }
    }
}
