package io.scephub.core.renewal;

import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.util.List;

/**
 * One planned redistribution of an enrollment's certificate profile: the due expiry waves it covers.
 *
 * @param devices devices whose certificates expire in the covered waves (0 when only the deployment history is known)
 * @param earliestExpiry the first expiry in the covered waves
 * @param latestExpiry the last expiry in the covered waves
 * @param waves how many expiry waves it covers
 * @param batch 1-based position in the staggering of this vendor's due redistributions
 * @param batches how many batches the vendor's due redistributions were split into
 * @param plannedAt when the plan was made (the injected clock's now)
 * @param deviceIds for a connector that re-enrols per device, exactly the devices to push now (the ring's
 *                  selection); empty when the profile goes to its whole scope
 */
public record Redistribution(String enrollment, ResourceKey profile, int devices, Instant earliestExpiry,
                             Instant latestExpiry, int waves, int batch, int batches, Instant plannedAt, List<String> deviceIds) {
    public Redistribution {
        deviceIds = List.copyOf(deviceIds);
    }

    /** A redistribution of the whole profile. */
    public Redistribution(String enrollment, ResourceKey profile, int devices, Instant earliestExpiry, Instant latestExpiry,
                          int waves, int batch, int batches, Instant plannedAt) {
        this(enrollment, profile, devices, earliestExpiry, latestExpiry, waves, batch, batches, plannedAt, List.of());
    }

    /** The same redistribution limited to the devices a ring selected. */
    public Redistribution toDevices(List<String> selected) {
        return new Redistribution(enrollment, profile, selected.size(), earliestExpiry, latestExpiry, waves, batch, batches, plannedAt,
                selected);
    }

    /** A one-line description, as the plan and the audit log show it. */
    public String describe() {
        return devices + " device" + (devices == 1 ? "" : "s") + " expiring from " + earliestExpiry
                + (latestExpiry.equals(earliestExpiry) ? "" : " to " + latestExpiry)
                + "; " + waves + " wave" + (waves == 1 ? "" : "s") + ", batch " + batch + " of " + batches;
    }
}
