package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /**
     * The profile's renewal versions, oldest first, the devices the enrollment still reaches (known only when there are
     * versions), and those the plan's delete of a wave group whose version is gone lets back into the profile
     * ({@link IntuneWaves#readmitted}).
     */
    private record Versions(List<IntuneWaves.Wave> waves, IntuneWaves.Scope scope, Set<String> readmitted) {
    }

    private Versions versions(ActualResource profile, DeviceConfiguration configuration) {
        List<DeviceConfiguration> listing = graph.listConfigurations();
        DeviceConfiguration base = listing.stream().filter(c -> configuration.getId().equals(c.getId())).findFirst().orElse(configuration);
        List<IntuneWaves.Wave> versions = waves.waves(profile.key().name(), base, listing);
        // The wave groups and the enrollment's scope are Graph reads that both uses below may need: each is made once.
        Supplier<List<IntuneWaves.WaveGroup>> owned = once(waves::ownedGroups);
        Supplier<IntuneWaves.Scope> scope = once(() -> waves.scope(base, listing, owned.get()));
        return new Versions(versions, versions.isEmpty() ? IntuneWaves.Scope.UNKNOWN : scope.get(),
                waves.readmitted(profile.key().name(), base, listing, versions, owned, scope));
    }

    /** {@code read}, made on the first {@code get} only (within one fleet read, on one thread). */
    private static <T> Supplier<T> once(Supplier<T> read) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = read.get();
                }
                return value;
            }
        };
    }

    /** The ids of the profile's renewal versions, oldest first. */
    List<String> versionIds(ActualResource profile) {
        List<DeviceConfiguration> listing = graph.listConfigurations();
        return listing.stream().filter(c -> profile.vendorId().equals(c.getId())).findFirst()
                .map(base -> waves.waves(profile.key().name(), base, listing).stream().map(w -> w.profile().getId()).toList())
                .orElse(List.of());
    }

    /** As the streamed form, with every device's latest status report as its delivery time (the list is small enough to join). */
    FleetSnapshot fleet(ActualResource profile) {
        List<DeviceCertificate> devices = new ArrayList<>();
        FleetSnapshot rest = fleet(profile, devices::add);
        Map<String, Instant> reported = lastReported(profile.vendorId(), name -> true);
        devices.replaceAll(d -> Optional.ofNullable(reported.get(d.deviceName())).map(at -> new DeviceCertificate(d.deviceId(), d.deviceName(),
                d.serialNumber(), d.issuedAt(), d.expiresAt(), Optional.of(at))).orElse(d));
        return new FleetSnapshot(devices, rest.deployedAt(), rest.lastRedistributedAt(), rest.owed());
    }

    /**
     * Each device's newest certificate to {@code all} as the pages arrive. Only a device of an open (not yet retired)
     * wave may hold two, the old version's and the new one's: those few are held until every version is read; the
     * profile's and the retired waves' devices stream through. A device's delivery time only counts where its
     * certificate state carries neither an issue nor an expiry date, so device statuses are read only for such states
     * (or when there are none at all). The devices' id is their name: the one key Intune's lists and every version share.
     * A version's device the enrollment no longer reaches (it left the enrollment's groups but is still in its wave's
     * group) is left out: it is not the enrollment's to renew, and is never pushed or reported stuck again. So is a
     * device of a retired wave whose version someone deleted: the plan's delete of that wave's group lets it back into
     * the profile, which enrols it; pushed in a new wave too, it would enrol twice in one apply.
     */
    FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> all) {
        DeviceConfiguration configuration = graph.configuration(profile.vendorId(), Optional.empty())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        Platform platform = IntuneDeviceStatus.platform(profile);
        Versions read = versions(profile, configuration);
        Consumer<DeviceCertificate> sink = read.readmitted().isEmpty() ? all : c -> {
            if (!read.readmitted().contains(key(c.deviceName()))) {
                all.accept(c);
            }
        };
        List<IntuneWaves.Wave> versions = read.waves();
        IntuneWaves.Scope scope = read.scope();
        Map<String, DeviceCertificate> open = new LinkedHashMap<>();
        boolean any = false;
        for (IntuneWaves.Wave wave : versions) {
            if (!wave.retired()) {
                any |= read(wave.profile().getId(), platform, reached(scope,
                        c -> open.merge(key(c.deviceName()), c, (a, b) -> later(b, a) ? b : a)));
            }
        }
        Consumer<DeviceCertificate> others = c -> {
            DeviceCertificate newer = open.get(key(c.deviceName()));
            if (newer == null) {
                sink.accept(c);
            } else if (later(c, newer)) {
                open.put(key(c.deviceName()), c);
            }
        };
        any |= read(profile.vendorId(), platform, others);
        for (IntuneWaves.Wave wave : versions) {
            if (wave.retired()) {
                any |= read(wave.profile().getId(), platform, reached(scope, others));
            }
        }
        open.values().forEach(sink);
        if (!any) {
            // No certificate report yet: the devices' last check-in with the profile is the next best delivery time.
            lastReported(profile.vendorId(), name -> true).forEach((name, at) -> sink.accept(checkIn(name, at)));
        }
        List<String> owed = new ArrayList<>();
        versions.forEach(w -> waves.complete(w, platform, scope).ifPresent(owed::add));
        Optional<Instant> deployed = Optional.ofNullable(configuration.getLastModifiedDateTime()).map(OffsetDateTime::toInstant);
        // Re-enrolment is per device: a device's new certificate is the record, not a profile-wide time.
        return new FleetSnapshot(List.of(), deployed, Optional.empty(), owed);
    }

    /** Only the certificates of devices the enrollment still reaches. */
    private static Consumer<DeviceCertificate> reached(IntuneWaves.Scope scope, Consumer<DeviceCertificate> sink) {
        return c -> {
            if (scope.reaches(c.deviceName())) {
                sink.accept(c);
            }
        };
    }

    /** One version's held certificates to {@code sink}; true when it reported any certificate state at all. */
    private boolean read(String configurationId, Platform platform, Consumer<DeviceCertificate> sink) {
        List<JsonNode> undated = new ArrayList<>();
        boolean[] any = {false};
        graph.certificateStates(configurationId, platform, state -> {
            String issuance = state.path("certificateIssuanceState").asText("");
            if (GONE.contains(issuance)) {
                return;
            }
            any[0] = true;
            if (FAILED.contains(issuance) || state.path("deviceDisplayName").asText("").isBlank()) {
                return;
            }
            if (IntuneDeviceStatus.instant(state, "certificateExpirationDateTime").isPresent()
                    || IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime").isPresent()) {
                sink.accept(certificate(state, Optional.empty()));
            } else {
                undated.add(state);
            }
        });
        if (!undated.isEmpty()) {
            Set<String> names = new HashSet<>();
            undated.forEach(state -> names.add(state.path("deviceDisplayName").asText("")));
            Map<String, Instant> lastReported = lastReported(configurationId, names::contains);
            undated.forEach(state -> sink.accept(certificate(state,
                    Optional.ofNullable(lastReported.get(state.path("deviceDisplayName").asText(""))))));
        }
        return any[0];
    }

    /**
     * Retires what re-enrolled and adds the rings' devices (by name, the key Intune's device reports share) to the open
     * wave; answers the wave groups it excluded on the profile.
     */
    List<String> redistribute(ActualResource profile, Redistribution redistribution) {
        return waves.redistribute(profile, IntuneDeviceStatus.platform(profile), redistribution.deviceIds());
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
        return new DeviceCertificate(name, name, IntuneDeviceStatus.text(state, "certificateSerialNumber"),
                IntuneDeviceStatus.instant(state, "certificateIssuanceDateTime"),
                IntuneDeviceStatus.instant(state, "certificateExpirationDateTime"),
                reported.or(() -> IntuneDeviceStatus.instant(state, "lastCertificateStateChangeDateTime")));
    }

    private static DeviceCertificate checkIn(String name, Instant at) {
        return new DeviceCertificate(name, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at));
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
