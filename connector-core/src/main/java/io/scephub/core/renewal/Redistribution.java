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
 * @param owed what the connector still owes at the vendor besides the pushes ({@link FleetSnapshot#owed()}), done by
 *             the same apply
 */
public record Redistribution(String enrollment, ResourceKey profile, int devices, Instant earliestExpiry,
                             Instant latestExpiry, int waves, int batch, int batches, Instant plannedAt, List<String> deviceIds,
                             List<String> owed) {
    public Redistribution {
        deviceIds = List.copyOf(deviceIds);
        owed = List.copyOf(owed);
    }

    /** A redistribution that owes nothing besides its pushes. */
    public Redistribution(String enrollment, ResourceKey profile, int devices, Instant earliestExpiry, Instant latestExpiry,
                          int waves, int batch, int batches, Instant plannedAt, List<String> deviceIds) {
        this(enrollment, profile, devices, earliestExpiry, latestExpiry, waves, batch, batches, plannedAt, deviceIds, List.of());
    }

    /** Only what a per-device re-enrolment owes at the vendor, no device pushed. */
    public static Redistribution owedOnly(String enrollment, ResourceKey profile, Instant plannedAt, List<String> owed) {
        return new Redistribution(enrollment, profile, 0, plannedAt, plannedAt, 0, 1, 1, plannedAt, List.of(), owed);
    }

    /** A redistribution of the whole profile. */
    public Redistribution(String enrollment, ResourceKey profile, int devices, Instant earliestExpiry, Instant latestExpiry,
                          int waves, int batch, int batches, Instant plannedAt) {
        this(enrollment, profile, devices, earliestExpiry, latestExpiry, waves, batch, batches, plannedAt, List.of());
    }

    /** The same redistribution limited to the devices a ring selected. */
    public Redistribution toDevices(List<String> selected) {
        return new Redistribution(enrollment, profile, selected.size(), earliestExpiry, latestExpiry, waves, batch, batches, plannedAt,
                selected, owed);
    }

    /** The same redistribution, also doing what the connector owes. */
    public Redistribution owing(List<String> owedNow) {
        return new Redistribution(enrollment, profile, devices, earliestExpiry, latestExpiry, waves, batch, batches, plannedAt,
                deviceIds, owedNow);
    }

    /** A one-line description, as the plan and the audit log show it. */
    public String describe() {
        if (waves == 0 && !owed.isEmpty()) {
            return String.join("; ", owed);
        }
        return devices + " device" + (devices == 1 ? "" : "s") + " expiring from " + earliestExpiry
                + (latestExpiry.equals(earliestExpiry) ? "" : " to " + latestExpiry)
                + "; " + waves + " wave" + (waves == 1 ? "" : "s") + ", batch " + batch + " of " + batches
                + (owed.isEmpty() ? "" : "; also " + String.join("; ", owed));
    }
}
