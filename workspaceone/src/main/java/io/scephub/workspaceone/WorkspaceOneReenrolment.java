package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workspace ONE side of renewal with Okta as the CA. The fleet is what the devices report
 * ({@link WorkspaceOneDeviceStatus}: each installed device's certificate and its expiry). Re-enrolment
 * is UEM's per-device push, {@code POST /API/mdm/profiles/{id}/install} naming the device: a device
 * that gets the profile again runs its SCEP enrolment again. The core's renewal rings choose the devices
 * (due, canary first, within the budget, re-pushed a bounded number of times); a device whose push failed
 * still holds its old certificate (it stays in the fleet, installed or failed) and stays due.
 */
final class WorkspaceOneReenrolment {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceOneReenrolment.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkspaceOneRestClient rest;
    private final WorkspaceOnePaths paths;
    private final WorkspaceOneDeviceStatus devices;

    WorkspaceOneReenrolment(WorkspaceOneRestClient rest, WorkspaceOnePaths paths) {
        this.rest = rest;
        this.paths = paths;
        this.devices = new WorkspaceOneDeviceStatus(rest, paths);
    }

    FleetSnapshot fleet(ActualResource profile) {
        List<DeviceCertificate> certificates = new ArrayList<>();
        FleetSnapshot rest = fleet(profile, certificates::add);
        return new FleetSnapshot(certificates, rest.deployedAt(), rest.lastRedistributedAt(), rest.owed());
    }

    /** Each device's certificate to {@code sink} as the device pages arrive. */
    FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        devices.deviceStatuses(profile.key().name(), profile, d -> certificate(d).ifPresent(sink));
        // Per-device pushes leave no profile-wide record: a pushed device's new certificate is the record.
        return new FleetSnapshot(List.of(), Optional.empty(), Optional.empty());
    }

    /** Pushes the profile to exactly the devices the renewal rings selected. */
    void redistribute(ActualResource profile, Redistribution redistribution) {
        for (String deviceId : redistribution.deviceIds()) {
            ObjectNode body = JSON.createObjectNode().put("DeviceId", Long.parseLong(deviceId));
            rest.send("POST", paths.installProfile(profile.vendorId()), WorkspaceOnePaths.SEARCH_VERSION, body);
        }
        LOG.info("vendor=workspaceone action=redistribute key={} id={} pushed={} at={}", profile.key(), profile.vendorId(),
                redistribution.deviceIds().size(), redistribution.plannedAt());
    }

    private static Optional<DeviceCertificate> certificate(DeviceStatus d) {
        if (d.certificate().isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> issued = d.certificate().get().issuedAt();
        return Optional.of(new DeviceCertificate(d.deviceId(), d.deviceName(), d.certificate().get().serialNumber(), issued,
                d.expiresAt(), d.lastReported()));
    }
}
