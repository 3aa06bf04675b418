package io.scephub.core.renewal;

import io.scephub.core.resource.ResourceKey;
import java.time.Instant;

/**
 * Devices of one enrollment whose certificates expire close together, and what scephub does about it.
 *
 * @param start first expiry in the wave
 * @param end last expiry in the wave
 * @param dueAt when the wave becomes due: {@code start} minus the enrollment's {@code redistributeBeforeExpiry}
 * @param redistributeAt when scephub redistributes (or did): now when due, the batch time when
 *                       staggered, {@code dueAt} when not yet due, the recorded time when done
 * @param batch 1-based staggering batch for due and scheduled waves, 0 otherwise
 */
public record ExpiryWave(String enrollment, String connector, ResourceKey profile, Instant start, Instant end,
                         int devices, Instant dueAt, Instant redistributeAt, Status status, int batch, Source source) {

    /** Where a wave stands. */
    public enum Status {
        /** Due now: this sync redistributes it. */
        DUE,
        /** Due, but staggered into a later batch by the vendor's redistribution budget. */
        SCHEDULED,
        /** Not due yet. */
        OK,
        /** Already redistributed after these certificates were issued; fresh ones are on their way. */
        REDISTRIBUTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the expiry dates come from. */
    public enum Source {
        /** Expiry dates the MDM reported per device (or estimated per device from its issue/delivery time). */
        DEVICES,
        /** No per-device data: the profile's last (re)deployment plus the certificate validity. */
        DEPLOYMENT_HISTORY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
