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
    /**
     * Read every object and keep what is read when the state store can be opened, going on without it
     * otherwise: checks ({@code validate --online}, {@code doctor}) must see the vendors as they are now,
     * must work while the database is down, and leave the kept reads as they found the vendors, so a
     * plan after a check that found drift plans its repair.
     */
    CHECK;

    /** How old a kept read may be under this mode, given {@code state.reuseReadsFor}. */
    Duration window(Duration reuseReadsFor) {
        return this == REUSE ? reuseReadsFor : Duration.ZERO;
    }
}
