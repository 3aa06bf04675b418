package io.scephub.hub.sync;

import java.util.Locale;

/** Where a sync run stands; stored lower-case (with {@code -}) in {@code sync_runs.status}. */
public enum SyncStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED,
    /** Some changes were applied and some failed or were skipped: re-running converges. */
    PARTIAL,
    /** Drift mode report or alert: the plan found changes and nothing was written. */
    DRIFTED,
    /** Drift mode report or alert: the plan found nothing to change. */
    IN_SYNC;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    static SyncStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
