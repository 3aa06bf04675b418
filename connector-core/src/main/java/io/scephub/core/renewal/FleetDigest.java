package io.scephub.core.renewal;

import io.scephub.core.model.EnrollmentSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the renewal planner keeps of one enrollment's fleet, built in one pass as the MDM's pages arrive: the
 * device count, each certificate's expiry and issue time (for the waves), and the few devices the rings may
 * select (due soon, or issued within the lead time). So a forecast over any fleet holds two instants per device,
 * not the device list.
 */
final class FleetDigest implements Consumer<DeviceCertificate> {
    private final Period validity;
    private final Instant keepExpiringBefore;
    private final Instant keepIssuedFrom;
    private final List<Instant> expiries = new ArrayList<>();
    private final List<Instant> issued = new ArrayList<>();
    private final List<DeviceCertificate> near = new ArrayList<>();
    private int devices;

    /**
     * A wave is due when its first expiry is within the lead time of {@code now}, and it spans less than
     * {@code waveWidth}, so no device expiring {@code lead + waveWidth} after {@code now} or later is in a due wave;
     * the rings' population also takes the devices issued within the lead time.
     */
    FleetDigest(EnrollmentSpec enrollment, Instant now, Duration waveWidth) {
        Duration lead = enrollment.renewal().orElseThrow().leadTime();
        this.validity = enrollment.certificate().validity();
        this.keepExpiringBefore = now.plus(lead).plus(waveWidth);
        this.keepIssuedFrom = now.minus(lead);
    }

    /** The digest of a fleet already in memory. */
    static FleetDigest of(EnrollmentFleet fleet, Instant now, Duration waveWidth) {
        FleetDigest digest = new FleetDigest(fleet.enrollment(), now, waveWidth);
        fleet.snapshot().devices().forEach(digest);
        return digest;
    }

    @Override
    public void accept(DeviceCertificate device) {
        devices++;
        Optional<Instant> expires = expiry(device, validity);
        if (expires.isEmpty()) {
            return;
        }
        Instant issuedAt = device.issuedAt().orElseGet(() -> minus(expires.get(), validity));
        expiries.add(expires.get());
        issued.add(issuedAt);
        if (expires.get().isBefore(keepExpiringBefore) || !issuedAt.isBefore(keepIssuedFrom)) {
            near.add(device);
        }
    }

    /** Every device reported, with or without a known expiry. */
    int devices() {
        return devices;
    }

    boolean hasExpiries() {
        return !expiries.isEmpty();
    }

    /** The sorted expiries of the certificates issued before ({@code covered}) or not before the last redistribution. */
    List<Instant> sortedExpiries(boolean covered, Optional<Instant> lastRedistributed) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < expiries.size(); i++) {
            Instant at = issued.get(i);
            if (lastRedistributed.map(r -> r.isAfter(at)).orElse(false) == covered) {
                out.add(expiries.get(i));
            }
        }
        out.sort(null);
        return out;
    }

    /** The devices a ring may select now: a superset of the due ones and of those issued within the lead time. */
    List<DeviceCertificate> near() {
        return near;
    }

    /** The reported expiry, else the issue (or last delivery) time plus the validity. */
    static Optional<Instant> expiry(DeviceCertificate device, Period validity) {
        return device.expiresAt().or(() -> device.issuedAt().or(device::lastDelivery).map(t -> plus(t, validity)));
    }

    static Instant plus(Instant t, Period validity) {
        return t.atOffset(ZoneOffset.UTC).plus(validity).toInstant();
    }

    static Instant minus(Instant t, Period validity) {
        return t.atOffset(ZoneOffset.UTC).minus(validity).toInstant();
    }
}
