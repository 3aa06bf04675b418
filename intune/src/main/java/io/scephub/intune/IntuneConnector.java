package io.scephub.intune;

import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.MacOSScepCertificateProfile;
import com.microsoft.graph.beta.models.MacOSTrustedRootCertificate;
import com.microsoft.graph.beta.models.Windows81SCEPCertificateProfile;
import com.microsoft.graph.beta.models.Windows81TrustedRootCertificate;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RedistributionBudget;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DeviceTriage;
import io.scephub.core.spi.EnrollmentCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intune through Microsoft Graph beta: per enrollment a trusted-root profile, a SCEP profile bound
 * to it, and their group assignments. Owns only device configurations whose description ends with
 * scephub's marker; everything else in the tenant is never touched.
 */
public final class IntuneConnector implements Connector, EnrollmentCheck, DeviceTriage, CertificateFleet {
    private static final Logger LOG = LoggerFactory.getLogger(IntuneConnector.class);
    /** Output of a SCEP profile: when scephub last redistributed it (from the description's marker). */
    static final String REDISTRIBUTED_AT = "redistributedAt";

    private final IntuneGraph graph;
    private final IntuneFleet fleet;
    private final RedistributionBudget budget;

    IntuneConnector(IntuneGraph graph, RedistributionBudget budget) {
        this.graph = graph;
        this.fleet = new IntuneFleet(graph);
        this.budget = budget;
    }

    @Override
    public String id() {
        return IntuneConnectorProvider.ID;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        return IntuneResources.expand(state);
    }

    @Override
    public ReadResult read() {
        List<String> notices = new ArrayList<>();
        Map<ResourceKey, String> owned = ownedConfigurations(notices);
        List<ActualResource> resources = new ArrayList<>();
        Map<String, String> rootIds = new HashMap<>();
        Map<String, String> scepIds = new HashMap<>();
        for (Map.Entry<ResourceKey, String> entry : owned.entrySet()) {
            Optional<ActualResource> actual = readProfile(entry.getKey(), entry.getValue(), notices);
            actual.ifPresent(resources::add);
            actual.ifPresent(a -> (a.key().kind().equals(IntuneTrustedRoot.KIND) ? rootIds : scepIds).put(a.key().name(), a.vendorId()));
        }
        GroupDirectory groups = new GroupDirectory(graph);
        TreeSet<String> enrollments = new TreeSet<>(rootIds.keySet());
        enrollments.addAll(scepIds.keySet());
        for (String enrollment : enrollments) {
            ActualResource assignment = readAssignment(enrollment, rootIds.get(enrollment), scepIds.get(enrollment), groups);
            // No assignment at all reads as "absent", so the plan creates it rather than updating nothing.
            if (!IntuneAssignment.isEmpty(assignment.attributes())) {
                resources.add(assignment);
            }
        }
        LOG.info("vendor=intune action=read owned={} notices={}", resources.size(), notices.size());
        return new ReadResult(resources, notices);
    }

    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        if (key.kind().equals(IntuneAssignment.KIND)) {
            // Posting an assignment set is idempotent, so a retried create needs nothing to adopt.
            return Optional.empty();
        }
        String id = ownedConfigurations(new ArrayList<>()).get(key);
        return id == null ? Optional.empty() : readProfile(key, id, new ArrayList<>());
    }

    @Override
    public ActualResource create(Resource desired) {
        ResourceKey key = desired.key();
        Map<String, Object> attributes = desired.attributes();
        return switch (key.kind()) {
            case IntuneTrustedRoot.KIND -> {
                Set<String> properties = propertiesOf(attributes, IntuneTrustedRoot.PLATFORM);
                DeviceConfiguration body = IntuneTrustedRoot.toGraph(platform(desired), key, attributes, properties);
                yield createProfile(key, body);
            }
            case IntuneScepProfile.KIND -> {
                Set<String> properties = propertiesOf(attributes, IntuneScepProfile.PLATFORM, IntuneScepProfile.ROOT_CERTIFICATE);
                DeviceConfiguration body = IntuneScepProfile.toGraph(platform(desired), key, attributes, properties);
                String rootId = resolved(key, attributes, IntuneScepProfile.ROOT_CERTIFICATE);
                Map<String, Object> additional = new HashMap<>(body.getAdditionalData());
                additional.put(GraphPaths.ROOT_CERTIFICATE_BIND, GraphPaths.configurationUrl(graph.graphBaseUrl(), rootId));
                body.setAdditionalData(additional);
                yield createProfile(key, body);
            }
            case IntuneAssignment.KIND -> writeAssignment(desired);
            default -> throw unknownKind(key);
        };
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ResourceKey key = desired.key();
        if (key.kind().equals(IntuneAssignment.KIND)) {
            return writeAssignment(desired);
        }
        if (!key.kind().equals(IntuneTrustedRoot.KIND) && !key.kind().equals(IntuneScepProfile.KIND)) {
            throw unknownKind(key);
        }
        Platform platform = platform(desired);
        Set<String> changed = new LinkedHashSet<>();
        changes.forEach(change -> changed.add(topLevel(change.path())));
        changed.remove(IntuneTrustedRoot.PLATFORM);
        if (key.kind().equals(IntuneScepProfile.KIND) && changed.remove(IntuneScepProfile.ROOT_CERTIFICATE)) {
            String rootId = resolved(key, desired.attributes(), IntuneScepProfile.ROOT_CERTIFICATE);
            graph.setRootCertificate(actual.vendorId(), platform, rootId);
            LOG.info("vendor=intune action=relink key={} id={} root_id={}", key, actual.vendorId(), rootId);
        }
        if (!changed.isEmpty()) {
            Map<String, Object> attributes = keepRedistributionRecord(desired.attributes(), actual, changed);
            DeviceConfiguration body = key.kind().equals(IntuneTrustedRoot.KIND)
                    ? IntuneTrustedRoot.toGraph(platform, key, attributes, changed)
                    : IntuneScepProfile.toGraph(platform, key, attributes, changed);
            graph.patch(actual.vendorId(), body);
            LOG.info("vendor=intune action=update key={} id={} properties={}", key, actual.vendorId(), changed);
        }
        return readProfile(key, actual.vendorId(), new ArrayList<>())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, key + ": updated " + actual.vendorId() + " but it is gone now"));
    }

    @Override
    public void delete(ActualResource actual) {
        ResourceKey key = actual.key();
        switch (key.kind()) {
            case IntuneTrustedRoot.KIND, IntuneScepProfile.KIND -> {
                graph.delete(actual.vendorId());
                LOG.info("vendor=intune action=delete key={} id={}", key, actual.vendorId());
            }
            case IntuneAssignment.KIND -> {
                for (String attribute : List.of(IntuneAssignment.TRUSTED_ROOT_ID, IntuneAssignment.SCEP_PROFILE_ID)) {
                    if (actual.attributes().get(attribute) instanceof String id) {
                        unassign(id);
                    }
                }
                LOG.info("vendor=intune action=unassign key={}", key);
            }
            default -> throw unknownKind(key);
        }
    }

    @Override
    public List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        return IntuneEnrollmentChecks.check(state, actual);
    }

    @Override
    public Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment) {
        return new IntuneDeviceTriage(graph).deviceStatus(deviceNameOrSerial, enrollment);
    }

    /** A profile that is already gone has no assignments left to remove. */
    private void unassign(String configurationId) {
        try {
            graph.assign(configurationId, List.of());
        } catch (VendorError e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private ActualResource createProfile(ResourceKey key, DeviceConfiguration body) {
        DeviceConfiguration created = graph.create(body, key.toString());
        LOG.info("vendor=intune action=create key={} id={}", key, created.getId());
        return readProfile(key, created.getId(), new ArrayList<>())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, key + ": created " + created.getId() + " but could not read it back"));
    }

    private ActualResource writeAssignment(Resource desired) {
        ResourceKey key = desired.key();
        Map<String, Object> attributes = desired.attributes();
        String rootId = resolved(key, attributes, IntuneAssignment.TRUSTED_ROOT_ID);
        String scepId = resolved(key, attributes, IntuneAssignment.SCEP_PROFILE_ID);
        GroupDirectory groups = new GroupDirectory(graph);
        List<String> includeIds = strings(attributes.get(IntuneAssignment.INCLUDE)).stream()
                .map(name -> groups.idOf(name, key + " include")).toList();
        List<String> excludeIds = strings(attributes.get(IntuneAssignment.EXCLUDE)).stream()
                .map(name -> groups.idOf(name, key + " exclude")).toList();
        // Both profiles get the same whole set: the root must reach every device the SCEP profile reaches.
        graph.assign(rootId, IntuneAssignment.toGraph(includeIds, excludeIds));
        graph.assign(scepId, IntuneAssignment.toGraph(includeIds, excludeIds));
        LOG.info("vendor=intune action=assign key={} include={} exclude={}", key, includeIds.size(), excludeIds.size());
        return readAssignment(key.name(), rootId, scepId, groups);
    }

    private ActualResource readAssignment(String enrollment, String rootId, String scepId, GroupDirectory groups) {
        Map<String, Object> attributes = IntuneAssignment.read(graph, groups, rootId, scepId);
        return new ActualResource(IntuneAssignment.key(enrollment), id(), scepId != null ? scepId : rootId, attributes,
                Map.of(), Set.of(IntuneTrustedRoot.key(enrollment), IntuneScepProfile.key(enrollment)));
    }

    /** Marked configurations by key; a key marked on more than one object is reported and the first kept. */
    private Map<ResourceKey, String> ownedConfigurations(List<String> notices) {
        Map<ResourceKey, String> owned = new LinkedHashMap<>();
        for (DeviceConfiguration configuration : graph.listConfigurations()) {
            Optional<ResourceKey> marker = OwnershipMarker.find(configuration.getDescription());
            if (marker.isEmpty()) {
                continue;
            }
            ResourceKey key = marker.get();
            if (!key.kind().equals(IntuneTrustedRoot.KIND) && !key.kind().equals(IntuneScepProfile.KIND)) {
                notices.add("intune: device configuration " + configuration.getId() + " (\"" + configuration.getDisplayName()
                        + "\") carries the marker of " + key + ", which is not an Intune profile kind; left alone");
                continue;
            }
            String first = owned.putIfAbsent(key, configuration.getId());
            if (first != null) {
                notices.add("intune: " + key + " is marked on more than one device configuration (" + first + ", "
                        + configuration.getId() + "); managing " + first + ", delete the other by hand");
            }
        }
        return owned;
    }

    private Optional<ActualResource> readProfile(ResourceKey key, String id, List<String> notices) {
        boolean scep = key.kind().equals(IntuneScepProfile.KIND);
        Optional<DeviceConfiguration> read = graph.configuration(id, scep);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        DeviceConfiguration configuration = read.get();
        Optional<Platform> platform = platformOf(configuration, scep);
        if (platform.isEmpty()) {
            notices.add("intune: device configuration " + id + " carries the marker of " + key + " but is a "
                    + configuration.getOdataType() + "; left alone");
            return Optional.empty();
        }
        String enrollment = key.name();
        Map<String, Object> attributes = scep
                ? IntuneScepProfile.attributes(configuration, platform.get())
                : IntuneTrustedRoot.attributes(configuration, platform.get());
        Set<ResourceKey> dependsOn = scep
                ? Set.of(IntuneTrustedRoot.key(enrollment), IntuneResources.oktaConfiguration(enrollment))
                : Set.of(IntuneResources.oktaConfiguration(enrollment));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("id", id);
        RedistributionMarker.find(configuration.getDescription()).ifPresent(at -> outputs.put(REDISTRIBUTED_AT, at.toString()));
        return Optional.of(new ActualResource(key, id(), id, attributes, outputs, dependsOn));
    }

    @Override
    public Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return fleet.certificateProfile(enrollment);
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile) {
        return fleet.fleet(profile);
    }

    @Override
    public void redistribute(ActualResource profile, Redistribution redistribution) {
        fleet.redistribute(profile, redistribution);
    }

    /** The {@code mdm.intune.renewal.*} budget: Microsoft publishes no re-enrolment limit, so the operator sets it. */
    @Override
    public RedistributionBudget redistributionBudget() {
        return budget;
    }

    /** A description update must not erase the record of the last redistribution, or it would be planned again. */
    private static Map<String, Object> keepRedistributionRecord(Map<String, Object> desired, ActualResource actual, Set<String> changed) {
        if (!changed.contains(IntuneScepProfile.DESCRIPTION) || !(actual.outputs().get(REDISTRIBUTED_AT) instanceof String at)) {
            return desired;
        }
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put(IntuneScepProfile.DESCRIPTION, RedistributionMarker.with(String.valueOf(desired.get(IntuneScepProfile.DESCRIPTION)),
                java.time.Instant.parse(at)));
        return out;
    }

    private static Optional<Platform> platformOf(DeviceConfiguration configuration, boolean scep) {
        if (scep) {
            if (configuration instanceof Windows81SCEPCertificateProfile) {
                return Optional.of(Platform.WINDOWS);
            }
            return configuration instanceof MacOSScepCertificateProfile ? Optional.of(Platform.MACOS) : Optional.empty();
        }
        if (configuration instanceof Windows81TrustedRootCertificate) {
            return Optional.of(Platform.WINDOWS);
        }
        return configuration instanceof MacOSTrustedRootCertificate ? Optional.of(Platform.MACOS) : Optional.empty();
    }

    private static Platform platform(Resource desired) {
        Object value = desired.attributes().get(IntuneTrustedRoot.PLATFORM);
        return Platform.fromConfigName(String.valueOf(value))
                .orElseThrow(() -> new IllegalArgumentException(desired.key() + ": platform " + value + " is not windows or macos"));
    }

    private static Set<String> propertiesOf(Map<String, Object> attributes, String... notProperties) {
        Set<String> properties = new LinkedHashSet<>(attributes.keySet());
        List.of(notProperties).forEach(properties::remove);
        return properties;
    }

    /** An attribute filled from another resource's output; still unresolved here is the engine's bug, said plainly. */
    private static String resolved(ResourceKey key, Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalStateException(key + ": " + name + " is not resolved (got " + value + ")");
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }

    /** {@code extendedKeyUsages[0].name} → {@code extendedKeyUsages}: Graph patches whole properties. */
    private static String topLevel(String path) {
        int end = path.length();
        int dot = path.indexOf('.');
        int bracket = path.indexOf('[');
        if (dot >= 0) {
            end = dot;
        }
        if (bracket >= 0 && bracket < end) {
            end = bracket;
        }
        return path.substring(0, end);
    }

    private static IllegalArgumentException unknownKind(ResourceKey key) {
        return new IllegalArgumentException("intune connector does not manage " + key.kind() + " (" + key + ")");
    }
}
