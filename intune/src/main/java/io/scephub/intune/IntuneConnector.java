package io.scephub.intune;

import io.scephub.core.spi.ReadRequest;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.ExclusionGroupAssignmentTarget;
import com.microsoft.graph.beta.models.DeviceConfigurationAssignment;
import com.microsoft.graph.beta.models.MacOSScepCertificateProfile;
import com.microsoft.graph.beta.models.MacOSTrustedRootCertificate;
import com.microsoft.graph.beta.models.Windows81SCEPCertificateProfile;
import com.microsoft.graph.beta.models.Windows81TrustedRootCertificate;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DatedMarker;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.resource.OwnedIndex;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RedistributionBudget;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DeviceTriage;
import io.scephub.core.spi.CredentialExpiryReader;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.core.spi.DeviceStatusReport;
import io.scephub.core.devices.DeviceStatus;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
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
public final class IntuneConnector implements Connector, EnrollmentCheck, DeviceTriage, CertificateFleet, DeviceStatusReport,
        CredentialExpiryReader {
    private static final Logger LOG = LoggerFactory.getLogger(IntuneConnector.class);
    /** Output of a SCEP profile: when scephub last redistributed it (from the description's marker). */
    static final String REDISTRIBUTED_AT = "redistributedAt";

    private final IntuneGraph graph;
    private final IntuneFleet fleet;
    private final IntuneWaves waves;
    /** Per SCEP profile id, the renewal-wave groups excluded on it at the last read: kept by every assignment write. */
    private volatile Map<String, List<String>> waveExclusions = Map.of();
    /**
     * Serialises the writes that rewrite a profile's whole assignment set (assignments, renewal waves' retire and
     * delete): apply runs independent changes in parallel, and each would otherwise undo the other's exclusions.
     */
    private final Object assignmentWrites = new Object();
    /** The renewal versions of the last read's listing: an update of their profile makes them follow it. */
    private volatile List<DeviceConfiguration> lastListing = List.of();
    private final RedistributionBudget budget;
    /** Owned configurations from the last listing; findOwned answers from it (PREAMBLE ownership rule). */
    private final OwnedIndex<DeviceConfiguration> index;
    /** SCEP profiles deleted ahead of their root (see deleteScepProfileStillBoundTo), so their own delete is done. */
    private final Set<String> deletedWithRoot = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Group names and ids as Entra last answered them: a cache, each name not yet in it is looked up when needed. */
    private volatile GroupDirectory groups;

    /** The client id scephub signs in with: its app registration's credentials are the ones the expiry watch reads. */
    private final String clientId;

    IntuneConnector(IntuneGraph graph, RedistributionBudget budget, String clientId, KnownObjects known) {
        this.index = new OwnedIndex<>("intune", Set.of(IntuneTrustedRoot.KIND, IntuneScepProfile.KIND), known);
        this.clientId = clientId;
        this.graph = graph;
        this.waves = new IntuneWaves(graph, this::assignmentsOf);
        this.fleet = new IntuneFleet(graph, waves);
        this.budget = budget;
        this.groups = new GroupDirectory(graph);
    }

    @Override
    public String id() {
        return IntuneConnectorProvider.ID;
    }

    @Override
    public List<CredentialExpiry> credentialExpiries() {
        return new IntuneCredentialExpiry(graph, clientId).read();
    }

    /** The Graph calls this connector makes (for tests in this package). */
    IntuneGraph graph() {
        return graph;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        return IntuneResources.expand(state);
    }

    /**
     * One listing (with assignments expanded), one {@code $batch} read per 20 owned profiles, and
     * one per 20 group names: the request count does not grow with anything but the tenant's size.
     * Desired group names Entra does not know are reported as problems, so the plan stops before
     * anything is written. Renewal waves no device depends on any more are reported too (as objects
     * no enrollment desires, so the plan deletes them; {@link IntuneWaves#leftovers}).
     */
    @Override
    public ReadResult read(ReadRequest request) {
        List<String> notices = new ArrayList<>();
        List<DeviceConfiguration> listing = graph.listConfigurations();
        OwnedIndex.Listing<DeviceConfiguration> marked = list(listing, notices);
        Map<ResourceKey, DeviceConfiguration> owned = marked.owned();
        Map<String, Optional<Platform>> toRead = new LinkedHashMap<>();
        owned.forEach((key, configuration) -> toRead.put(configuration.getId(),
                key.kind().equals(IntuneScepProfile.KIND) ? scepPlatformOf(configuration.getOdataType()) : Optional.empty()));
        Map<String, DeviceConfiguration> full = toRead.isEmpty() ? Map.of() : graph.configurations(toRead);

        List<ActualResource> resources = new ArrayList<>();
        Map<String, DeviceConfiguration> roots = new HashMap<>();
        Map<String, DeviceConfiguration> sceps = new HashMap<>();
        owned.forEach((key, listed) -> {
            DeviceConfiguration configuration = full.get(listed.getId());
            if (configuration == null) {
                return;
            }
            Optional<ActualResource> actual = toActual(key, configuration, notices);
            actual.ifPresent(resources::add);
            actual.ifPresent(a -> (key.kind().equals(IntuneTrustedRoot.KIND) ? roots : sceps).put(key.name(), listed));
        });

        GroupDirectory directory = new GroupDirectory(graph);
        List<DesiredStateProblem> problems = checkGroups(directory, request.enrollments(id()));
        this.groups = directory;
        TreeSet<String> enrollments = new TreeSet<>(roots.keySet());
        enrollments.addAll(sceps.keySet());
        Map<String, Platform> desiredEnrollments = new HashMap<>();
        request.enrollments(id()).forEach(e -> desiredEnrollments.put(e.name(), e.platform()));
        boolean renewing = request.enrollments(id()).stream().anyMatch(e -> e.renewal().isPresent());
        List<ActualResource> leftovers = waves.leftovers(desiredEnrollments, renewing, sceps, listing);
        this.lastListing = listing.stream().filter(c -> OwnershipMarker.find(c.getDescription())
                .map(k -> k.kind().equals(IntuneWaves.KIND)).orElse(false)).toList();
        resources.addAll(leftovers);
        Set<String> waveGroups = new java.util.HashSet<>(waves.waveGroupIds(listing));
        leftovers.forEach(w -> {
            if (w.attributes().get(IntuneWaves.GROUP_ID) instanceof String g) {
                waveGroups.add(g);
            }
        });
        Map<String, List<String>> keptExclusions = new HashMap<>();
        for (String enrollment : enrollments) {
            DeviceConfiguration root = roots.get(enrollment);
            DeviceConfiguration scep = sceps.get(enrollment);
            List<DeviceConfigurationAssignment> onScep = scep == null ? null : assignmentsOf(scep);
            if (onScep != null) {
                // A renewal wave's exclusion on the enrollment's profile is scephub's record that the wave is retired, not drift.
                List<String> kept = IntuneWaves.exclusions(onScep).stream().filter(waveGroups::contains).toList();
                keptExclusions.put(scep.getId(), kept);
                onScep = onScep.stream().filter(a -> !(a.getTarget() instanceof ExclusionGroupAssignmentTarget e
                        && waveGroups.contains(e.getGroupId()))).toList();
            }
            ActualResource assignment = assignmentResource(enrollment,
                    root == null ? null : root.getId(), root == null ? null : assignmentsOf(root),
                    scep == null ? null : scep.getId(), onScep, directory);
            // No assignment at all reads as "absent", so the plan creates it rather than updating nothing.
            if (!IntuneAssignment.isEmpty(assignment.attributes())) {
                resources.add(assignment);
            }
        }
        this.waveExclusions = Map.copyOf(keptExclusions);
        LOG.info("vendor=intune action=read listed={} owned={} notices={} problems={}", listing.size(), resources.size(),
                notices.size(), problems.size());
        return new ReadResult(resources, notices, problems, marked.duplicates());
    }

    /** Every desired group name must name exactly one Entra group; all names are looked up together. */
    private static List<DesiredStateProblem> checkGroups(GroupDirectory directory, List<EnrollmentSpec> enrollments) {
        List<String> names = new ArrayList<>();
        enrollments.forEach(e -> {
            names.addAll(e.groups().include());
            names.addAll(e.groups().exclude());
        });
        directory.resolve(names);
        List<DesiredStateProblem> problems = new ArrayList<>();
        for (EnrollmentSpec enrollment : enrollments) {
            addProblems(problems, directory, enrollment.name(), "groups.include", enrollment.groups().include());
            addProblems(problems, directory, enrollment.name(), "groups.exclude", enrollment.groups().exclude());
        }
        return problems;
    }

    private static void addProblems(List<DesiredStateProblem> problems, GroupDirectory directory, String enrollment, String field,
                                    List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            directory.problem(names.get(i)).ifPresent(message ->
                    problems.add(DesiredStateProblem.ofEnrollment(enrollment, field + "[" + index + "]", message)));
        }
    }

    /**
     * Answers from the last listing; lists again only when there was none, or a create ended with
     * an unknown outcome since (it may have made the object, which must then be adopted).
     */
    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        if (key.kind().equals(IntuneAssignment.KIND)) {
            // Posting an assignment set is idempotent, so a retried create needs nothing to adopt.
            return Optional.empty();
        }
        Optional<DeviceConfiguration> listed = index.find(key, () -> list(graph.listConfigurations(), new ArrayList<>()));
        return listed.flatMap(l -> readProfile(key, l.getId(), scepPlatformOf(l.getOdataType()), new ArrayList<>()));
    }

    @Override
    public ActualResource create(Resource desired) {
        ResourceKey key = desired.key();
        Map<String, Object> attributes = desired.attributes();
        return switch (key.kind()) {
            case IntuneTrustedRoot.KIND -> {
                Set<String> properties = propertiesOf(attributes, IntuneTrustedRoot.PLATFORM);
                DeviceConfiguration body = IntuneTrustedRoot.toGraph(platform(desired), key, attributes, properties);
                yield createProfile(key, body, null);
            }
            case IntuneScepProfile.KIND -> {
                Set<String> properties = propertiesOf(attributes, IntuneScepProfile.PLATFORM, IntuneScepProfile.ROOT_CERTIFICATE);
                DeviceConfiguration body = IntuneScepProfile.toGraph(platform(desired), key, attributes, properties);
                String rootId = resolved(key, attributes, IntuneScepProfile.ROOT_CERTIFICATE);
                Map<String, Object> additional = new HashMap<>(body.getAdditionalData());
                additional.put(GraphPaths.ROOT_CERTIFICATE_BIND, GraphPaths.configurationUrl(graph.graphBaseUrl(), rootId));
                body.setAdditionalData(additional);
                yield createProfile(key, body, rootId);
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
        Optional<String> newRoot = Optional.empty();
        if (key.kind().equals(IntuneScepProfile.KIND) && changed.remove(IntuneScepProfile.ROOT_CERTIFICATE)) {
            String rootId = resolved(key, desired.attributes(), IntuneScepProfile.ROOT_CERTIFICATE);
            graph.setRootCertificate(actual.vendorId(), platform, rootId);
            newRoot = Optional.of(rootId);
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
        if (key.kind().equals(IntuneScepProfile.KIND)) {
            // The renewal versions hold some devices' certificates: they follow the profile, as the plan's count says.
            waves.follow(key.name(), lastListing, platform, desired.attributes(), changed, newRoot);
        }
        return readProfile(key, actual.vendorId(), Optional.of(platform), new ArrayList<>())
                .orElseThrow(() -> new VendorError("intune", 404, null, null, key + ": updated " + actual.vendorId() + " but it is gone now"));
    }

    @Override
    public void delete(ActualResource actual) {
        ResourceKey key = actual.key();
        switch (key.kind()) {
            case IntuneTrustedRoot.KIND, IntuneScepProfile.KIND -> {
                if (key.kind().equals(IntuneTrustedRoot.KIND) && index.isEntry(key, actual.vendorId())) {
                    // Only the managed root takes its SCEP profile along; a duplicate root leaves the managed profile alone.
                    deleteScepProfileStillBoundTo(key.name());
                } else if (deletedWithRoot.remove(actual.vendorId())) {
                    return;
                }
                graph.delete(actual.vendorId());
                index.remove(key, actual.vendorId());
                LOG.info("vendor=intune action=delete key={} id={}", key, actual.vendorId());
            }
            case IntuneWaves.KIND -> {
                synchronized (assignmentWrites) {
                    waves.delete(actual).ifPresent(group -> {
                        Map<String, List<String>> kept = new HashMap<>();
                        waveExclusions.forEach((profileId, ids) -> kept.put(profileId, ids.stream().filter(id -> !id.equals(group)).toList()));
                        waveExclusions = Map.copyOf(kept);
                    });
                }
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
    public Optional<ResourceKey> statusProfile(EnrollmentSpec enrollment) {
        return fleet.certificateProfile(enrollment);
    }

    @Override
    public void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        new IntuneDeviceStatus(graph).deviceStatuses(enrollment, profile, fleet.versionIds(profile), sink);
    }

    @Override
    public Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment) {
        return new IntuneDeviceTriage(graph).deviceStatus(deviceNameOrSerial, enrollment);
    }

    /**
     * Intune refuses to delete a trusted root that a SCEP profile still uses. scephub deletes its
     * root before its SCEP profile only when the plan replaces both (a platform change, where the
     * SCEP profile is deleted next anyway), so the enrollment's own SCEP profile goes first; its own
     * delete then has nothing left to do.
     */
    private void deleteScepProfileStillBoundTo(String enrollment) {
        DeviceConfiguration scep = index.take(IntuneScepProfile.key(enrollment)).orElse(null);
        if (scep != null) {
            graph.delete(scep.getId());
            deletedWithRoot.add(scep.getId());
            LOG.info("vendor=intune action=delete key={} id={} reason=root-deleted", IntuneScepProfile.key(enrollment), scep.getId());
        }
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

    /**
     * Creates and answers from Graph's 201 body (the SCEP profile's root is the one just bound), so
     * a create costs one request. A create whose outcome is unknown marks the listing stale.
     */
    private ActualResource createProfile(ResourceKey key, DeviceConfiguration body, String boundRootId) {
        DeviceConfiguration answered = index.write(() -> graph.create(body, key.toString()));
        // Graph could answer with another configuration: only one carrying this key's marker is scephub's.
        DeviceConfiguration created = index.written(key, answered.getId(), answered.getDescription(), () -> answered);
        LOG.info("vendor=intune action=create key={} id={}", key, created.getId());
        return toActual(key, created, new ArrayList<>(), boundRootId)
                .orElseThrow(() -> new VendorError("intune", 0, null, null, key + ": created " + created.getId()
                        + " but Graph answered with a " + created.getOdataType()));
    }


    private ActualResource writeAssignment(Resource desired) {
        synchronized (assignmentWrites) {
            return writeAssignmentSet(desired);
        }
    }

    private ActualResource writeAssignmentSet(Resource desired) {
        ResourceKey key = desired.key();
        Map<String, Object> attributes = desired.attributes();
        String rootId = resolved(key, attributes, IntuneAssignment.TRUSTED_ROOT_ID);
        String scepId = resolved(key, attributes, IntuneAssignment.SCEP_PROFILE_ID);
        GroupDirectory directory = groups;
        List<String> include = strings(attributes.get(IntuneAssignment.INCLUDE));
        List<String> exclude = strings(attributes.get(IntuneAssignment.EXCLUDE));
        List<String> all = new ArrayList<>(include);
        all.addAll(exclude);
        directory.resolve(all);
        List<String> includeIds = include.stream().map(name -> directory.idOf(name, key + " include")).toList();
        List<String> excludeIds = exclude.stream().map(name -> directory.idOf(name, key + " exclude")).toList();
        // Both profiles get the same whole set: the root must reach every device the SCEP profile reaches.
        List<DeviceConfigurationAssignment> onRoot = graph.assign(rootId, IntuneAssignment.toGraph(includeIds, excludeIds));
        List<String> waveIds = waveExclusions.getOrDefault(scepId, List.of());
        List<String> scepExcludeIds = new ArrayList<>(excludeIds);
        waveIds.stream().filter(id -> !scepExcludeIds.contains(id)).forEach(scepExcludeIds::add);
        List<DeviceConfigurationAssignment> onScep = graph.assign(scepId, IntuneAssignment.toGraph(includeIds, scepExcludeIds));
        LOG.info("vendor=intune action=assign key={} include={} exclude={} renewal_exclusions={}", key, includeIds.size(),
                excludeIds.size(), waveIds.size());
        List<DeviceConfigurationAssignment> ownScep = onScep.stream().filter(a -> !(a.getTarget() instanceof ExclusionGroupAssignmentTarget e
                && waveIds.contains(e.getGroupId()) && !excludeIds.contains(e.getGroupId()))).toList();
        return assignmentResource(key.name(), rootId, onRoot, scepId, ownScep, directory);
    }

    private ActualResource assignmentResource(String enrollment, String rootId, List<DeviceConfigurationAssignment> onRoot,
                                              String scepId, List<DeviceConfigurationAssignment> onScep, GroupDirectory directory) {
        Map<String, Object> attributes = IntuneAssignment.read(directory, rootId, onRoot, scepId, onScep);
        return new ActualResource(IntuneAssignment.key(enrollment), id(), scepId != null ? scepId : rootId, attributes,
                Map.of(), Set.of(IntuneTrustedRoot.key(enrollment), IntuneScepProfile.key(enrollment)));
    }

    /** The assignments the listing expanded, and any further pages of them. */
    private List<DeviceConfigurationAssignment> assignmentsOf(DeviceConfiguration listed) {
        if (listed.getAssignments() == null) {
            // Graph did not expand them (it may not for every type): read them on their own.
            return graph.assignments(listed.getId());
        }
        List<DeviceConfigurationAssignment> all = new ArrayList<>(listed.getAssignments());
        Object next = listed.getAdditionalData().get(GraphPaths.ASSIGNMENTS + "@odata.nextLink");
        if (next instanceof String link && !link.isBlank()) {
            all.addAll(graph.moreAssignments(listed.getId(), link));
        }
        return all;
    }

    /**
     * Marked configurations by key, made the index; a key marked on more than one object is reported
     * and the one the {@link io.scephub.core.resource.KeepRule} picks is kept.
     */
    private OwnedIndex.Listing<DeviceConfiguration> list(List<DeviceConfiguration> listing, List<String> notices) {
        OwnedIndex.Listing<DeviceConfiguration> owned = index.listing();
        for (DeviceConfiguration configuration : listing) {
            Optional<ResourceKey> marker = OwnershipMarker.find(configuration.getDescription());
            if (marker.isEmpty()) {
                continue;
            }
            ResourceKey key = marker.get();
            if (key.kind().equals(IntuneWaves.KIND)) {
                // A renewal version: the enrollment's fleet and re-enrolment own it, not the plan.
                continue;
            }
            if (!key.kind().equals(IntuneTrustedRoot.KIND) && !key.kind().equals(IntuneScepProfile.KIND)) {
                notices.add("intune: device configuration " + configuration.getId() + " (\"" + configuration.getDisplayName()
                        + "\") carries the marker of " + key + ", which is not an Intune profile kind; left alone");
                continue;
            }
            owned.add(key, configuration.getId(), Optional.ofNullable(configuration.getCreatedDateTime()).map(OffsetDateTime::toInstant),
                    () -> configuration);
        }
        notices.addAll(owned.duplicateNotices());
        index.replace(owned);
        return owned;
    }

    /** One owned profile read on its own (after an update, or adopted after an unknown outcome). */
    private Optional<ActualResource> readProfile(ResourceKey key, String id, Optional<Platform> platform, List<String> notices) {
        // The root link is reachable only through the SCEP type's cast, so only a SCEP profile of a known platform expands it.
        Optional<Platform> scepPlatform = key.kind().equals(IntuneScepProfile.KIND) ? platform : Optional.empty();
        return graph.configuration(id, scepPlatform).flatMap(c -> {
            // Read by id: scephub's only while it carries this key's marker.
            index.requireOwned(key, id, c.getDescription());
            return toActual(key, c, notices);
        });
    }

    private Optional<ActualResource> toActual(ResourceKey key, DeviceConfiguration configuration, List<String> notices) {
        return toActual(key, configuration, notices, null);
    }

    private Optional<ActualResource> toActual(ResourceKey key, DeviceConfiguration configuration, List<String> notices,
                                              String boundRootId) {
        boolean scep = key.kind().equals(IntuneScepProfile.KIND);
        String id = configuration.getId();
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
        if (boundRootId != null) {
            attributes = new LinkedHashMap<>(attributes);
            attributes.put(IntuneScepProfile.ROOT_CERTIFICATE, boundRootId);
        }
        Set<ResourceKey> dependsOn = scep
                ? Set.of(IntuneTrustedRoot.key(enrollment), ScepConfiguration.key(enrollment))
                : Set.of(ScepConfiguration.key(enrollment));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("id", id);
        DatedMarker.REDISTRIBUTED.find(configuration.getDescription()).ifPresent(at -> outputs.put(REDISTRIBUTED_AT, at.toString()));
        return Optional.of(new ActualResource(key, id(), id, attributes, outputs, dependsOn));
    }

    /** The platform of a SCEP profile type name ({@code #microsoft.graph....}), if it is one. */
    static Optional<Platform> scepPlatformOf(String odataType) {
        if (GraphPaths.WINDOWS_SCEP.equals(odataType)) {
            return Optional.of(Platform.WINDOWS);
        }
        return GraphPaths.MACOS_SCEP.equals(odataType) ? Optional.of(Platform.MACOS) : Optional.empty();
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
    public FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        return fleet.fleet(profile, sink);
    }

    @Override
    public void redistribute(ActualResource profile, Redistribution redistribution) {
        synchronized (assignmentWrites) {
            List<String> retired = fleet.redistribute(profile, redistribution);
            if (!retired.isEmpty()) {
                // An assignment write later in this apply keeps these exclusions too.
                Map<String, List<String>> kept = new HashMap<>(waveExclusions);
                List<String> ids = new ArrayList<>(kept.getOrDefault(profile.vendorId(), List.of()));
                retired.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
                kept.put(profile.vendorId(), List.copyOf(ids));
                waveExclusions = Map.copyOf(kept);
            }
        }
    }

    /**
     * Subject, SAN, validity and EKU changes make Intune devices enrol again (SCEPman's re-enrollment trigger table,
     * cited in the README); the other certificate settings devices see are treated alike (unverified there).
     */
    @Override
    public Set<String> reissuingAttributes() {
        return IntuneScepProfile.REISSUING;
    }

    /** The rings' devices enter the assignment of a new profile version, which issues each of them a certificate. */
    @Override
    public boolean reenrolsPerDevice() {
        return true;
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
        out.put(IntuneScepProfile.DESCRIPTION, DatedMarker.REDISTRIBUTED.with(String.valueOf(desired.get(IntuneScepProfile.DESCRIPTION)),
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
