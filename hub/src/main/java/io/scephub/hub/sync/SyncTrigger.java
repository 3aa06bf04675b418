package io.scephub.hub.sync;

import java.util.Locale;

/** What started a sync run; stored lower-case in {@code sync_runs.trigger_type}. */
public enum SyncTrigger {
    CLI, SCHEDULE, API;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SyncTrigger of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
