package io.scephub.hub.sync;

import java.util.Locale;

/** Where a sync run stands; stored lower-case in {@code sync_runs.status}. */
public enum SyncStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED,
    /** Some changes were applied and some failed or were skipped: re-running converges. */
    PARTIAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == PARTIAL;
    }

    static SyncStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
