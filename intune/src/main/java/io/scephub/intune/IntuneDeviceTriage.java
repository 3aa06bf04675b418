package io.scephub.intune;

import com.microsoft.graph.beta.models.ComplianceStatus;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.DeviceConfigurationDeviceStatus;
import com.microsoft.graph.beta.models.ManagedDevice;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ResourceKey;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks Intune where an enrollment's SCEP profile stands on one device: finds the managed device by
 * name, then by serial, and reads the profile's per-device status. Graph's status list names the
 * device by display name only, so the status is matched on the managed device's name.
 */
final class IntuneDeviceTriage {
    private final IntuneGraph graph;

    IntuneDeviceTriage(IntuneGraph graph) {
        this.graph = graph;
    }

    Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment) {
        Optional<ManagedDevice> found = findDevice(deviceNameOrSerial);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ManagedDevice device = found.get();
        String deviceName = device.getDeviceName() == null ? deviceNameOrSerial : device.getDeviceName();
        Optional<String> serial = Optional.ofNullable(device.getSerialNumber()).filter(s -> !s.isBlank());
        ResourceKey key = IntuneScepProfile.key(enrollment.name());
        Optional<DeviceConfiguration> profile = graph.listConfigurations().stream()
                .filter(c -> OwnershipMarker.find(c.getDescription()).filter(key::equals).isPresent())
                .findFirst();
        if (profile.isEmpty()) {
            return Optional.of(new DeviceProfileStatus(device.getId(), deviceName, serial, "", DeliveryState.PROFILE_MISSING,
                    "no profile", Optional.empty()));
        }
        String profileName = profile.get().getDisplayName() == null ? profile.get().getId() : profile.get().getDisplayName();
        Optional<DeviceConfigurationDeviceStatus> status = graph.deviceStatuses(profile.get().getId()).stream()
                .filter(s -> deviceName.equalsIgnoreCase(s.getDeviceDisplayName()))
                .max(Comparator.comparing(s -> Optional.ofNullable(s.getLastReportedDateTime()).orElse(OffsetDateTime.MIN)));
        if (status.isEmpty()) {
            return Optional.of(new DeviceProfileStatus(device.getId(), deviceName, serial, profileName, DeliveryState.NO_STATUS,
                    "no status", Optional.empty()));
        }
        ComplianceStatus vendor = status.get().getStatus();
        return Optional.of(new DeviceProfileStatus(device.getId(), deviceName, serial, profileName, state(vendor),
                vendor == null ? "unknown" : vendor.getValue(),
                Optional.ofNullable(status.get().getLastReportedDateTime()).map(OffsetDateTime::toInstant)));
    }

    private Optional<ManagedDevice> findDevice(String deviceNameOrSerial) {
        List<ManagedDevice> byName = graph.managedDevices(GraphPaths.managedDeviceByNameFilter(deviceNameOrSerial));
        if (!byName.isEmpty()) {
            return Optional.of(mostRecent(byName));
        }
        List<ManagedDevice> bySerial = graph.managedDevices(GraphPaths.managedDeviceBySerialFilter(deviceNameOrSerial));
        return bySerial.isEmpty() ? Optional.empty() : Optional.of(mostRecent(bySerial));
    }

    /** A re-enrolled device leaves a stale record with the same name: the one that synced last is the live one. */
    private static ManagedDevice mostRecent(List<ManagedDevice> devices) {
        return devices.stream()
                .max(Comparator.comparing(d -> Optional.ofNullable(d.getLastSyncDateTime()).orElse(OffsetDateTime.MIN)))
                .orElseThrow();
    }

    /** Graph reports profile delivery in its complianceStatus vocabulary; the portal's "Succeeded" is {@code compliant}. */
    static DeliveryState state(ComplianceStatus status) {
        if (status == null) {
            return DeliveryState.PENDING;
        }
        return switch (status.getValue().toLowerCase(Locale.ROOT)) {
            case "compliant", "remediated" -> DeliveryState.INSTALLED;
            case "error", "noncompliant", "conflict" -> DeliveryState.FAILED;
            case "notapplicable" -> DeliveryState.NOT_APPLICABLE;
            case "notassigned" -> DeliveryState.NOT_ASSIGNED;
            default -> DeliveryState.PENDING;
        };
    }
}
