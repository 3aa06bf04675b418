package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.DeviceConfigurationDeviceStatus;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DatedMarker;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Intune side of renewal: per-device certificate states of a SCEP profile, and redistribution
 * as a PATCH that records {@link DatedMarker#REDISTRIBUTED} in the description (a new profile version).
 */
final class IntuneFleet {
    private static final Logger LOG = LoggerFactory.getLogger(IntuneFleet.class);
    /** Issuance states whose certificate is gone from the device: they no longer expire anywhere. */
    private static final Set<String> GONE = Set.of("revoked", "deleted", "removedFromCollection");

    private final IntuneGraph graph;

    IntuneFleet(IntuneGraph graph) {
        this.graph = graph;
    }

    Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return IntuneConnectorProvider.ID.equals(enrollment.mdm())
                ? Optional.of(IntuneScepProfile.key(enrollment.name()))
                : Optional.empty();
    }

    FleetSnapshot fleet(ActualResource profile) {
        DeviceConfiguration configuration = graph.configuration(profile.vendorId(), Optional.empty())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        Map<String, Instant> lastReported = new HashMap<>();
        for (DeviceConfigurationDeviceStatus status : graph.deviceStatuses(profile.vendorId())) {
            if (status.getDeviceDisplayName() != null && status.getLastReportedDateTime() != null) {
                lastReported.merge(status.getDeviceDisplayName(), status.getLastReportedDateTime().toInstant(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<DeviceCertificate> devices = new ArrayList<>();
        for (JsonNode state : graph.certificateStates(profile.vendorId(), IntuneDeviceStatus.platform(profile))) {
            if (GONE.contains(state.path("certificateIssuanceState").asText(""))) {
                continue;
            }
            String name = state.path("deviceDisplayName").asText("");
            devices.add(new DeviceCertificate(state.path("id").asText(name), name, IntuneDeviceStatus.text(state, "certificateSerialNumber"),
                    IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime"), IntuneDeviceStatus.instant(state, "certificateExpirationDateTime"),
                    Optional.ofNullable(lastReported.get(name)).or(() -> IntuneDeviceStatus.instant(state, "lastCertificateStateChangeDateTime"))));
        }
        if (devices.isEmpty()) {
            // No certificate report yet: the devices' last check-in with the profile is the next best delivery time.
            lastReported.forEach((name, at) -> devices.add(new DeviceCertificate(name, name, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(at))));
        }
        Optional<Instant> deployed = Optional.ofNullable(configuration.getLastModifiedDateTime()).map(OffsetDateTime::toInstant);
        return new FleetSnapshot(devices, deployed, DatedMarker.REDISTRIBUTED.find(configuration.getDescription()));
    }

    void redistribute(ActualResource profile, Redistribution redistribution) {
        DeviceConfiguration configuration = graph.configuration(profile.vendorId(), Optional.empty())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        Optional<Instant> recorded = DatedMarker.REDISTRIBUTED.find(configuration.getDescription());
        if (recorded.isPresent() && !recorded.get().isBefore(redistribution.plannedAt())) {
            LOG.info("vendor=intune action=redistribute key={} id={} result=already-recorded at={}", profile.key(),
                    profile.vendorId(), recorded.get());
            return;
        }
        String human = DatedMarker.REDISTRIBUTED.strip(OwnershipMarker.strip(configuration.getDescription())).stripTrailing();
        String description = DatedMarker.REDISTRIBUTED.with(human, redistribution.plannedAt());
        DeviceConfiguration body = IntuneScepProfile.toGraph(IntuneDeviceStatus.platform(profile), profile.key(),
                Map.of(IntuneScepProfile.DESCRIPTION, description), Set.of(IntuneScepProfile.DESCRIPTION));
        graph.patch(profile.vendorId(), body);
        LOG.info("vendor=intune action=redistribute key={} id={} devices={} at={}", profile.key(), profile.vendorId(),
                redistribution.devices(), redistribution.plannedAt());
    }
}
