package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.DeviceConfigurationAssignment;
import com.microsoft.graph.beta.models.DirectoryObject;
import com.microsoft.graph.beta.models.ExclusionGroupAssignmentTarget;
import com.microsoft.graph.beta.models.Group;
import com.microsoft.graph.beta.models.GroupAssignmentTarget;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.Platform;
import io.scephub.core.renewal.ReenrolmentImpact;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.text.DisplayName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-wave re-enrolment on Intune. Intune issues a device a certificate when the device enters the assignment of
 * a SCEP profile it holds none from; a description change or the same assignment again issues nothing. So each
 * renewal wave gets a new version of the enrollment's SCEP profile (same settings, same trusted root) assigned to
 * a security group scephub owns, and the rings' devices are added to that group. Once every member holds a
 * certificate from the new version, the group is excluded from the older versions (exclusion wins over inclusion
 * in Intune), which retires the old certificate on those devices; the exclusion on the enrollment's own profile is
 * the record that the wave is retired. Every object carries the marker of {@code intune.renewal-wave/<enrollment>.w<n>}
 * and is found again by it, so a run that stopped half-way is completed by the next one without duplicates. A wave
 * no device depends on any more ({@link #leftovers}) is reported to the plan, which deletes it; a version follows
 * every later change of the enrollment's profile ({@link #follow}).
 */
final class IntuneWaves {
    static final String KIND = "intune.renewal-wave";
    private static final Logger LOG = LoggerFactory.getLogger(IntuneWaves.class);
    private static final Pattern WAVE_NAME = Pattern.compile("^(.+)\\.w([0-9]{1,6})$");
    /** Every wave group's name starts so ({@link #groupName}). */
    private static final String GROUP_PREFIX = "scephub renewal ";
    private static final String DEVICE_TYPE = "#microsoft.graph.device";
    /** Issuance states of a certificate the device holds (Graph beta enum certificateIssuanceStates). */
    private static final Set<String> HELD = Set.of("issued", "installed", "enrollmentSucceeded", "renewVerified",
            "challengeValidationSucceeded");
    /** Graph adds at most 20 members per {@code members@odata.bind} update. */
    private static final int MEMBERS_PER_UPDATE = 20;
    /** Attributes of a leftover wave as the plan shows it: its version's name and id, its group's id (absent when gone). */
    static final String VERSION_NAME = "displayName";
    static final String VERSION_ID = "versionId";
    static final String GROUP_ID = "groupId";
    /** Attribute of a wave group whose version is gone: its name (the group is all that is left to delete). */
    static final String GROUP_NAME = "groupName";

    /**
     * One wave: its profile version as listed, the group it is assigned to (empty if a run stopped before assigning),
     * and whether the enrollment's own profile already excludes that group.
     */
    record Wave(int number, DeviceConfiguration profile, Optional<String> groupId, boolean retired) {
    }

    /** A group carrying a renewal wave's marker (found by name prefix, so also when its version is gone). */
    record WaveGroup(String id, String enrollment, int number) {
    }

    /**
     * The devices (lower-case names) the enrollment's own profile reaches through its configured groups, when that can
     * be told from the groups' direct members: every member of an included or configured excluded group is a device.
     * A group holding a user or a nested group makes the scope unknown, and an unknown scope reaches every device (so a
     * wave's devices are never taken for gone when the enrollment targets users or nested groups).
     */
    record Scope(Optional<Set<String>> devices) {
        static final Scope UNKNOWN = new Scope(Optional.empty());

        boolean reaches(String deviceName) {
            return devices.map(d -> d.contains(deviceName.toLowerCase(Locale.ROOT))).orElse(true);
        }
    }

    private final IntuneGraph graph;
    private final Function<DeviceConfiguration, List<DeviceConfigurationAssignment>> assignmentsOf;

    IntuneWaves(IntuneGraph graph, Function<DeviceConfiguration, List<DeviceConfigurationAssignment>> assignmentsOf) {
        this.graph = graph;
        this.assignmentsOf = assignmentsOf;
    }

    static ResourceKey key(String enrollment, int number) {
        return new ResourceKey(KIND, enrollment + ".w" + number);
    }

    /** The enrollment and wave number a wave key names. */
    static Optional<Map.Entry<String, Integer>> parse(ResourceKey key) {
        Matcher m = key.kind().equals(KIND) ? WAVE_NAME.matcher(key.name()) : null;
        return m != null && m.matches() ? Optional.of(Map.entry(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    static String versionName(Object profileName, int number) {
        return profileName + " (renewal wave " + number + ")";
    }

    static String groupName(String enrollment, int number) {
        return GROUP_PREFIX + enrollment + " wave " + number;
    }

    /** The waves of {@code enrollment} in a configuration listing, oldest first. */
    List<Wave> waves(String enrollment, DeviceConfiguration base, List<DeviceConfiguration> listing) {
        Set<String> excludedOnBase = new HashSet<>(exclusions(assignmentsOf.apply(base)));
        List<Wave> out = new ArrayList<>();
        for (DeviceConfiguration c : listing) {
            Optional<Map.Entry<String, Integer>> wave = OwnershipMarker.find(c.getDescription()).flatMap(IntuneWaves::parse);
            if (wave.isPresent() && wave.get().getKey().equals(enrollment)) {
                Optional<String> group = inclusions(assignmentsOf.apply(c)).stream().findFirst();
                out.add(new Wave(wave.get().getValue(), c, group, group.map(excludedOnBase::contains).orElse(false)));
            }
        }
        out.sort(Comparator.comparingInt(Wave::number));
        return out;
    }

    /**
     * Every group that carries a renewal wave's marker and name, whatever became of its version: one listing by the
     * name prefix all wave groups share.
     */
    List<WaveGroup> ownedGroups() {
        List<WaveGroup> out = new ArrayList<>();
        for (Group group : graph.groupsNamedStartingWith(GROUP_PREFIX)) {
            OwnershipMarker.find(group.getDescription()).flatMap(IntuneWaves::parse)
                    .filter(w -> groupName(w.getKey(), w.getValue()).equals(group.getDisplayName()))
                    .ifPresent(w -> out.add(new WaveGroup(group.getId(), w.getKey(), w.getValue())));
        }
        return out;
    }

    /** The enrollment's scope as its own profile's assignment says ({@link Scope}); wave groups are no configured exclusion. */
    Scope scope(DeviceConfiguration base, Set<String> waveGroupIds) {
        List<DeviceConfigurationAssignment> assignments = assignmentsOf.apply(base);
        if (inclusions(assignments).isEmpty()) {
            // Not assigned (yet, or not to groups): nothing tells which devices are the enrollment's.
            return Scope.UNKNOWN;
        }
        Set<String> devices = new HashSet<>();
        for (String group : inclusions(assignments)) {
            if (!addDevices(group, devices)) {
                return Scope.UNKNOWN;
            }
        }
        Set<String> excluded = new HashSet<>();
        for (String group : exclusions(assignments)) {
            if (!waveGroupIds.contains(group) && !addDevices(group, excluded)) {
                return Scope.UNKNOWN;
            }
        }
        devices.removeAll(excluded);
        return new Scope(Optional.of(devices));
    }

    /** Adds a group's device members (lower-case names); false when it holds anything but devices. */
    private boolean addDevices(String groupId, Set<String> into) {
        for (DirectoryObject member : graph.members(groupId)) {
            boolean device = member instanceof com.microsoft.graph.beta.models.Device || DEVICE_TYPE.equals(member.getOdataType());
            Optional<String> name = name(member);
            if (!device || name.isEmpty()) {
                return false;
            }
            into.add(name.get().toLowerCase(Locale.ROOT));
        }
        return true;
    }

    /** The enrollment's scope, with every group scephub's waves use (by version and by marker) told apart from its own. */
    Scope scope(DeviceConfiguration base, List<DeviceConfiguration> listing, List<WaveGroup> owned) {
        Set<String> waveGroups = waveGroupIds(listing);
        owned.forEach(g -> waveGroups.add(g.id()));
        return scope(base, waveGroups);
    }

    /** The groups of every wave in a listing: their exclusions on an enrollment's profile are scephub's, not drift. */
    Set<String> waveGroupIds(List<DeviceConfiguration> listing) {
        Set<String> ids = new HashSet<>();
        for (DeviceConfiguration c : listing) {
            if (OwnershipMarker.find(c.getDescription()).flatMap(IntuneWaves::parse).isPresent()) {
                ids.addAll(inclusions(assignmentsOf.apply(c)));
            }
        }
        return ids;
    }

    /** Device names (lower case) holding a certificate from a profile version, by its certificate states. */
    Set<String> holders(String profileId, Platform platform) {
        Set<String> names = new HashSet<>();
        graph.certificateStates(profileId, platform, (JsonNode state) -> {
            if (HELD.contains(state.path("certificateIssuanceState").asText(""))) {
                names.add(state.path("deviceDisplayName").asText("").toLowerCase(Locale.ROOT));
            }
        });
        return names;
    }

    /**
     * Whether every member of an open wave's group that the enrollment still reaches holds a certificate from its profile
     * version (and there is one): a device that left the enrollment's groups never enrols again and holds up nothing.
     */
    Optional<String> complete(Wave wave, Platform platform, Scope scope) {
        if (wave.retired() || wave.groupId().isEmpty()) {
            return Optional.empty();
        }
        List<DirectoryObject> members = graph.members(wave.groupId().get()).stream()
                .filter(m -> name(m).map(scope::reaches).orElse(true)).toList();
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Set<String> holders = holders(wave.profile().getId(), platform);
        boolean all = members.stream().allMatch(m -> name(m).map(n -> holders.contains(n.toLowerCase(Locale.ROOT))).orElse(false));
        return all ? Optional.of("retire the old profile version for renewal wave " + wave.number() + ": all " + members.size()
                + " device" + (members.size() == 1 ? "" : "s") + " of group " + DisplayName.quote(groupName(enrollmentOf(wave), wave.number()))
                + " hold a certificate from " + DisplayName.quote(wave.profile().getDisplayName())) : Optional.empty();
    }

    /**
     * What {@code redistribute} does on Intune: retire the waves whose devices all re-enrolled, then add the devices
     * the rings chose to the open wave (made if there is none), each step found again if it was done before. Answers
     * the groups it excluded on the enrollment's profile.
     */
    List<String> redistribute(ActualResource profile, Platform platform, List<String> deviceNames) {
        String enrollment = profile.key().name();
        List<DeviceConfiguration> listing = graph.listConfigurations();
        DeviceConfiguration base = listing.stream().filter(c -> profile.vendorId().equals(c.getId())).findFirst()
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        List<Wave> waves = waves(enrollment, base, listing);
        List<WaveGroup> owned = ownedGroups();
        Scope scope = waves.isEmpty() ? Scope.UNKNOWN : scope(base, listing, owned);
        Set<Integer> retiredNow = new HashSet<>();
        List<String> retiredGroups = new ArrayList<>();
        for (Wave wave : waves) {
            if (complete(wave, platform, scope).isPresent()) {
                retire(wave, base, waves);
                retiredNow.add(wave.number());
                retiredGroups.add(wave.groupId().orElseThrow());
            }
        }
        if (deviceNames.isEmpty()) {
            return retiredGroups;
        }
        // Only the newest wave can be open: an older one without a group is one whose delete stopped half-way.
        Optional<Wave> open = waves.isEmpty() ? Optional.empty() : Optional.of(waves.get(waves.size() - 1))
                .filter(w -> !w.retired() && !retiredNow.contains(w.number()));
        // A new wave's number is above every group's too: a group whose version was deleted by hand is the plan's to delete.
        int number = open.map(Wave::number).orElseGet(() -> Math.max(waves.stream().mapToInt(Wave::number).max().orElse(0),
                owned.stream().filter(g -> g.enrollment().equals(enrollment)).mapToInt(WaveGroup::number).max().orElse(0)) + 1);
        String groupId = open.flatMap(Wave::groupId).orElseGet(() -> ensureGroup(profile, number));
        DeviceConfiguration version = open.map(Wave::profile).orElseGet(() -> createVersion(profile, platform, number));
        if (open.flatMap(Wave::groupId).isEmpty()) {
            List<String> baseExclusions = new ArrayList<>(exclusions(assignmentsOf.apply(base)));
            baseExclusions.removeAll(waveGroupIds(listing));
            baseExclusions.removeAll(owned.stream().map(WaveGroup::id).toList());
            graph.assign(version.getId(), IntuneAssignment.toGraph(List.of(groupId), baseExclusions));
            LOG.info("vendor=intune action=assign-wave key={} id={} group={}", key(enrollment, number), version.getId(), groupId);
        }
        addMembers(profile, groupId, version.getId(), platform, deviceNames);
        return retiredGroups;
    }

    /** Excludes the wave's group from every older version, then from the enrollment's own profile (the record). */
    private void retire(Wave wave, DeviceConfiguration base, List<Wave> waves) {
        String groupId = wave.groupId().orElseThrow();
        for (Wave older : waves) {
            if (older.number() < wave.number()) {
                exclude(older.profile(), groupId);
            }
        }
        exclude(base, groupId);
        LOG.info("vendor=intune action=retire-wave key={} group={}", key(enrollmentOf(wave), wave.number()), groupId);
    }

    private void exclude(DeviceConfiguration configuration, String groupId) {
        List<DeviceConfigurationAssignment> current = assignmentsOf.apply(configuration);
        List<String> exclusions = new ArrayList<>(exclusions(current));
        if (exclusions.contains(groupId)) {
            return;
        }
        exclusions.add(groupId);
        assignIfPresent(configuration.getId(), IntuneAssignment.toGraph(inclusions(current), exclusions));
    }

    /** An assignment write to a version a concurrent delete already removed has nothing left to do. */
    private void assignIfPresent(String configurationId, List<DeviceConfigurationAssignment> assignments) {
        try {
            graph.assign(configurationId, assignments);
        } catch (VendorError e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** The wave's group, found by its name and marker when a previous run made it, else created. */
    private String ensureGroup(ActualResource profile, int number) {
        String enrollment = profile.key().name();
        String name = groupName(enrollment, number);
        ResourceKey key = key(enrollment, number);
        Optional<String> found = ownedGroup(enrollment, number);
        if (found.isPresent()) {
            return found.get();
        }
        Group body = new Group();
        body.setDisplayName(name);
        body.setDescription(OwnershipMarker.append("Devices scephub re-enrols with a new version of " + profile.key()
                + "; scephub adds them and retires the old version.", key));
        body.setMailEnabled(false);
        body.setSecurityEnabled(true);
        body.setMailNickname(mailNickname(enrollment, number));
        Group created = graph.createGroup(body);
        LOG.info("vendor=intune action=create-group key={} id={}", key, created.getId());
        return created.getId();
    }

    /**
     * A new version of the enrollment's SCEP profile: the same settings and trusted root, its own name and marker.
     * The settings are the profile's as Graph holds it now, not as the plan read it: an update planned with this
     * redistribution ran before it (a subject or validity change reaches the new version too).
     */
    private DeviceConfiguration createVersion(ActualResource planned, Platform platform, int number) {
        ActualResource profile = current(planned, platform);
        ResourceKey key = key(profile.key().name(), number);
        Map<String, Object> attributes = new LinkedHashMap<>(profile.attributes());
        attributes.put(IntuneScepProfile.DISPLAY_NAME, versionName(attributes.get(IntuneScepProfile.DISPLAY_NAME), number));
        attributes.put(IntuneScepProfile.DESCRIPTION, "New version of " + profile.key() + " for the devices of renewal wave "
                + number + "; scephub retires the older versions on them.");
        Set<String> properties = new LinkedHashSet<>(attributes.keySet());
        properties.remove(IntuneScepProfile.PLATFORM);
        properties.remove(IntuneScepProfile.ROOT_CERTIFICATE);
        DeviceConfiguration body = IntuneScepProfile.toGraph(platform, key, attributes, properties);
        Object rootId = profile.attributes().get(IntuneScepProfile.ROOT_CERTIFICATE);
        if (!(rootId instanceof String root) || root.isBlank()) {
            throw new IllegalStateException(profile.key() + " has no trusted root to bind its renewal version to");
        }
        Map<String, Object> additional = new HashMap<>(body.getAdditionalData());
        additional.put(GraphPaths.ROOT_CERTIFICATE_BIND, GraphPaths.configurationUrl(graph.graphBaseUrl(), root));
        body.setAdditionalData(additional);
        DeviceConfiguration created = graph.create(body, key.toString());
        LOG.info("vendor=intune action=create-version key={} id={}", key, created.getId());
        return created;
    }

    /** The enrollment's profile as Graph holds it now (settings and root), read once with its root link. */
    private ActualResource current(ActualResource planned, Platform platform) {
        DeviceConfiguration now = graph.configuration(planned.vendorId(), Optional.of(platform))
                .orElseThrow(() -> new VendorError("intune", 404, null, null, planned.key() + ": profile " + planned.vendorId() + " is gone"));
        Map<String, Object> attributes = new LinkedHashMap<>(IntuneScepProfile.attributes(now, platform));
        if (attributes.get(IntuneScepProfile.ROOT_CERTIFICATE) == null) {
            attributes.put(IntuneScepProfile.ROOT_CERTIFICATE, planned.attributes().get(IntuneScepProfile.ROOT_CERTIFICATE));
        }
        return new ActualResource(planned.key(), planned.connector(), planned.vendorId(), attributes, planned.outputs(), planned.dependsOn());
    }

    /**
     * Makes every version of the enrollment follow a change of its profile: the changed settings (a new name keeps
     * the version's suffix; its description stays its own) and the trusted root. A setting devices see re-issues the
     * version's certificates as it re-issues the profile's, which the plan counts for the profile's update: it counts
     * every device holding a certificate of the enrollment, from any version. The versions are those of the plan's
     * read ({@code listing}); one made later in the same apply is made from the changed profile.
     */
    void follow(String enrollment, List<DeviceConfiguration> listing, Platform platform, Map<String, Object> attributes, Set<String> changed,
                Optional<String> newRoot) {
        Set<String> properties = new LinkedHashSet<>(changed);
        properties.remove(IntuneScepProfile.DESCRIPTION);
        properties.remove(IntuneScepProfile.PLATFORM);
        properties.remove(IntuneScepProfile.ROOT_CERTIFICATE);
        if (properties.isEmpty() && newRoot.isEmpty()) {
            return;
        }
        for (DeviceConfiguration version : listing) {
            Optional<Map.Entry<String, Integer>> wave = OwnershipMarker.find(version.getDescription()).flatMap(IntuneWaves::parse);
            if (wave.isEmpty() || !wave.get().getKey().equals(enrollment)) {
                continue;
            }
            int number = wave.get().getValue();
            ResourceKey key = key(enrollment, number);
            if (newRoot.isPresent()) {
                graph.setRootCertificate(version.getId(), platform, newRoot.get());
            }
            if (!properties.isEmpty()) {
                Map<String, Object> values = new LinkedHashMap<>(attributes);
                values.put(IntuneScepProfile.DISPLAY_NAME, versionName(attributes.get(IntuneScepProfile.DISPLAY_NAME), number));
                graph.patch(version.getId(), IntuneScepProfile.toGraph(platform, key, values, properties));
            }
            LOG.info("vendor=intune action=follow-profile key={} id={} properties={} root={}", key, version.getId(), properties,
                    newRoot.isPresent());
        }
    }

    /**
     * The waves no device depends on any more, reported to the plan as owned objects it does not desire, so it deletes
     * them (each re-enrols no device, but see {@link #orphan}): every wave of an enrollment scephub.yaml no longer names,
     * or whose platform changed (a version is a SCEP profile of its platform's type, bound to a trusted root of that
     * platform: it cannot follow the enrollment's new profile, and new waves are made from that when they are due); of a
     * named one every wave but the newest none of whose devices the enrollment still reaches holds only its certificate
     * ({@link #superseded}); and every wave group whose version is gone. A wave whose enrollment's profile is missing is
     * kept (the plan creates that profile anew first). The wave groups are listed (one request) only when an enrollment
     * has a renewal policy ({@code renewing}) or a version exists.
     */
    List<ActualResource> leftovers(Map<String, Platform> desired, boolean renewing, Map<String, DeviceConfiguration> bases,
                                   List<DeviceConfiguration> listing) {
        Map<String, List<DeviceConfiguration>> versions = new java.util.TreeMap<>();
        for (DeviceConfiguration c : listing) {
            OwnershipMarker.find(c.getDescription()).flatMap(IntuneWaves::parse)
                    .ifPresent(w -> versions.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(c));
        }
        List<WaveGroup> owned = renewing || !versions.isEmpty() ? ownedGroups() : List.of();
        Set<String> versioned = new HashSet<>();
        versions.forEach((enrollment, own) -> own.forEach(v -> versioned.add(key(enrollment, number(v)).name())));
        List<ActualResource> out = new ArrayList<>();
        versions.forEach((enrollment, own) -> {
            Platform platform = desired.get(enrollment);
            boolean samePlatform = platform != null && own.stream().allMatch(v -> IntuneConnector.scepPlatformOf(v.getOdataType())
                    .map(platform::equals).orElse(false));
            if (!samePlatform) {
                for (DeviceConfiguration version : own) {
                    int number = number(version);
                    Optional<String> group = inclusions(assignmentsOf.apply(version)).stream().findFirst()
                            .or(() -> ownedGroup(enrollment, number));
                    out.add(leftover(enrollment, number, version, group));
                }
            } else if (bases.containsKey(enrollment)) {
                DeviceConfiguration base = bases.get(enrollment);
                List<Wave> waves = waves(enrollment, base, listing);
                Scope scope = waves.size() < 2 ? Scope.UNKNOWN : scope(base, listing, owned);
                out.addAll(superseded(enrollment, waves, scope));
            }
        });
        for (WaveGroup group : owned) {
            if (!versioned.contains(key(group.enrollment(), group.number()).name())) {
                out.add(orphan(group, bases.get(group.enrollment()), listing, owned));
            }
        }
        return out;
    }

    /**
     * The devices (lower-case names) the plan's delete of {@code enrollment}'s wave groups whose version is gone lets back
     * into its own profile's assignment ({@link #orphan}), which enrols them anew: the members of such a group the profile
     * excludes (a retired wave) that the enrollment reaches. They are no one's to push in a wave as well. The wave groups
     * are listed only when the profile excludes a group no version of the listing is assigned to; {@code versions} are
     * the enrollment's {@link #waves} in that listing, and {@code owned} and {@code scope} the caller's reads of
     * {@link #ownedGroups} and the enrollment's {@link Scope}, made when needed.
     */
    Set<String> readmitted(String enrollment, DeviceConfiguration base, List<DeviceConfiguration> listing, List<Wave> versions,
                           Supplier<List<WaveGroup>> owned, Supplier<Scope> scope) {
        List<String> excluded = exclusions(assignmentsOf.apply(base));
        if (waveGroupIds(listing).containsAll(excluded)) {
            return Set.of();
        }
        Set<Integer> versioned = new HashSet<>();
        versions.forEach(w -> versioned.add(w.number()));
        Set<String> out = new HashSet<>();
        for (WaveGroup group : owned.get()) {
            if (group.enrollment().equals(enrollment) && !versioned.contains(group.number()) && excluded.contains(group.id())) {
                memberNames(group.id()).stream().filter(scope.get()::reaches).forEach(out::add);
            }
        }
        return out;
    }

    private static int number(DeviceConfiguration version) {
        return OwnershipMarker.find(version.getDescription()).flatMap(IntuneWaves::parse).orElseThrow().getValue();
    }

    /**
     * A wave group whose version someone deleted in the tenant (Intune removed the version's certificates with it). Its
     * delete takes the group out of the exclusions of the enrollment's profile and versions and deletes it: scephub
     * never makes a version for an old number again, so the group would otherwise stay for good. Devices of a wave that
     * was retired hold no certificate of the enrollment any more (the version's is gone, the profile excludes them): the
     * delete lets them back into the profile's assignment, so each it still reaches enrols anew, and the plan counts them
     * ({@link ReenrolmentImpact#REENROLS}). Those of an open wave still hold the profile's certificate and stay due.
     */
    private ActualResource orphan(WaveGroup group, DeviceConfiguration base, List<DeviceConfiguration> listing, List<WaveGroup> owned) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(GROUP_NAME, groupName(group.enrollment(), group.number()));
        attributes.put(GROUP_ID, group.id());
        int reenrols = 0;
        if (base != null && exclusions(assignmentsOf.apply(base)).contains(group.id())) {
            Scope scope = scope(base, listing, owned);
            reenrols = (int) memberNames(group.id()).stream().filter(scope::reaches).count();
        }
        attributes.put(ReenrolmentImpact.REENROLS, reenrols);
        LOG.info("vendor=intune action=orphan-wave-group key={} group={} reenrols={}", key(group.enrollment(), group.number()),
                group.id(), reenrols);
        return new ActualResource(key(group.enrollment(), group.number()), IntuneConnectorProvider.ID, group.id(), attributes, Map.of(),
                Set.of(IntuneTrustedRoot.key(group.enrollment()), IntuneScepProfile.key(group.enrollment())));
    }

    /**
     * The waves but the newest each device of which the enrollment still reaches holds a certificate from a newer
     * retired wave it is a member of. A device that left the enrollment's groups ({@code scope}) holds up no wave: it is
     * never pushed again, and deleting the wave removes the certificate it has no business holding any more.
     */
    private List<ActualResource> superseded(String enrollment, List<Wave> waves, Scope scope) {
        List<ActualResource> out = new ArrayList<>();
        Map<Integer, Set<String>> moved = new HashMap<>();
        for (int i = 0; i < waves.size() - 1; i++) {
            Wave wave = waves.get(i);
            Optional<String> group = wave.groupId().or(() -> ownedGroup(enrollment, wave.number()));
            Set<String> devices = new HashSet<>(group.map(this::memberNames).orElse(Set.of()));
            devices.removeIf(d -> !scope.reaches(d));
            Set<String> renewed = new HashSet<>();
            for (Wave newer : waves.subList(i + 1, waves.size())) {
                if (newer.retired()) {
                    renewed.addAll(moved.computeIfAbsent(newer.number(), n -> renewedIn(newer)));
                }
            }
            if (renewed.containsAll(devices)) {
                out.add(leftover(enrollment, wave.number(), wave.profile(), group));
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("vendor=intune action=keep-wave key={} devices_on_it={}", key(enrollment, wave.number()),
                        devices.stream().filter(d -> !renewed.contains(d)).count());
            }
        }
        return out;
    }

    /** The members of a retired wave's group that hold a certificate from its version (lower-case names). */
    private Set<String> renewedIn(Wave wave) {
        Set<String> members = memberNames(wave.groupId().orElseThrow());
        Platform platform = IntuneConnector.scepPlatformOf(wave.profile().getOdataType()).orElse(Platform.WINDOWS);
        members.retainAll(holders(wave.profile().getId(), platform));
        return members;
    }

    private Set<String> memberNames(String groupId) {
        Set<String> names = new HashSet<>();
        graph.members(groupId).forEach(m -> name(m).ifPresent(n -> names.add(n.toLowerCase(Locale.ROOT))));
        return names;
    }

    private static ActualResource leftover(String enrollment, int number, DeviceConfiguration version, Optional<String> group) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(VERSION_NAME, version.getDisplayName());
        attributes.put(VERSION_ID, version.getId());
        group.ifPresent(g -> attributes.put(GROUP_ID, g));
        // Bound to the enrollment's trusted root and excluded on its profile: deleted before either.
        return new ActualResource(key(enrollment, number), IntuneConnectorProvider.ID, version.getId(), attributes, Map.of(),
                Set.of(IntuneTrustedRoot.key(enrollment), IntuneScepProfile.key(enrollment)));
    }

    /**
     * Deletes a wave the plan found left over: its group leaves the exclusions of the enrollment's profiles (its
     * devices stay excluded through the newer wave that renewed them), the version's assignment goes (which removes
     * the version's certificate from any device it still reaches: none, or the plan would not delete it), the group,
     * then the version. Each step is checked against scephub's marker and counts as done when already done, so a
     * delete that stopped half-way is found and finished by the next plan. Answers the group deleted, if any.
     */
    Optional<String> delete(ActualResource wave) {
        Map.Entry<String, Integer> id = parse(wave.key())
                .orElseThrow(() -> new IllegalArgumentException(wave.key() + " is not a renewal wave"));
        String enrollment = id.getKey();
        List<DeviceConfiguration> listing = graph.listConfigurations();
        Optional<DeviceConfiguration> version = listing.stream().filter(c -> wave.vendorId().equals(c.getId())).findFirst();
        if (version.isPresent() && !OwnershipMarker.find(version.get().getDescription()).map(wave.key()::equals).orElse(false)) {
            throw new io.scephub.core.error.OwnershipUnproven(wave.key() + ": device configuration " + wave.vendorId()
                    + " no longer carries scephub's marker for it; left alone", false);
        }
        Optional<String> group = ownedGroup(enrollment, id.getValue());
        group.ifPresent(g -> stripExclusion(enrollment, g, listing));
        version.ifPresent(v -> assignIfPresent(v.getId(), List.of()));
        group.ifPresent(graph::deleteGroup);
        version.ifPresent(v -> graph.delete(v.getId()));
        LOG.info("vendor=intune action=delete-wave key={} id={} group={}", wave.key(), wave.vendorId(), group.orElse("-"));
        return group;
    }

    /** Removes a wave group's exclusion from the enrollment's own profile and its versions (only those carrying its marker). */
    private void stripExclusion(String enrollment, String groupId, List<DeviceConfiguration> listing) {
        for (DeviceConfiguration c : listing) {
            Optional<ResourceKey> marker = OwnershipMarker.find(c.getDescription());
            boolean own = marker.map(IntuneScepProfile.key(enrollment)::equals).orElse(false)
                    || marker.flatMap(IntuneWaves::parse).map(w -> w.getKey().equals(enrollment)).orElse(false);
            if (!own) {
                continue;
            }
            List<DeviceConfigurationAssignment> current = assignmentsOf.apply(c);
            List<String> exclusions = new ArrayList<>(exclusions(current));
            if (exclusions.remove(groupId)) {
                assignIfPresent(c.getId(), IntuneAssignment.toGraph(inclusions(current), exclusions));
            }
        }
    }

    /** The wave's group if Entra has one by its name carrying its marker: only such a group is scephub's. */
    private Optional<String> ownedGroup(String enrollment, int number) {
        ResourceKey key = key(enrollment, number);
        return graph.groupsNamedWithDescription(groupName(enrollment, number)).stream()
                .filter(g -> OwnershipMarker.find(g.getDescription()).map(key::equals).orElse(false))
                .map(Group::getId).findFirst();
    }

    /**
     * Adds the devices to the wave's group, 20 per update. A device already in it that still holds no certificate
     * from the version leaves the group and enters it again: Intune delivers a profile on entering its assignment.
     * A name Entra knows no device (or several devices) by is skipped; it stays due and is reported once stuck.
     */
    private void addMembers(ActualResource profile, String groupId, String versionId, Platform platform, List<String> deviceNames) {
        Map<String, List<com.microsoft.graph.beta.models.Device>> found = graph.devicesNamed(deviceNames);
        Set<String> members = new HashSet<>();
        graph.members(groupId).forEach(m -> members.add(m.getId()));
        Set<String> holders = holders(versionId, platform);
        List<String> add = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (String name : deviceNames) {
            List<com.microsoft.graph.beta.models.Device> devices = found.getOrDefault(name, List.of());
            if (devices.size() != 1) {
                unresolved.add(DisplayName.quote(name) + " (" + devices.size() + " Entra devices)");
                continue;
            }
            String id = devices.get(0).getId();
            if (members.contains(id)) {
                if (holders.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                graph.removeMember(groupId, id);
            }
            add.add(id);
        }
        for (int from = 0; from < add.size(); from += MEMBERS_PER_UPDATE) {
            graph.addMembers(groupId, add.subList(from, Math.min(add.size(), from + MEMBERS_PER_UPDATE)));
        }
        if (!unresolved.isEmpty()) {
            LOG.warn("vendor=intune action=redistribute key={} skipped={} reason=no-single-entra-device", profile.key(), unresolved);
        }
        LOG.info("vendor=intune action=redistribute key={} group={} added={}", profile.key(), groupId, add.size());
    }

    private static String enrollmentOf(Wave wave) {
        return OwnershipMarker.find(wave.profile().getDescription()).flatMap(IntuneWaves::parse).map(Map.Entry::getKey).orElse("?");
    }

    /** A mail nickname Entra accepts (required even for security groups): letters, digits and dashes, at most 64. */
    static String mailNickname(String enrollment, int number) {
        String suffix = "-w" + number;
        String base = ("scephub-renewal-" + enrollment).replaceAll("[^A-Za-z0-9-]", "-");
        return base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
    }

    private static Optional<String> name(DirectoryObject member) {
        if (member instanceof com.microsoft.graph.beta.models.Device device && device.getDisplayName() != null) {
            return Optional.of(device.getDisplayName());
        }
        Object name = member.getAdditionalData().get("displayName");
        return name instanceof String s ? Optional.of(s) : Optional.empty();
    }

    static List<String> inclusions(List<DeviceConfigurationAssignment> assignments) {
        List<String> ids = new ArrayList<>();
        for (DeviceConfigurationAssignment a : assignments == null ? List.<DeviceConfigurationAssignment>of() : assignments) {
            if (a.getTarget() instanceof GroupAssignmentTarget g && !(a.getTarget() instanceof ExclusionGroupAssignmentTarget)
                    && g.getGroupId() != null) {
                ids.add(g.getGroupId());
            }
        }
        return ids;
    }

    static List<String> exclusions(List<DeviceConfigurationAssignment> assignments) {
        List<String> ids = new ArrayList<>();
        for (DeviceConfigurationAssignment a : assignments == null ? List.<DeviceConfigurationAssignment>of() : assignments) {
            if (a.getTarget() instanceof ExclusionGroupAssignmentTarget e && e.getGroupId() != null) {
                ids.add(e.getGroupId());
            }
        }
        return ids;
    }
}
