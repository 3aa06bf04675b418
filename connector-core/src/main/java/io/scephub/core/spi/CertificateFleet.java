package io.scephub.core.spi;

import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RedistributionBudget;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Optional capability of a {@link Connector} whose MDM reports per-device certificates and can push a
 * certificate profile again. The renewal planner uses it for enrollments with Okta as the CA, where
 * there is no SCEP renewal and the profile must be redistributed before the certificates expire.
 */
public interface CertificateFleet {

    /** The key of the resource that delivers the enrollment's device certificates, if this connector serves it. */
    Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment);

    /** The devices' certificates for the profile and its deployment history, as the vendor reports them now. */
    FleetSnapshot fleet(ActualResource profile);

    /**
     * As {@link #fleet(ActualResource)}, handing each device's certificate to {@code sink} as the vendor's pages
     * arrive, so a fleet of any size is read in bounded memory; the snapshot returned carries everything else
     * (deployment history, what it owes) and no devices. The renewal planner reads fleets only this way. Connectors
     * that page override it (and build the list form from it); this default reads the whole list first.
     */
    default FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        FleetSnapshot all = fleet(profile);
        all.devices().forEach(sink);
        return new FleetSnapshot(List.of(), all.deployedAt(), all.lastRedistributedAt(), all.owed());
    }

    /**
     * Makes the MDM deliver the profile again so every device enrols for a fresh certificate, and
     * records the redistribution at the vendor so {@link FleetSnapshot#lastRedistributedAt()} reports it.
     * Idempotent: repeating it for the same redistribution changes nothing more.
     */
    void redistribute(ActualResource profile, Redistribution redistribution);

    /**
     * The certificate profile's attributes whose in-place change makes the MDM issue every device holding its
     * certificate a new one (the vendor's evidence, cited in the connector's README). Changes of other attributes
     * (names, descriptions, thresholds, scope) re-issue nothing. A replace always re-enrols: the devices get
     * the certificate of a profile they do not hold one from.
     */
    default Set<String> reissuingAttributes() {
        return Set.of();
    }

    /**
     * Whether this MDM can make single devices enrol again: then {@link #redistribute} pushes to exactly
     * {@link Redistribution#deviceIds()}, and the renewal policy's rings (canary, pause, budget, re-push bound)
     * apply device by device. Otherwise a redistribution reaches the profile's whole scope.
     */
    default boolean reenrolsPerDevice() {
        return false;
    }

    /** Whether {@link #redistribute} makes the covered devices enrol again (false when it only records the redistribution). */
    default boolean redistributionReenrols() {
        return true;
    }

    /** How many devices and profiles this vendor may redistribute per window; larger due fleets are staggered. */
    default RedistributionBudget redistributionBudget() {
        return RedistributionBudget.DEFAULT;
    }
}
