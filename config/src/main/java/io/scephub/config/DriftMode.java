package io.scephub.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a sync does with drift it finds: repair it, only record it, or record it and notify. */
public enum DriftMode {
    /** Plan and apply: today's behaviour, the default. */
    REMEDIATE,
    /** Plan only; the run is recorded with its planned changes as {@code drifted} or {@code in-sync}. */
    REPORT,
    /** As {@link #REPORT}, and a {@code drift} notification goes to the subscribed webhooks. */
    ALERT;

    /** The spelling in scephub.yaml. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the sync may write to the vendors. */
    public boolean applies() {
        return this == REMEDIATE;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(DriftMode::value).toList();
    }

    static Optional<DriftMode> of(String value) {
        return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst();
    }
}
