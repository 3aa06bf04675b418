package io.scephub.jamf;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Per-device status of a Jamf configuration profile. The scope comes from the profile's computer
 * groups (Classic {@code computergroups/id/{id}}: members of the included groups minus those of the
 * excluded ones); the state from one pass over the Jamf Pro API inventory with the
 * CONFIGURATION_PROFILES and CERTIFICATES sections: a computer listing the profile installed it
 * (its {@code lastInstalled}), an in-scope computer that does not is pending.
 *
 * <p>Which certificate in a computer's keychain is the profile's is not recorded by Jamf: scephub
 * takes the identity certificate whose subject holds the profile's PayloadIdentifier (Jamf appends
 * it to the subject of redistributed profiles), else the identity certificate issued closest after
 * the profile's last install.
 */
final class JamfDeviceStatus {

    private final JamfClient client;

    JamfDeviceStatus(JamfClient client) {
        this.client = client;
    }

    void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        JamfXml.Profile stored = client.profile(Long.parseLong(profile.vendorId())).orElseThrow(() ->
                new VendorError(JamfErrors.VENDOR, 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        Scope scope = scope(stored);
        String name = String.valueOf(profile.attributes().get(JamfConnector.ATTR_NAME));
        String identifier = String.valueOf(profile.outputs().getOrDefault("payloadIdentifier", ""));
        client.eachComputer(client.paths()::computersWithProfilesAndCertificates,
                computer -> status(enrollment, computer, profile.vendorId(), name, identifier, scope).ifPresent(sink));
    }

    private record Scope(boolean allComputers, Set<Long> included, Set<Long> excluded) {
        boolean contains(long id) {
            return (allComputers || included.contains(id)) && !excluded.contains(id);
        }
    }

    private Scope scope(JamfXml.Profile stored) {
        Set<Long> included = new HashSet<>();
        Set<Long> excluded = new HashSet<>();
        boolean all = false;
        if (stored.scope != null) {
            all = Boolean.TRUE.equals(stored.scope.allComputers);
            stored.scope.computerGroups.forEach(g -> members(g, included));
            if (stored.scope.exclusions != null) {
                stored.scope.exclusions.computerGroups.forEach(g -> members(g, excluded));
            }
        }
        return new Scope(all, included, excluded);
    }

    private void members(JamfXml.Ref group, Set<Long> into) {
        if (group.id == null) {
            return;
        }
        client.group(group.id).ifPresent(g -> g.computers.stream().filter(c -> c.id != null).forEach(c -> into.add(c.id)));
    }

    private static Optional<DeviceStatus> status(EnrollmentSpec enrollment, JsonNode computer, String profileId, String name,
                                                 String identifier, Scope scope) {
        String computerId = computer.path("id").asText();
        String computerName = computer.path("general").path("name").asText(computerId);
        Optional<String> serial = Optional.ofNullable(computer.path("hardware").path("serialNumber").textValue());
        JsonNode installed = null;
        for (JsonNode row : computer.path("configurationProfiles")) {
            if (row.path("id").asText("").equals(profileId) || (!identifier.isEmpty() && row.path("profileIdentifier").asText("").equals(identifier))
                    || row.path("displayName").asText("").equals(name)) {
                installed = row;
                break;
            }
        }
        if (installed == null) {
            long id;
            try {
                id = Long.parseLong(computerId);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (!scope.contains(id)) {
                return Optional.empty();
            }
            return Optional.of(new DeviceStatus(enrollment.name(), JamfConnectorProvider.ID, computerId, computerName, serial,
                    DeliveryState.PENDING, "not installed", Optional.empty(), Optional.empty(),
                    "in scope, but the inventory lists no install of the profile"));
        }
        Optional<Instant> lastInstalled = JamfClient.timestamp(installed.path("lastInstalled").textValue());
        return Optional.of(new DeviceStatus(enrollment.name(), JamfConnectorProvider.ID, computerId, computerName, serial,
                DeliveryState.INSTALLED, "installed", lastInstalled, certificate(computer, identifier, lastInstalled), ""));
    }

    private static Optional<CertificateState> certificate(JsonNode computer, String identifier, Optional<Instant> lastInstalled) {
        JsonNode best = null;
        long bestDistance = Long.MAX_VALUE;
        for (JsonNode c : computer.path("certificates")) {
            if (!c.path("identity").asBoolean(false)) {
                continue;
            }
            if (!identifier.isEmpty() && c.path("subjectName").asText("").contains(identifier)) {
                best = c;
                break;
            }
            Optional<Instant> issued = JamfClient.timestamp(c.path("issuedDate").textValue());
            if (issued.isPresent() && lastInstalled.isPresent() && !issued.get().isBefore(lastInstalled.get())) {
                long distance = issued.get().toEpochMilli() - lastInstalled.get().toEpochMilli();
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new CertificateState(text(best, "certificateStatus"), JamfClient.timestamp(best.path("issuedDate").textValue()),
                JamfClient.timestamp(best.path("expirationDate").textValue()), text(best, "sha1Fingerprint"), text(best, "serialNumber"),
                Optional.empty()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
