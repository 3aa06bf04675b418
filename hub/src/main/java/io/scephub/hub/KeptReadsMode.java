package io.scephub.hub;

import java.time.Duration;

/** How a session uses the reads kept in the state store ({@link io.scephub.core.reads}). */
public enum KeptReadsMode {
    /** Reuse reads younger than {@code state.reuseReadsFor} and keep what is read: plan, apply and sync. */
    REUSE,
    /**
     * Read every object again ({@code --refresh}), and keep what is read, so the apply that follows the
     * plan works from what the plan saw and not from an older kept read.
     */
    REFRESH,
    /** Read every object; neither use nor keep reads: checks that must see the vendors as they are now. */
    OFF;

    /** How old a kept read may be under this mode, given {@code state.reuseReadsFor}. */
    Duration window(Duration reuseReadsFor) {
        return this == REUSE ? reuseReadsFor : Duration.ZERO;
    }

    /** Whether reads are kept at all: not for checks, nor when {@code state.reuseReadsFor} is 0. */
    boolean keeps(Duration reuseReadsFor) {
        return this != OFF && !reuseReadsFor.isZero();
    }
}
