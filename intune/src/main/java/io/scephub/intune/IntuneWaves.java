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
 * and is found again by it, so a run that stopped half-way is completed by the next one without duplicates.
 */
final class IntuneWaves {
    static final String KIND = "intune.renewal-wave";
    private static final Logger LOG = LoggerFactory.getLogger(IntuneWaves.class);
    private static final Pattern WAVE_NAME = Pattern.compile("^(.+)\\.w([0-9]{1,6})$");
    /** Issuance states of a certificate the device holds (Graph beta enum certificateIssuanceStates). */
    private static final Set<String> HELD = Set.of("issued", "installed", "enrollmentSucceeded", "renewVerified",
            "challengeValidationSucceeded");
    /** Graph adds at most 20 members per {@code members@odata.bind} update. */
    private static final int MEMBERS_PER_UPDATE = 20;

    /**
     * One wave: its profile version as listed, the group it is assigned to (empty if a run stopped before assigning),
     * and whether the enrollment's own profile already excludes that group.
     */
    record Wave(int number, DeviceConfiguration profile, Optional<String> groupId, boolean retired) {
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

    static String groupName(String enrollment, int number) {
        return "scephub renewal " + enrollment + " wave " + number;
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

    /** Whether every member of an open wave's group holds a certificate from its profile version (and it has members). */
    Optional<String> complete(Wave wave, Platform platform) {
        if (wave.retired() || wave.groupId().isEmpty()) {
            return Optional.empty();
        }
        List<DirectoryObject> members = graph.members(wave.groupId().get());
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
     * the rings chose to the open wave (made if there is none), each step found again if it was done before.
     */
    void redistribute(ActualResource profile, Platform platform, List<String> deviceNames) {
        String enrollment = profile.key().name();
        List<DeviceConfiguration> listing = graph.listConfigurations();
        DeviceConfiguration base = listing.stream().filter(c -> profile.vendorId().equals(c.getId())).findFirst()
                .orElseThrow(() -> new VendorError("intune", 404, null, null, profile.key() + ": profile " + profile.vendorId() + " is gone"));
        List<Wave> waves = waves(enrollment, base, listing);
        Set<Integer> retiredNow = new HashSet<>();
        for (Wave wave : waves) {
            if (complete(wave, platform).isPresent()) {
                retire(wave, base, waves);
                retiredNow.add(wave.number());
            }
        }
        if (deviceNames.isEmpty()) {
            return;
        }
        Optional<Wave> open = waves.stream().filter(w -> !w.retired() && !retiredNow.contains(w.number())).reduce((a, b) -> b);
        int number = open.map(Wave::number).orElseGet(() -> waves.stream().mapToInt(Wave::number).max().orElse(0) + 1);
        String groupId = open.flatMap(Wave::groupId).orElseGet(() -> ensureGroup(profile, number));
        DeviceConfiguration version = open.map(Wave::profile).orElseGet(() -> createVersion(profile, platform, number));
        if (open.flatMap(Wave::groupId).isEmpty()) {
            List<String> baseExclusions = new ArrayList<>(exclusions(assignmentsOf.apply(base)));
            baseExclusions.removeAll(waveGroupIds(listing));
            graph.assign(version.getId(), IntuneAssignment.toGraph(List.of(groupId), baseExclusions));
            LOG.info("vendor=intune action=assign-wave key={} id={} group={}", key(enrollment, number), version.getId(), groupId);
        }
        addMembers(profile, groupId, version.getId(), platform, deviceNames);
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
        graph.assign(configuration.getId(), IntuneAssignment.toGraph(inclusions(current), exclusions));
    }

    /** The wave's group, found by its name and marker when a previous run made it, else created. */
    private String ensureGroup(ActualResource profile, int number) {
        String enrollment = profile.key().name();
        String name = groupName(enrollment, number);
        ResourceKey key = key(enrollment, number);
        for (Group found : graph.groupsNamedWithDescription(name)) {
            if (OwnershipMarker.find(found.getDescription()).map(key::equals).orElse(false)) {
                return found.getId();
            }
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

    /** A new version of the enrollment's SCEP profile: the same settings and trusted root, its own name and marker. */
    private DeviceConfiguration createVersion(ActualResource profile, Platform platform, int number) {
        ResourceKey key = key(profile.key().name(), number);
        Map<String, Object> attributes = new LinkedHashMap<>(profile.attributes());
        attributes.put(IntuneScepProfile.DISPLAY_NAME, attributes.get(IntuneScepProfile.DISPLAY_NAME) + " (renewal wave " + number + ")");
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
