package io.scephub.jamf;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jamf side of renewal. Jamf reports no certificate per computer, only when each computer last
 * installed the profile ({@code lastInstalled} in the inventory's CONFIGURATION_PROFILES section),
 * which is when it enrolled for its certificate. Without such rows the planner falls back to the
 * deployment history scephub keeps in the description. Redistribution is Jamf's "Redistribute
 * profile": a PUT with {@code redeploy_on_update} {@code All}; or, with {@code mdm.jamf.renewal.reenrol: wave}, the
 * renewal rings' Macs only ({@link JamfWaveReenrolment}).
 */
final class JamfFleet {
    private static final Logger LOG = LoggerFactory.getLogger(JamfFleet.class);
    private static final String REDEPLOY_ALL = "All";

    private final JamfClient client;
    /** {@code mdm.jamf.renewal.reenrol: wave}: only the ring's Macs re-enrol, through {@link JamfWaveReenrolment}. */
    private final boolean perWave;

    JamfFleet(JamfClient client, boolean perWave) {
        this.client = client;
        this.perWave = perWave;
    }

    boolean perWave() {
        return perWave;
    }

    Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return JamfConnectorProvider.ID.equals(enrollment.mdm())
                ? Optional.of(JamfConnector.key(enrollment.name()))
                : Optional.empty();
    }

    FleetSnapshot fleet(ActualResource profile) {
        List<DeviceCertificate> devices = new ArrayList<>();
        FleetSnapshot history = fleet(profile, devices::add);
        return new FleetSnapshot(devices, history.deployedAt(), history.lastRedistributedAt(), history.owed());
    }

    /** The deployment history; each computer that reports the profile installed goes to {@code sink} as its page arrives. */
    FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        JamfXml.Profile stored = current(profile);
        String description = stored.general.description;
        devices(profile, sink);
        // Macs an interrupted re-enrolment left in the renewal group are out of the scope, without the profile: owed.
        List<String> owed = perWave ? new JamfWaveReenrolment(client).owed(stored, profile) : List.of();
        return new FleetSnapshot(List.of(), DatedMarker.DEPLOYED.find(description), DatedMarker.REDISTRIBUTED.find(description), owed);
    }

    /** Computers that report the profile installed, with when they last installed it. */
    private void devices(ActualResource profile, Consumer<DeviceCertificate> devices) {
        String name = String.valueOf(profile.attributes().get(JamfConnector.ATTR_NAME));
        Object identifier = profile.outputs().get("payloadIdentifier");
        client.eachComputer(client.paths()::computersWithProfiles, computer -> {
            for (JsonNode row : computer.path("configurationProfiles")) {
                boolean ours = row.path("id").asText("").equals(profile.vendorId())
                        || row.path("profileIdentifier").asText("").equals(identifier)
                        || row.path("displayName").asText("").equals(name);
                if (ours) {
                    String computerId = computer.path("id").asText();
                    devices.accept(new DeviceCertificate(computerId, computer.path("general").path("name").asText(computerId),
                            Optional.ofNullable(computer.path("hardware").path("serialNumber").textValue()),
                            Optional.empty(), Optional.empty(), JamfClient.timestamp(row.path("lastInstalled").textValue())));
                    break;
                }
            }
        });
    }

    void redistribute(ActualResource profile, Redistribution redistribution) {
        JamfXml.Profile stored = current(profile);
        if (perWave) {
            // The rings chose the Macs (none when only leftovers are owed); a whole-scope redeploy would re-enrol every other one too.
            new JamfWaveReenrolment(client).reenrol(stored, profile, redistribution);
            return;
        }
        Optional<Instant> recorded = DatedMarker.REDISTRIBUTED.find(stored.general.description);
        if (recorded.isPresent() && !recorded.get().isBefore(redistribution.plannedAt())) {
            LOG.info("vendor=jamf action=redistribute key={} id={} result=already-recorded at={}", profile.key(),
                    profile.vendorId(), recorded.get());
            return;
        }
        String human = OwnershipMarker.strip(stored.general.description);
        // Only general/description and redeploy_on_update go back. The payloads are never sent as read: Jamf
        // stores some with an extra entity layer and refuses decoded ones with a 409 (Jamf PI-827), and
        // leaving them out keeps PayloadUUID/PayloadIdentifier and the challenge password exactly as they
        // are; without a scope element Jamf keeps the scope.
        JamfXml.Profile push = new JamfXml.Profile();
        push.general = new JamfXml.General();
        push.general.name = stored.general.name;
        push.general.description = OwnershipMarker.append(DatedMarker.REDISTRIBUTED.with(human,
                redistribution.plannedAt()), profile.key());
        // "All" makes Jamf push the profile again to every computer in scope, not only newly assigned ones.
        // Jamf reads it back as "Newly Assigned" whatever was sent, so nothing needs restoring and it is never compared.
        push.general.redeployOnUpdate = REDEPLOY_ALL;
        client.updateProfile(Long.parseLong(profile.vendorId()), push);
        LOG.info("vendor=jamf action=redistribute key={} id={} devices={} at={}", profile.key(), profile.vendorId(),
                redistribution.devices(), redistribution.plannedAt());
    }

    private JamfXml.Profile current(ActualResource profile) {
        JamfXml.Profile stored = client.profile(Long.parseLong(profile.vendorId())).orElse(null);
        if (stored == null || stored.general == null) {
            throw new VendorError(JamfErrors.VENDOR, 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone");
        }
        return stored;
    }
}
