package io.scephub.jamf;

import io.scephub.core.error.VendorError;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.text.DisplayName;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-enrols only the Macs the renewal rings chose ({@code mdm.jamf.renewal.reenrol: wave}). Jamf has no call that sends
 * one profile again to one computer; what it does on its own is remove a profile from a computer that leaves the
 * profile's scope and install it on a computer that enters it. So for each re-enrolment the enrollment gets a hub-owned
 * static computer group, {@code scephub renewal <enrollment>}, put into the profile's exclusions: the chosen Macs are
 * added to it (they leave the scope) and removed again (they re-enter it, install the profile and enrol anew with a
 * challenge from the SCEPChallenge webhook); then the group, empty, leaves the exclusions and is deleted, so nothing is
 * left at rest. Every step is safe to repeat: the group is found by name before it is made, the exclusion is written
 * only when missing, members left by an interrupted run are let back in first, and a group an interrupted run left
 * empty is deleted by the plan ({@link #leftover}).
 * Whether Jamf sends both the removal and the install when a computer leaves and re-enters the scope between two of
 * its check-ins is unverified (jamf/README.md).
 */
final class JamfWaveReenrolment {
    /** The hub-owned exclusion group's name is this plus the enrollment name. */
    static final String GROUP_PREFIX = "scephub renewal ";
    /** The renewal group as the plan shows a leftover one it deletes. */
    static final String KIND = "jamf.renewal-group";
    /** Attributes of a leftover group: its name and the id of the profile whose exclusions prove it scephub's. */
    static final String ATTR_NAME = "name";
    static final String ATTR_PROFILE_ID = "profileId";
    /** Attribute of a leftover group whose enrollment left scephub.yaml: the Macs still in it, let out before it goes. */
    static final String ATTR_MACS = "macs";
    /** Output of an owned profile: the id of the renewal group in its exclusions. */
    static final String RENEWAL_GROUP_ID = "renewalGroupId";
    private static final Logger LOG = LoggerFactory.getLogger(JamfWaveReenrolment.class);

    private final JamfClient client;

    JamfWaveReenrolment(JamfClient client) {
        this.client = client;
    }

    static String groupName(String enrollment) {
        return GROUP_PREFIX + enrollment;
    }

    /** Whether {@code name} is the renewal group of some enrollment (left out of the profile's compared exclusions). */
    static boolean isRenewalGroup(String name) {
        return name != null && name.startsWith(GROUP_PREFIX);
    }

    /**
     * What an interrupted run left undone: Macs still in the renewal group are out of the profile's scope and hold no
     * certificate from it. One line when there are some (the planner then plans a redistribution that lets them back in).
     */
    List<String> owed(JamfXml.Profile stored, ActualResource profile) {
        String name = groupName(profile.key().name());
        List<JamfXml.Ref> excluded = stored.scope == null || stored.scope.exclusions == null ? List.of() : stored.scope.exclusions.computerGroups;
        Optional<Long> id = excluded.stream().filter(g -> name.equals(g.name) && g.id != null).map(g -> g.id).findFirst();
        int left = id.flatMap(client::group).map(g -> (int) g.computers.stream().filter(c -> c.id != null).count()).orElse(0);
        if (left == 0) {
            return List.of();
        }
        return List.of("let " + left + " Mac" + (left == 1 ? "" : "s") + " an interrupted re-enrolment left in " + DisplayName.quote(name)
                + " back into the scope");
    }

    void reenrol(JamfXml.Profile stored, ActualResource profile, Redistribution redistribution) {
        String name = groupName(profile.key().name());
        if (redistribution.deviceIds().isEmpty() && client.listGroups().stream().noneMatch(g -> name.equals(g.name))) {
            return;
        }
        long groupId = ensureGroup(stored, name, profile);
        if (redistribution.deviceIds().isEmpty()) {
            release(profile.key(), Long.parseLong(profile.vendorId()), groupId);
            return;
        }
        ensureExcluded(stored, profile, groupId, name);
        List<JamfXml.Ref> chosen = redistribution.deviceIds().stream().map(id -> new JamfXml.Ref(Long.parseLong(id), null)).toList();
        // Out of the scope: Jamf queues the profile's removal for these Macs ...
        JamfXml.GroupWrite leave = new JamfXml.GroupWrite();
        leave.additions = new JamfXml.Computers(chosen);
        client.updateGroup(groupId, leave);
        // ... and back in: Jamf queues its install, which makes each Mac enrol for a new certificate.
        JamfXml.GroupWrite enter = new JamfXml.GroupWrite();
        enter.deletions = new JamfXml.Computers(chosen);
        client.updateGroup(groupId, enter);
        LOG.info("vendor=jamf action=reenrol key={} id={} group={} computers={} at={}", profile.key(), profile.vendorId(), groupId,
                chosen.size(), redistribution.plannedAt());
        release(profile.key(), Long.parseLong(profile.vendorId()), groupId);
    }

    /**
     * The enrollment's renewal group if an interrupted run left it empty in the profile's exclusions: nothing needs it,
     * and deleting it re-enrols no Mac. One that still holds Macs is owed to them ({@link #owed}) while the enrollment is
     * in scephub.yaml (the redistribution that lets them back in deletes it); once the enrollment left it, the group goes
     * with the profile, Macs and all ({@code desired} false): nothing would let them back in any more.
     */
    Optional<ActualResource> leftover(ActualResource profile, Map<String, JamfXml.Ref> groupsByName, boolean desired) {
        String name = groupName(profile.key().name());
        JamfXml.Ref listed = groupsByName.get(name);
        Object excluded = profile.outputs().get(RENEWAL_GROUP_ID);
        if (listed == null || listed.id == null || !String.valueOf(listed.id).equals(excluded) || Boolean.TRUE.equals(listed.smart)) {
            return Optional.empty();
        }
        Optional<JamfXml.GroupDetail> detail = client.group(listed.id);
        long macs = detail.map(d -> d.computers.stream().filter(c -> c.id != null).count()).orElse(0L);
        if (detail.isEmpty() || (macs > 0 && desired)) {
            return Optional.empty();
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_NAME, name);
        attributes.put(ATTR_PROFILE_ID, profile.vendorId());
        if (macs > 0) {
            attributes.put(ATTR_MACS, macs);
        }
        // Deleted before the profile whose exclusions prove it scephub's.
        return Optional.of(new ActualResource(new ResourceKey(KIND, profile.key().name()), JamfConnectorProvider.ID,
                String.valueOf(listed.id), attributes, Map.of(), Set.of(profile.key())));
    }

    /**
     * Deletes a leftover group the plan found, proven scephub's again by the profile's exclusions: an empty one, or one
     * whose enrollment left scephub.yaml, whose Macs are let out of it first (the profile they return to is deleted next).
     */
    void delete(ActualResource group, java.util.function.BiConsumer<ResourceKey, JamfXml.Profile> requireOwned) {
        long groupId = Long.parseLong(group.vendorId());
        long profileId = Long.parseLong(String.valueOf(group.attributes().get(ATTR_PROFILE_ID)));
        ResourceKey profileKey = JamfConnector.key(group.key().name());
        Optional<JamfXml.Profile> stored = client.profile(profileId);
        if (stored.isEmpty()) {
            LOG.info("vendor=jamf action=delete-renewal-group key={} group={} result=profile-gone", group.key(), groupId);
            return;
        }
        requireOwned.accept(profileKey, stored.get());
        if (!excludes(stored.get(), groupId)) {
            // Already released by a redistribution in this apply (or by hand): nothing proves a group of that id ours now.
            LOG.info("vendor=jamf action=delete-renewal-group key={} group={} result=not-excluded", group.key(), groupId);
            return;
        }
        if (group.attributes().containsKey(ATTR_MACS)) {
            letOut(group.key(), groupId);
        }
        release(profileKey, profileId, groupId);
    }

    /** Takes every Mac out of the group (one update), so the group is empty when it is released. */
    private void letOut(ResourceKey key, long groupId) {
        List<JamfXml.Ref> left = client.group(groupId).map(d -> d.computers.stream().filter(c -> c.id != null)
                .map(c -> new JamfXml.Ref(c.id, null)).toList()).orElse(List.of());
        if (left.isEmpty()) {
            return;
        }
        JamfXml.GroupWrite out = new JamfXml.GroupWrite();
        out.deletions = new JamfXml.Computers(left);
        client.updateGroup(groupId, out);
        LOG.info("vendor=jamf action=renewal-group-let-out key={} group={} computers={}", key, groupId, left.size());
    }

    /**
     * The re-enrolment is done: the group, empty now, leaves the profile's exclusions (which changes no Mac's scope) and
     * is deleted. A group that holds Macs again stays (an earlier step did not finish; they are owed and let back in next).
     */
    private void release(ResourceKey key, long profileId, long groupId) {
        Optional<JamfXml.GroupDetail> detail = client.group(groupId);
        if (detail.isPresent() && detail.get().computers.stream().anyMatch(c -> c.id != null)) {
            LOG.warn("vendor=jamf action=release-renewal-group key={} group={} result=kept reason=holds-macs", key, groupId);
            return;
        }
        JamfXml.Profile stored = client.profile(profileId).orElse(null);
        if (stored != null && excludes(stored, groupId)) {
            JamfXml.Scope scope = new JamfXml.Scope();
            scope.allComputers = Boolean.TRUE.equals(stored.scope.allComputers);
            scope.computerGroups = refs(stored.scope.computerGroups);
            scope.exclusions = new JamfXml.Exclusions();
            scope.exclusions.computerGroups = refs(stored.scope.exclusions.computerGroups);
            scope.exclusions.computerGroups.removeIf(g -> g.id == groupId);
            JamfXml.Profile write = new JamfXml.Profile();
            write.scope = scope;
            client.updateProfile(profileId, write);
        }
        if (detail.isPresent()) {
            client.deleteGroup(groupId);
        }
        LOG.info("vendor=jamf action=release-renewal-group key={} id={} group={}", key, profileId, groupId);
    }

    /**
     * The enrollment's static renewal group, made when missing, emptied of what an interrupted run left in it. Classic
     * computer groups carry no description for the ownership marker, so a group of that name is proven scephub's by sitting
     * in the exclusions of the profile scephub owns; a same-named group outside them that holds Macs is someone else's and
     * is refused untouched (an empty one is what a run interrupted between create and exclusion leaves, and is adopted).
     */
    private long ensureGroup(JamfXml.Profile stored, String name, ActualResource profile) {
        Optional<JamfXml.Ref> listed = client.listGroups().stream().filter(g -> name.equals(g.name)).findFirst();
        if (listed.isEmpty()) {
            JamfXml.GroupWrite group = new JamfXml.GroupWrite();
            group.name = name;
            group.smart = false;
            group.site = new JamfXml.Ref(-1L, null);
            long id = client.createGroup(group);
            LOG.info("vendor=jamf action=create-renewal-group key={} group={} name=\"{}\"", profile.key(), id, name);
            return id;
        }
        long id = listed.get().id;
        JamfXml.GroupDetail detail = client.group(id).orElseThrow(() -> new VendorError(JamfErrors.VENDOR, 404, null, null,
                profile.key() + ": computer group " + id + " (" + DisplayName.quote(name) + ") vanished while re-enrolling; run sync again"));
        if (Boolean.TRUE.equals(detail.smart)) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, profile.key() + ": Jamf has a Smart Group named "
                    + DisplayName.quote(name) + "; scephub needs that name for the static group it re-enrols Macs through. "
                    + "Rename that group in Jamf (Computers > Smart Computer Groups)");
        }
        List<JamfXml.Ref> left = detail.computers.stream().filter(c -> c.id != null).map(c -> new JamfXml.Ref(c.id, null)).toList();
        if (!left.isEmpty() && !excludes(stored, id)) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, profile.key() + ": Jamf has a static computer group named "
                    + DisplayName.quote(name) + " (id " + id + ", " + left.size() + " computer" + (left.size() == 1 ? "" : "s")
                    + ") that the profile does not exclude, so scephub did not make it and leaves it untouched. Rename that group "
                    + "in Jamf (Computers > Static Computer Groups); scephub needs the name for the group it re-enrols Macs through");
        }
        if (!left.isEmpty()) {
            JamfXml.GroupWrite back = new JamfXml.GroupWrite();
            back.deletions = new JamfXml.Computers(left);
            client.updateGroup(id, back);
            LOG.info("vendor=jamf action=renewal-group-leftovers key={} group={} computers={}", profile.key(), id, left.size());
        }
        return id;
    }

    /** Puts the group into the profile's scope exclusions unless it is there; only the scope is sent, the rest stays. */
    private void ensureExcluded(JamfXml.Profile stored, ActualResource profile, long groupId, String name) {
        JamfXml.Scope current = stored.scope == null ? new JamfXml.Scope() : stored.scope;
        List<JamfXml.Ref> excluded = current.exclusions == null ? List.of() : current.exclusions.computerGroups;
        if (excluded.stream().anyMatch(g -> g.id != null && g.id == groupId)) {
            return;
        }
        JamfXml.Scope scope = new JamfXml.Scope();
        scope.allComputers = Boolean.TRUE.equals(current.allComputers);
        scope.computerGroups = refs(current.computerGroups);
        scope.exclusions = new JamfXml.Exclusions();
        scope.exclusions.computerGroups = refs(excluded);
        scope.exclusions.computerGroups.add(new JamfXml.Ref(groupId, name));
        JamfXml.Profile write = new JamfXml.Profile();
        write.scope = scope;
        client.updateProfile(Long.parseLong(profile.vendorId()), write);
        LOG.info("vendor=jamf action=exclude-renewal-group key={} id={} group={}", profile.key(), profile.vendorId(), groupId);
    }

    private static boolean excludes(JamfXml.Profile stored, long groupId) {
        return stored.scope != null && stored.scope.exclusions != null
                && stored.scope.exclusions.computerGroups.stream().anyMatch(g -> g.id != null && g.id == groupId);
    }

    private static List<JamfXml.Ref> refs(List<JamfXml.Ref> from) {
        List<JamfXml.Ref> out = new ArrayList<>();
        from.stream().filter(g -> g.id != null).forEach(g -> out.add(new JamfXml.Ref(g.id, g.name)));
        return out;
    }
}
