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
import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import io.scephub.core.model.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Intune side of renewal: the certificates devices hold from an enrollment's SCEP profile and from its renewal
 * versions ({@link IntuneWaves}), one per device (the one issued last), and re-enrolment of exactly the devices
 * the renewal rings chose, by adding them to the open renewal wave.
 */
final class IntuneFleet {
    /** Issuance states whose certificate is gone from the device: they no longer expire anywhere. */
    private static final Set<String> GONE = Set.of("revoked", "deleted", "removedFromCollection");
    /** Issuance states of an enrolment that failed: the device holds no certificate from it. */
    private static final Set<String> FAILED = Set.of("challengeIssueFailed", "challengeValidationFailed", "deleteFailed",
            "installFailed", "issueFailed", "requestCreationFailed", "requestSubmitFailed", "responseProcessingFailed");

    private final IntuneGraph graph;
    private final IntuneWaves waves;

    IntuneFleet(IntuneGraph graph, IntuneWaves waves) {
        this.graph = graph;
        this.waves = waves;
    }

    Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return IntuneConnectorProvider.ID.equals(enrollment.mdm())
                ? Optional.of(IntuneScepProfile.key(enrollment.name()))
                : Optional.empty();
    }

    /** The enrollment's profile and its renewal versions, the profile first. */
    List<IntuneWaves.Wave> versions(ActualResource profile, DeviceConfiguration configuration) {
        List<DeviceConfiguration> listing = graph.listConfigurations();
        DeviceConfiguration base = listing.stream().filter(c -> configuration.getId().equals(c.getId())).findFirst().orElse(configuration);
        return waves.waves(profile.key().name(), base, listing);
    }

    /** The ids of the profile's renewal versions, oldest first. */
    List<String> versionIds(ActualResource profile) {
        List<DeviceConfiguration> listing = graph.listConfigurations();
        return listing.stream().filter(c -> profile.vendorId().equals(c.getId())).findFirst()
                .map(base -> waves.waves(profile.key().name(), base, listing).stream().map(w -> w.profile().getId()).toList())
                .orElse(List.of());
    }

    FleetSnapshot fleet(ActualResource profile) {
        DeviceConfiguration configuration = graph.configuration(profile.vendorId(), Optional.empty())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        Platform platform = IntuneDeviceStatus.platform(profile);
        List<IntuneWaves.Wave> versions = versions(profile, configuration);
        List<String> ids = new ArrayList<>(List.of(profile.vendorId()));
        versions.forEach(w -> ids.add(w.profile().getId()));
        Map<String, Instant> lastReported = new HashMap<>();
        Map<String, String> reportedNames = new HashMap<>();
        for (String id : ids) {
            for (DeviceConfigurationDeviceStatus status : graph.deviceStatuses(id)) {
                if (status.getDeviceDisplayName() != null && status.getLastReportedDateTime() != null) {
                    reportedNames.putIfAbsent(key(status.getDeviceDisplayName()), status.getDeviceDisplayName());
                    lastReported.merge(key(status.getDeviceDisplayName()), status.getLastReportedDateTime().toInstant(),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        // A device holds a certificate from the profile and perhaps a newer one from a renewal version: the newest counts.
        Map<String, DeviceCertificate> devices = new LinkedHashMap<>();
        for (String id : ids) {
            for (JsonNode state : graph.certificateStates(id, platform)) {
                String issuance = state.path("certificateIssuanceState").asText("");
                String name = state.path("deviceDisplayName").asText("");
                if (GONE.contains(issuance) || FAILED.contains(issuance) || name.isBlank()) {
                    continue;
                }
                DeviceCertificate certificate = new DeviceCertificate(name, name, IntuneDeviceStatus.text(state, "certificateSerialNumber"),
                        IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime"),
                        IntuneDeviceStatus.instant(state, "certificateExpirationDateTime"),
                        Optional.ofNullable(lastReported.get(key(name))).or(() -> IntuneDeviceStatus.instant(state, "lastCertificateStateChangeDateTime")));
                devices.merge(key(name), certificate, (a, b) -> later(b, a) ? b : a);
            }
        }
        if (devices.isEmpty()) {
            // No certificate report yet: the devices' last check-in with the profile is the next best delivery time.
            lastReported.forEach((key, at) -> devices.put(key, new DeviceCertificate(reportedNames.get(key), reportedNames.get(key),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at))));
        }
        List<String> owed = new ArrayList<>();
        versions.forEach(w -> waves.complete(w, platform).ifPresent(owed::add));
        Optional<Instant> deployed = Optional.ofNullable(configuration.getLastModifiedDateTime()).map(OffsetDateTime::toInstant);
        // Re-enrolment is per device: a device's new certificate is the record, not a profile-wide time.
        return new FleetSnapshot(List.copyOf(devices.values()), deployed, Optional.empty(), owed);
    }

    /** Retires what re-enrolled and adds the rings' devices (by name, the key Intune's device reports share) to the open wave. */
    void redistribute(ActualResource profile, Redistribution redistribution) {
        waves.redistribute(profile, IntuneDeviceStatus.platform(profile), redistribution.deviceIds());
    }

    private static boolean later(DeviceCertificate a, DeviceCertificate b) {
        Instant ta = a.issuedAt().or(a::expiresAt).orElse(Instant.MIN);
        Instant tb = b.issuedAt().or(b::expiresAt).orElse(Instant.MIN);
        return ta.isAfter(tb);
    }

    private static String key(String deviceName) {
        return deviceName.toLowerCase(Locale.ROOT);
    }
}
