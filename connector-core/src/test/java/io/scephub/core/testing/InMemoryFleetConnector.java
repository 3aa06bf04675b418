package io.scephub.core.testing;

import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.CertificateFleet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An {@link InMemoryConnector} whose vendor also reports per-device certificates and redistributes
 * profiles: redistributions are journaled ({@code start/end redistribute KEY}), obey the same
 * fail/hang/gate switches as writes, and record {@link FleetSnapshot#lastRedistributedAt()} like a vendor would.
 */
public final class InMemoryFleetConnector extends InMemoryConnector implements CertificateFleet {
    private final Map<String, ResourceKey> profilesByEnrollment = new ConcurrentHashMap<>();
    private final Map<ResourceKey, List<DeviceCertificate>> devices = new ConcurrentHashMap<>();
    private final Map<ResourceKey, Instant> lastRedistributed = new ConcurrentHashMap<>();

    private volatile Set<String> reissuing = Set.of();
    private volatile boolean redistributionReenrols = true;
    private volatile boolean perDevice;
    private volatile boolean streamsOnly;

    /** Every redistribution the vendor carried out, in order. */
    public final List<Redistribution> redistributions = new CopyOnWriteArrayList<>();

    public InMemoryFleetConnector(String id, int maxParallelism, List<String> journal) {
        super(id, maxParallelism, journal);
    }

    public InMemoryFleetConnector(String id) {
        this(id, 4, Collections.synchronizedList(new ArrayList<>()));
    }

    /** {@code enrollment}'s certificates are delivered by the profile {@code profile}. */
    public InMemoryFleetConnector serves(String enrollment, ResourceKey profile) {
        profilesByEnrollment.put(enrollment, profile);
        return this;
    }

    /** The devices the vendor reports for {@code profile}. */
    public InMemoryFleetConnector reports(ResourceKey profile, List<DeviceCertificate> certificates) {
        devices.put(profile, List.copyOf(certificates));
        return this;
    }

    /** Declares which attributes re-issue certificates when they change, and whether a redistribution re-enrols. */
    public InMemoryFleetConnector reissues(Set<String> attributes, boolean onRedistribution) {
        this.reissuing = Set.copyOf(attributes);
        this.redistributionReenrols = onRedistribution;
        return this;
    }

    /** Declares that this vendor re-enrols single devices (the renewal rings then select them). */
    public InMemoryFleetConnector reenrolsPerDevice(boolean perDevice) {
        this.perDevice = perDevice;
        return this;
    }

    /** The whole-list read fails from now on: a caller must stream the devices ({@link #fleet(ActualResource, Consumer)}). */
    public InMemoryFleetConnector streamsOnly() {
        this.streamsOnly = true;
        return this;
    }

    @Override
    public boolean reenrolsPerDevice() {
        return perDevice;
    }

    @Override
    public Set<String> reissuingAttributes() {
        return reissuing;
    }

    @Override
    public boolean redistributionReenrols() {
        return redistributionReenrols;
    }

    @Override
    public Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return Optional.ofNullable(profilesByEnrollment.get(enrollment.name()));
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile) {
        if (streamsOnly) {
            throw new AssertionError("the device list of " + profile.key() + " was read whole; it must be streamed");
        }
        return new FleetSnapshot(devices.getOrDefault(profile.key(), List.of()), Optional.empty(),
                Optional.ofNullable(lastRedistributed.get(profile.key())));
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        devices.getOrDefault(profile.key(), List.of()).forEach(sink);
        return new FleetSnapshot(List.of(), Optional.empty(), Optional.ofNullable(lastRedistributed.get(profile.key())));
    }

    @Override
    public void redistribute(ActualResource profile, Redistribution redistribution) {
        call("redistribute", profile.key(), () -> {
            redistributions.add(redistribution);
            lastRedistributed.put(profile.key(), redistribution.plannedAt());
            return null;
        });
    }
}
