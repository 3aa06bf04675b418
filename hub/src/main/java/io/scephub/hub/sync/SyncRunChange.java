package io.scephub.hub.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * One resource a sync run changed (or, in a dry run, would change): the apply outcome of one plan
 * change, e.g. {@code intune.scep-profile/windows-intune create applied}.
 *
 * @param status the outcome ({@code applied}, {@code adopted}, {@code failed}, {@code skipped},
 *               {@code not-attempted}), or {@code planned} in a dry run
 * @param message why it failed or was skipped; secret-free like every project message
 */
public record SyncRunChange(String resource, String action, String status, Optional<String> vendorId, Optional<String> message) {
    /** The status of a dry run's change: planned, not applied. */
    public static final String PLANNED = "planned";

    public SyncRunChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(message, "message");
    }
}
