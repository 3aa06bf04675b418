package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.beta.models.DeviceConfiguration;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
        DeviceConfiguration configuration = configuration(profile);
        Map<String, Instant> lastReported = lastReported(profile.vendorId(), name -> true);
        List<DeviceCertificate> devices = new ArrayList<>();
        graph.certificateStates(profile.vendorId(), IntuneDeviceStatus.platform(profile), state -> {
            if (!GONE.contains(state.path("certificateIssuanceState").asText(""))) {
                String name = state.path("deviceDisplayName").asText("");
                devices.add(certificate(state, Optional.ofNullable(lastReported.get(name))));
            }
        });
        if (devices.isEmpty()) {
            // No certificate report yet: the devices' last check-in with the profile is the next best delivery time.
            lastReported.forEach((name, at) -> devices.add(checkIn(name, at)));
        }
        FleetSnapshot rest = history(configuration);
        return new FleetSnapshot(devices, rest.deployedAt(), rest.lastRedistributedAt(), rest.owed());
    }

    /**
     * As {@link #fleet(ActualResource)}, each device to {@code sink} as its page of certificate states arrives. A
     * device's delivery time only counts where its certificate state carries neither an issue nor an expiry date, so
     * the profile's device statuses are read only for such states (or when there are none): the usual read is the
     * certificate states alone, and only those undated states are held until then.
     */
    FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        DeviceConfiguration configuration = configuration(profile);
        List<JsonNode> undated = new ArrayList<>();
        boolean[] any = {false};
        graph.certificateStates(profile.vendorId(), IntuneDeviceStatus.platform(profile), state -> {
            if (GONE.contains(state.path("certificateIssuanceState").asText(""))) {
                return;
            }
            any[0] = true;
            if (IntuneDeviceStatus.instant(state, "certificateExpirationDateTime").isPresent()
                    || IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime").isPresent()) {
                sink.accept(certificate(state, Optional.empty()));
            } else {
                undated.add(state);
            }
        });
        if (!any[0]) {
            lastReported(profile.vendorId(), name -> true).forEach((name, at) -> sink.accept(checkIn(name, at)));
        } else if (!undated.isEmpty()) {
            Set<String> names = new HashSet<>();
            undated.forEach(state -> names.add(state.path("deviceDisplayName").asText("")));
            Map<String, Instant> lastReported = lastReported(profile.vendorId(), names::contains);
            undated.forEach(state -> sink.accept(certificate(state,
                    Optional.ofNullable(lastReported.get(state.path("deviceDisplayName").asText(""))))));
        }
        return history(configuration);
    }

    /** Everything of the fleet but its devices, for both reads: when the profile was deployed and redistributed. */
    private static FleetSnapshot history(DeviceConfiguration configuration) {
        return new FleetSnapshot(List.of(), deployedAt(configuration), DatedMarker.REDISTRIBUTED.find(configuration.getDescription()));
    }

    private DeviceConfiguration configuration(ActualResource profile) {
        return graph.configuration(profile.vendorId(), Optional.empty())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
    }

    /** The latest status report per device name among the names {@code wanted} accepts. */
    private Map<String, Instant> lastReported(String configurationId, Predicate<String> wanted) {
        Map<String, Instant> lastReported = new HashMap<>();
        graph.deviceStatusesJson(configurationId, status -> {
            String name = status.path("deviceDisplayName").textValue();
            Optional<Instant> at = IntuneDeviceStatus.instant(status, "lastReportedDateTime");
            if (name != null && at.isPresent() && wanted.test(name)) {
                lastReported.merge(name, at.get(), (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return lastReported;
    }

    /** A certificate state; without a delivery report, its last state change stands in as the delivery time. */
    private static DeviceCertificate certificate(JsonNode state, Optional<Instant> reported) {
        String name = state.path("deviceDisplayName").asText("");
        return new DeviceCertificate(state.path("id").asText(name), name, IntuneDeviceStatus.text(state, "certificateSerialNumber"),
                IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime"),
                IntuneDeviceStatus.instant(state, "certificateExpirationDateTime"),
                reported.or(() -> IntuneDeviceStatus.instant(state, "lastCertificateStateChangeDateTime")));
    }

    private static DeviceCertificate checkIn(String name, Instant at) {
        return new DeviceCertificate(name, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at));
    }

    private static Optional<Instant> deployedAt(DeviceConfiguration configuration) {
        return Optional.ofNullable(configuration.getLastModifiedDateTime()).map(OffsetDateTime::toInstant);
    }

    void redistribute(ActualResource profile, Redistribution redistribution) {
        DeviceConfiguration configuration = configuration(profile);
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
