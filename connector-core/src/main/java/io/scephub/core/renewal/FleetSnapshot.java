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
 * @param owed what a per-device re-enrolment still owes at the vendor though no device needs a push for it (e.g. an
 *             old profile version to retire now that every device of its wave holds a new certificate), one line
 *             each; the planner then plans a redistribution of no devices, whose apply does it
 */
public record FleetSnapshot(List<DeviceCertificate> devices, Optional<Instant> deployedAt, Optional<Instant> lastRedistributedAt,
                            List<String> owed) {
    public FleetSnapshot {
        devices = List.copyOf(devices);
        owed = List.copyOf(owed);
    }

    /** A snapshot that owes nothing. */
    public FleetSnapshot(List<DeviceCertificate> devices, Optional<Instant> deployedAt, Optional<Instant> lastRedistributedAt) {
        this(devices, deployedAt, lastRedistributedAt, List.of());
    }
}
