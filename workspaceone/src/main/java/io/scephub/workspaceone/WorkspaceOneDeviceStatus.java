package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.devices.OrderedReads;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.text.OffsetInstants;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Per-device status of a Workspace ONE profile. UEM has no per-profile device list with certificates,
 * so this pages the enrolled Windows devices ({@code /API/mdm/devices/search}) and asks each one for
 * its profiles ({@code /API/mdm/devices/{id}/profiles}: the profile's status and installed version;
 * a device whose list lacks the profile is out of scope) and, when installed, its certificates
 * ({@code /API/mdm/devices/{id}/certificates}). UEM does not say which certificate a profile
 * delivered: the one expiring last that is not UEM's own MDM identity certificate is taken.
 */
final class WorkspaceOneDeviceStatus {
    /** UEM's own enrolment certificate, in every device's store. */
    private static final String MDM_IDENTITY_ISSUER = "AirWatchCa";
    /** UEM's certificate dates as community scripts read them ("M/d/yyyy h:mm:ss a"); ISO-8601 is accepted too. */
    private static final DateTimeFormatter UEM_DATE = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
            .withZone(ZoneOffset.UTC);

    /**
     * Devices read at once: as many calls as apply makes to UEM at once ({@code Connector.maxParallelism}). UEM publishes
     * no concurrency limit; a tenant's configured rate limit still spaces the calls ({@code http.requestsPerSecond}).
     */
    static final int PARALLEL_READS = 4;
    /** Devices read ahead of the one being handed out: bounds memory and keeps the listing order. */
    private static final int READ_AHEAD = 64;

    private final WorkspaceOneRestClient rest;
    private final WorkspaceOnePaths paths;

    WorkspaceOneDeviceStatus(WorkspaceOneRestClient rest, WorkspaceOnePaths paths) {
        this.rest = rest;
        this.paths = paths;
    }

    void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        deviceStatuses(enrollment.name(), profile, sink);
    }

    /**
     * As above, labelled with {@code enrollment} (the renewal fleet reads it with the profile's key name). The one or two
     * calls per device are the cost of this read, so {@value #PARALLEL_READS} devices are read at once, in listing order.
     */
    void deviceStatuses(String enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        long profileId = Long.parseLong(profile.vendorId());
        try (OrderedReads<JsonNode, Optional<DeviceStatus>> reads = new OrderedReads<>(PARALLEL_READS, READ_AHEAD,
                "workspaceone-devices", device -> status(enrollment, device, profileId), status -> status.ifPresent(sink))) {
            rest.forEach(paths::searchDevices, WorkspaceOnePaths.SEARCH_VERSION, reads::submit, "Devices");
            reads.finish();
        }
    }

    private Optional<DeviceStatus> status(String enrollment, JsonNode device, long profileId) {
        long deviceId = WorkspaceOnePayloads.id(device.path("Id"));
        String name = device.path("DeviceFriendlyName").asText(Long.toString(deviceId));
        Optional<String> serial = Optional.ofNullable(device.path("SerialNumber").textValue()).filter(s -> !s.isBlank());
        JsonNode row = null;
        for (JsonNode candidate : rest.get(paths.deviceProfiles(deviceId), WorkspaceOnePaths.SEARCH_VERSION)
                .map(b -> b.path("DeviceProfiles")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            if (WorkspaceOnePayloads.id(candidate.path("Id")) == profileId) {
                row = candidate;
                break;
            }
        }
        if (row == null) {
            return Optional.empty();
        }
        int code = row.path("Status").asInt(-1);
        DeliveryState state = WorkspaceOneConnector.deliveryState(code);
        int current = row.path("CurrentVersion").asInt(0);
        int installed = row.path("InstalledProfileVersion").asInt(0);
        String detail = state == DeliveryState.INSTALLED && installed != 0 && installed < current
                ? "holds version " + installed + " of " + current : "";
        // A failed (re-)install leaves the certificate the device enrolled for before in its store: still report it.
        Optional<CertificateState> certificate = state == DeliveryState.INSTALLED || state == DeliveryState.FAILED
                ? certificate(deviceId) : Optional.empty();
        return Optional.of(new DeviceStatus(enrollment, WorkspaceOneConnectorProvider.ID, Long.toString(deviceId), name, serial,
                state, "status " + code, instant(row.path("LastInstalledOn").textValue()), certificate, detail));
    }

    private Optional<CertificateState> certificate(long deviceId) {
        JsonNode best = null;
        Instant bestExpiry = Instant.MIN;
        for (JsonNode c : rest.get(paths.deviceCertificates(deviceId), WorkspaceOnePaths.SEARCH_VERSION)
                .map(b -> b.path("DeviceCertificates")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            if (MDM_IDENTITY_ISSUER.equals(c.path("Issuer").asText())) {
                continue;
            }
            Instant expires = instant(c.path("ExpiresOn").textValue()).orElse(Instant.MIN);
            if (best == null || expires.isAfter(bestExpiry)) {
                best = c;
                bestExpiry = expires;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new CertificateState(Optional.empty(), instant(best.path("IssuedOn").textValue()),
                instant(best.path("ExpiresOn").textValue()), text(best, "Thumbprint"), text(best, "SerialNumber"), Optional.empty()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return OffsetInstants.read(value).or(() -> {
            try {
                return Optional.of(Instant.from(UEM_DATE.parse(value.trim())));
            } catch (DateTimeParseException uem) {
                return Optional.empty();
            }
        });
    }
}
