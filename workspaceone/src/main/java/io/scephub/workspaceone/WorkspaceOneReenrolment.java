package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workspace ONE side of renewal with Okta as the CA. The fleet is what the devices report
 * ({@link WorkspaceOneDeviceStatus}: each installed device's certificate and its expiry). Re-enrolment
 * is UEM's per-device push, {@code POST /API/mdm/profiles/{id}/install} naming the device: a device
 * that gets the profile again runs its SCEP enrolment again. Only devices of the due waves are pushed:
 * those whose certificate expires by the redistribution's last expiry and was issued before it was
 * planned, so repeating the redistribution pushes nothing twice, and a device whose push failed still
 * holds its old certificate and is due again at the next sync.
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
        devices.deviceStatuses(profile.key().name(), profile, d -> certificate(d).ifPresent(certificates::add));
        // Per-device pushes leave no profile-wide record: a pushed device's new certificate is the record.
        return new FleetSnapshot(certificates, Optional.empty(), Optional.empty());
    }

    void redistribute(ActualResource profile, Redistribution redistribution) {
        List<String> due = new ArrayList<>();
        devices.deviceStatuses(profile.key().name(), profile, d -> {
            boolean inWave = d.expiresAt().map(e -> !e.isAfter(redistribution.latestExpiry())).orElse(false);
            boolean stale = d.certificate().flatMap(c -> c.issuedAt()).map(i -> i.isBefore(redistribution.plannedAt())).orElse(true);
            if (inWave && stale) {
                due.add(d.deviceId());
            }
        });
        for (String deviceId : due) {
            ObjectNode body = JSON.createObjectNode().put("DeviceId", Long.parseLong(deviceId));
            rest.send("POST", paths.installProfile(profile.vendorId()), WorkspaceOnePaths.SEARCH_VERSION, body);
        }
        LOG.info("vendor=workspaceone action=redistribute key={} id={} pushed={} planned_devices={} at={}", profile.key(),
                profile.vendorId(), due.size(), redistribution.devices(), redistribution.plannedAt());
    }

    private static Optional<DeviceCertificate> certificate(DeviceStatus d) {
        if (d.delivery() != DeliveryState.INSTALLED || d.certificate().isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> issued = d.certificate().get().issuedAt();
        return Optional.of(new DeviceCertificate(d.deviceId(), d.deviceName(), d.certificate().get().serialNumber(), issued,
                d.expiresAt(), d.lastReported()));
    }
}
