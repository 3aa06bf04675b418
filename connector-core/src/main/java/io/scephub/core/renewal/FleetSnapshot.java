package io.scephub.core.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an MDM reports about the certificates one profile delivered.
 *
 * @param devices the per-device certificates (may be empty when the MDM reports none yet)
 * @param deployedAt when the profile was last (re)deployed as a whole (e.g. created or last modified)
 * @param lastRedistributedAt when scephub last redistributed it, as recorded at the vendor
 */
public record FleetSnapshot(List<DeviceCertificate> devices, Optional<Instant> deployedAt, Optional<Instant> lastRedistributedAt) {
    public FleetSnapshot {
        devices = List.copyOf(devices);
    }
}
