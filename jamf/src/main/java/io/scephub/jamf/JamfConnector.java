package io.scephub.jamf;

import io.scephub.core.text.DisplayName;
import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.resource.DatedMarker;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Secret;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.reads.KeptReadsNotice;
import io.scephub.core.reads.RecalledRead;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.resource.OwnedIndex;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DynamicChallengeSource;
import io.scephub.core.spi.InboundEndpoint;
import io.scephub.core.spi.InboundEndpoints;
import io.scephub.core.spi.ReadRequest;
import io.scephub.core.spi.DeviceTriage;
import io.scephub.core.spi.DeviceStatusReport;
import io.scephub.core.devices.DeviceStatus;
import java.util.function.Consumer;
import io.scephub.core.spi.EnrollmentCheck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles {@code jamf.configuration-profile/<enrollment>}: a macOS configuration profile at
 * computer (System) level whose mobileconfig holds a SCEP payload pointing at Okta with Jamf's
 * dynamic challenge, scoped to Smart Groups by name. Only profiles with the marker in
 * {@code general/description} are managed. For renewal with Okta as the CA it redistributes the
 * profile before the certificates expire (see {@link JamfFleet}).
 */
public final class JamfConnector implements Connector, EnrollmentCheck, DeviceTriage, CertificateFleet, DeviceStatusReport,
        InboundEndpoints {
    public static final String KIND = "jamf.configuration-profile";

    static final String ATTR_NAME = "name";
    static final String ATTR_LEVEL = "level";
    // The profile's attributes carry the names of the Okta outputs they take.
    static final String ATTR_SCEP_URL = ScepOutput.SCEP_URL.key();
    static final String ATTR_SUBJECT = "subject";
    static final String ATTR_KEY_SIZE = "keySize";
    static final String ATTR_KEY_USAGE = "keyUsage";
    static final String ATTR_INCLUDE = "include";
    static final String ATTR_EXCLUDE = "exclude";

    /** Jamf's wire value for the UI's "Computer Level"; the label itself would be stored as User. */
    static final String LEVEL_SYSTEM = "System";
    static final String LEVEL_USER = "User";
    static final String NEWLY_ASSIGNED = "Newly Assigned";
    private static final String NAME_PREFIX = "scephub ";
    private static final String CA_NAME = "Okta Device Access";
    private static final String DESCRIPTION = "Okta Device Access SCEP certificate. Managed by scephub; edits here are overwritten.";
    private static final Logger LOG = LoggerFactory.getLogger(JamfConnector.class);
    /**
     * The format of the profiles this connector keeps between runs (see {@link ReadReuse}). Raise it
     * whenever {@code toActual} normalises differently, so records made by the old code are read again
     * instead of being compared as if the new code had read them.
     */
    static final int KEPT_READ_FORMAT = 1;

    private final JamfClient client;
    /** {@code mdm.jamf.webhook}: where Jamf asks scephub for challenges; absent, no webhook is managed or served. */
    private final Optional<JamfWebhookSettings> webhook;
    private final JamfWebhooks webhooks;
    /** Computer groups by name from the last read: resolved once per plan, not per profile (issue #8). */
    private final AtomicReference<Map<String, JamfXml.Ref>> groups = new AtomicReference<>();
    /** Owned profiles by key from the last listing; lookups before a create answer from it (issue #8). */
    private final OwnedIndex<ActualResource> index;
    private final Clock clock;
    private final JamfFleet fleet;
    /** Profiles read or written in earlier runs: the Classic listing has names only, so each one kept saves a GET. */
    private final ReadReuse reuse;
    /** A re-enrolment and a leftover renewal group's delete both rewrite the profile's exclusions: one at a time. */
    private final Object renewalWrites = new Object();

    /**
     * @param perWave {@code mdm.jamf.renewal.reenrol: wave}: renewal re-enrols the rings' Macs, not the whole scope
     * @param known the profile the state store knows, kept when two carry one marker
     */
    JamfConnector(JamfClient client, Optional<JamfWebhookSettings> webhook, Clock clock, ReadReuse reuse, boolean perWave,
                  KnownObjects known) {
        this.index = new OwnedIndex<>("Jamf", Set.of(KIND), known);
        this.client = client;
        this.webhook = webhook;
        this.webhooks = new JamfWebhooks(client, known);
        this.clock = clock;
        this.fleet = new JamfFleet(client, perWave);
        this.reuse = reuse;
    }

    static ResourceKey key(String enrollment) {
        return new ResourceKey(KIND, enrollment);
    }

    static String profileName(String enrollment) {
        return NAME_PREFIX + enrollment;
    }

    @Override
    public String id() {
        return JamfConnectorProvider.ID;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        List<Resource> resources = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollmentsOn(id())) {
            resources.add(Resource.builder(key(enrollment.name()), id())
                    .attribute(ATTR_NAME, profileName(enrollment.name()))
                    .attribute(ATTR_LEVEL, LEVEL_SYSTEM)
                    .attribute(ATTR_SCEP_URL, ScepConfiguration.ref(enrollment.name(), ScepOutput.SCEP_URL))
                    .attribute(ATTR_SUBJECT, enrollment.certificate().subject())
                    .attribute(ATTR_KEY_SIZE, (long) enrollment.certificate().keySize())
                    .attribute(ATTR_KEY_USAGE, keyUsage(enrollment.certificate().keyUsage()))
                    .attribute(ATTR_INCLUDE, sorted(enrollment.groups().include()))
                    .attribute(ATTR_EXCLUDE, sorted(enrollment.groups().exclude()))
                    .build());
        }
        // Jamf asks scephub for each Mac's challenge through one SCEPChallenge webhook per Jamf instance.
        if (!resources.isEmpty()) {
            webhook.ifPresent(w -> resources.add(JamfWebhooks.desired(w, id())));
        }
        return resources;
    }

    /** Apple's bit mask: 1 signing, 4 encryption; Okta's own profiles use signing. */
    static long keyUsage(Set<KeyUsage> usages) {
        long mask = 0;
        for (KeyUsage usage : usages) {
            mask |= usage == KeyUsage.DIGITAL_SIGNATURE ? 1 : 4;
        }
        return mask == 0 ? 1 : mask;
    }

    private static List<String> sorted(List<String> names) {
        return List.copyOf(new TreeSet<>(names));
    }

    @Override
    public ReadResult read(ReadRequest request) {
        Map<String, JamfXml.Ref> byName = listGroups();
        ReadResult listing = list(request.strings(ATTR_NAME));
        List<String> notices = new ArrayList<>(listing.notices());
        listing.resources().forEach(actual -> notices.addAll(warnings(actual, byName)));
        List<DesiredStateProblem> problems = new ArrayList<>(unknownGroups(byName, request.enrollments(id())));
        List<ActualResource> resources = new ArrayList<>(listing.resources());
        JamfWaveReenrolment renewal = new JamfWaveReenrolment(client);
        Set<String> desired = new java.util.HashSet<>();
        request.enrollments(id()).forEach(e -> desired.add(e.name()));
        listing.resources().stream().filter(r -> r.key().kind().equals(KIND))
                .forEach(profile -> renewal.leftover(profile, byName, desired.contains(profile.key().name())).ifPresent(resources::add));
        webhook.ifPresent(w -> webhooks.read(w, notices).ifPresent(resources::add));
        return new ReadResult(resources, notices, problems, listing.duplicates());
    }

    /**
     * Every owned profile, remembered for lookups: one list call, plus one GET per profile that is not
     * taken from the kept reads (Classic has no bulk read). {@code wanted}: the names desired profiles will have.
     */
    private ReadResult list(Set<String> wanted) {
        List<ActualResource> resources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        OwnedIndex.Listing<ActualResource> owned = index.listing();
        List<JamfXml.Ref> entries = client.listProfiles();
        int reused = 0;
        for (JamfXml.Ref entry : entries) {
            Optional<RecalledRead> recalled = reusable(entry, wanted);
            if (recalled.isPresent() && recalled.get() instanceof RecalledRead.Foreign) {
                reused++;
                continue;
            }
            // A kept profile whose marker another profile already claimed is read, so the duplicate notice shows.
            if (recalled.isPresent() && recalled.get() instanceof RecalledRead.Owned kept && !owned.contains(kept.actual().key())) {
                // Jamf lists no creation time: of two profiles with one marker, the KeepRule falls back to the smaller id.
                owned.add(kept.actual().key(), String.valueOf(entry.id), Optional.empty(), kept::actual);
                reused++;
                continue;
            }
            readProfile(entry, owned, notices, wanted);
        }
        resources.addAll(owned.owned().values());
        // A duplicate is neither owned nor foreign, so it is not kept: it is read on every plan, and its notice keeps showing.
        owned.duplicates().forEach(d -> reuse.forget(d.vendorId()));
        reuse.retainOnly(entries.stream().filter(e -> e.id != null).map(e -> String.valueOf(e.id)).collect(Collectors.toSet()));
        if (reused > 0) {
            notices.add(KeptReadsNotice.of("Jamf", reused, entries.size(), reuse.window(), "the Classic API lists only names"));
        }
        notices.addAll(owned.duplicateNotices());
        index.replace(owned);
        return new ReadResult(resources, notices, List.of(), owned.duplicates());
    }

    /**
     * The kept read of a listed profile, if it can stand in for a GET: not for a profile without
     * scephub's marker that has a name scephub wants (its notice needs the body), nor for an owned one
     * read before the configured challenge password changed.
     */
    private Optional<RecalledRead> reusable(JamfXml.Ref entry, Set<String> wanted) {
        if (entry.id == null || entry.name == null) {
            return Optional.empty();
        }
        return reuse.recall(String.valueOf(entry.id), entry.name).filter(recalled -> {
            if (recalled instanceof RecalledRead.Owned kept) {
                return kept.actual().key().kind().equals(KIND);
            }
            return !wanted.contains(entry.name);
        });
    }

    /** GETs one listed profile and adds it to {@code owned} if it carries a marker (with a notice if it needs one); keeps what it read. */
    private void readProfile(JamfXml.Ref entry, OwnedIndex.Listing<ActualResource> owned, List<String> notices,
                                                 Set<String> wanted) {
        String vendorId = String.valueOf(entry.id);
        Optional<JamfXml.Profile> profile = client.profile(entry.id);
        if (profile.isEmpty() || profile.get().general == null) {
            reuse.forget(vendorId);
            return;
        }
        JamfXml.General general = profile.get().general;
        Optional<ResourceKey> key = owned.keyOf(general.description);
        if (key.isEmpty()) {
            if (wanted.contains(general.name)) {
                notices.add("Jamf profile \"" + general.name + "\" (id " + entry.id + ") has the name scephub wants but no "
                        + "scephub marker; it is left alone and creating scephub's profile will fail with a duplicate name. "
                        + "To let scephub manage it, add the line [scephub:" + KIND + "/<enrollment name>] to its description");
            }
            listing(entry).ifPresent(name -> reuse.rememberForeign(vendorId, name));
            return;
        }
        ActualResource actual = toActual(key.get(), profile.get());
        owned.add(key.get(), vendorId, Optional.empty(), () -> actual);
        listing(entry).ifPresent(name -> reuse.rememberOwned(vendorId, name, actual));
    }

    /**
     * What the next recall compares against: the name as the list showed it, not as the GET returned
     * it, so a profile renamed between the two (or shown differently by the two) is read again.
     */
    private static Optional<String> listing(JamfXml.Ref entry) {
        return Optional.ofNullable(entry.name);
    }

    /** Group names the configuration uses that Jamf does not have: the plan stops before anything is written. */
    private static List<DesiredStateProblem> unknownGroups(Map<String, JamfXml.Ref> byName, List<EnrollmentSpec> enrollments) {
        List<DesiredStateProblem> problems = new ArrayList<>();
        enrollments.forEach(spec -> {
            String enrollment = spec.name();
            GroupScope scope = spec.groups();
            for (String side : List.of("include", "exclude")) {
                List<String> names = side.equals("include") ? scope.include() : scope.exclude();
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    if (byName.containsKey(name)) {
                        continue;
                    }
                    Optional<String> near = byName.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
                    problems.add(DesiredStateProblem.ofEnrollment(enrollment, "groups." + side + "[" + i + "]",
                            "Jamf has no computer group named " + DisplayName.quote(name) + near.map(n -> " (did you mean " + DisplayName.quote(n) + "? "
                                    + "Jamf group names are matched exactly)").orElse("")
                                    + "; create the Smart Group in Jamf (Computers > Smart Computer Groups) or fix the name"));
                }
            }
        });
        return problems;
    }

    private List<String> warnings(ActualResource actual, Map<String, JamfXml.Ref> groups) {
        List<String> notices = new ArrayList<>();
        String label = "Jamf profile \"" + actual.attributes().get(ATTR_NAME) + "\" (id " + actual.vendorId() + ")";
        if (LEVEL_USER.equals(actual.attributes().get(ATTR_LEVEL))) {
            notices.add(label + " is stored at User level: Okta Device Access needs a computer-level certificate. "
                    + "This is what sending the UI label \"Computer Level\" does; apply sets it back to System");
        }
        for (String attr : List.of(ATTR_INCLUDE, ATTR_EXCLUDE)) {
            for (Object name : (List<?>) actual.attributes().getOrDefault(attr, List.of())) {
                JamfXml.Ref group = groups.get(String.valueOf(name));
                if (group != null && !Boolean.TRUE.equals(group.smart)) {
                    notices.add(label + " is scoped to the static group \"" + name + "\": static groups do not survive a wipe "
                            + "and re-enrolment (a new computer record); use a Smart Group");
                }
            }
        }
        return notices;
    }

    private ActualResource toActual(ResourceKey key, JamfXml.Profile profile) {
        JamfXml.General general = profile.general;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_NAME, general.name);
        attributes.put(ATTR_LEVEL, general.level);
        Optional<JamfMobileconfig.Scep> scep = JamfMobileconfig.read(general.payloads);
        scep.ifPresent(s -> {
            attributes.put(ATTR_SCEP_URL, s.url());
            attributes.put(ATTR_SUBJECT, s.subject());
            attributes.put(ATTR_KEY_SIZE, s.keySize());
            attributes.put(ATTR_KEY_USAGE, s.keyUsage());
        });
        JamfXml.Scope scope = profile.scope;
        attributes.put(ATTR_INCLUDE, groupNames(scope == null ? null : scope.computerGroups));
        // The hub's own renewal group is no part of the configured scope (JamfWaveReenrolment), so it never shows as drift.
        attributes.put(ATTR_EXCLUDE, groupNames(scope == null || scope.exclusions == null ? null : scope.exclusions.computerGroups)
                .stream().filter(n -> !JamfWaveReenrolment.isRenewalGroup(n)).toList());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("id", String.valueOf(profile.general.id));
        outputs.put("uuid", general.uuid);
        scep.map(JamfMobileconfig.Scep::identifier).ifPresent(id -> outputs.put("payloadIdentifier", id));
        if (scope != null && scope.exclusions != null) {
            String renewalGroup = JamfWaveReenrolment.groupName(key.name());
            scope.exclusions.computerGroups.stream().filter(g -> renewalGroup.equals(g.name) && g.id != null).findFirst()
                    .ifPresent(g -> outputs.put(JamfWaveReenrolment.RENEWAL_GROUP_ID, String.valueOf(g.id)));
        }
        return new ActualResource(key, id(), String.valueOf(general.id), attributes, outputs,
                Set.of(ScepConfiguration.key(key.name())));
    }

    private static List<String> groupNames(List<JamfXml.Ref> refs) {
        TreeSet<String> names = new TreeSet<>();
        if (refs != null) {
            refs.stream().map(r -> r.name).filter(Objects::nonNull).forEach(names::add);
        }
        return List.copyOf(names);
    }

    /** Answers from the last listing; lists again only after a create whose outcome is unknown (issue #8). */
    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        if (key.kind().equals(JamfWebhooks.KIND)) {
            return webhook.flatMap(w -> webhooks.read(w, new ArrayList<>()));
        }
        requireKind(key);
        // A re-list looks for the name this key's profile has, to spot a same-named profile without the marker.
        return index.find(key, () -> list(Set.of(profileName(key.name()))));
    }

    @Override
    public ActualResource create(Resource desired) {
        ResourceKey key = desired.key();
        if (key.kind().equals(JamfWebhooks.KIND)) {
            return webhooks.create(desired, webhookSettings());
        }
        requireKind(key);
        // Jamf reports no deployment time, so the creation is recorded for the renewal planner's fallback.
        String description = DatedMarker.DEPLOYED.with(DESCRIPTION, clock.instant());
        JamfXml.Profile profile = document(desired, OwnershipMarker.append(description, key),
                stableUuid("profile", key), "io.scephub." + key.name());
        // Jamf may have made it when the outcome is unknown: the next lookup lists again so a retry adopts it.
        long id = index.write(() -> client.createProfile(profile));
        LOG.info("jamf profile created key={} id={}", key, id);
        return kept(readBack(key, id));
    }

    /** The profile as written, kept for the next read. */
    private ActualResource kept(ActualResource written) {
        if (written.attributes().get(ATTR_NAME) instanceof String name) {
            reuse.rememberOwned(written.vendorId(), name, written);
        }
        return written;
    }

    private JamfWebhookSettings webhookSettings() {
        return webhook.orElseThrow(() -> new IllegalStateException("mdm.jamf.webhook is not configured"));
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ResourceKey key = desired.key();
        if (key.kind().equals(JamfWebhooks.KIND)) {
            return webhooks.update(desired, actual, webhookSettings());
        }
        requireKind(key);
        long id = Long.parseLong(actual.vendorId());
        JamfXml.Profile current = client.profile(id).orElseThrow(() -> new VendorError(JamfErrors.VENDOR, 404, null, null,
                "profile " + id + " for " + key + " is gone; run plan again to create it"));
        // Known from a kept read, perhaps: written only while it still carries the marker.
        requireOwned(key, id, current);
        Optional<JamfMobileconfig.Scep> stored = JamfMobileconfig.read(current.general.payloads);
        // Jamf rewrote the top-level identity on create; devices know the profile by it, so it is carried over.
        String uuid = stored.map(JamfMobileconfig.Scep::uuid).orElse(current.general.uuid);
        String identifier = stored.map(JamfMobileconfig.Scep::identifier).orElse(current.general.uuid);
        JamfXml.Profile profile = document(desired, OwnershipMarker.append(current.general.description, key), uuid, identifier);
        // Forgotten before the write, not after a failure: whatever happens to the PUT (no answer, a crash),
        // the kept read no longer claims the old content and the next read fetches the profile.
        reuse.forget(actual.vendorId());
        client.updateProfile(id, profile);
        LOG.info("jamf profile updated key={} id={} changed={}", key, id, changes.stream().map(AttributeChange::path).toList());
        return kept(readBack(key, id));
    }

    @Override
    public void delete(ActualResource actual) {
        if (actual.key().kind().equals(JamfWebhooks.KIND)) {
            webhooks.delete(actual, webhook);
            return;
        }
        if (actual.key().kind().equals(JamfWaveReenrolment.KIND)) {
            synchronized (renewalWrites) {
                new JamfWaveReenrolment(client).delete(actual, (key, stored) -> requireOwned(key,
                        Long.parseLong(String.valueOf(actual.attributes().get(JamfWaveReenrolment.ATTR_PROFILE_ID))), stored));
            }
            return;
        }
        long id = Long.parseLong(actual.vendorId());
        Optional<JamfXml.Profile> current = client.profile(id);
        if (current.isPresent()) {
            requireOwned(actual.key(), id, current.get());
        }
        // Before the write, as in update: an unknown outcome leaves nothing kept to stand in for a GET.
        reuse.forget(actual.vendorId());
        boolean deleted = current.isPresent() && client.deleteProfile(id);
        index.remove(actual.key(), actual.vendorId());
        LOG.info("jamf profile deleted key={} id={} alreadyGone={}", actual.key(), actual.vendorId(), !deleted);
    }

    @Override
    public int maxParallelism() {
        return 2;
    }

    /**
     * The profile a write answered with, read back: scephub's only if it carries this key's marker
     * (Jamf could answer another profile's id); otherwise the write's outcome is unknown and the next
     * lookup lists again.
     */
    private ActualResource readBack(ResourceKey key, long id) {
        JamfXml.Profile profile = client.profile(id).orElseThrow(() -> new VendorError(JamfErrors.VENDOR, 404, null,
                null, "profile " + id + " for " + key + " vanished right after it was written"));
        return index.written(key, String.valueOf(id), profile.general == null ? null : profile.general.description,
                () -> toActual(key, profile));
    }

    /** Refuses to write a profile that no longer carries {@code key}'s marker; its kept read is dropped then. */
    private void requireOwned(ResourceKey key, long id, JamfXml.Profile current) {
        try {
            index.requireOwned(key, String.valueOf(id), current.general == null ? null : current.general.description);
        } catch (RuntimeException e) {
            reuse.forget(String.valueOf(id));
            throw e;
        }
    }

    private JamfXml.Profile document(Resource desired, String description, String uuid, String identifier) {
        ResourceKey key = desired.key();
        Map<String, Object> a = desired.attributes();
        JamfMobileconfig.Scep scep = new JamfMobileconfig.Scep(identifier, uuid, "io.scephub.scep." + key.name(),
                stableUuid("scep", key), string(a, ATTR_NAME), string(a, ATTR_SCEP_URL), CA_NAME, string(a, ATTR_SUBJECT),
                (Long) a.get(ATTR_KEY_SIZE), (Long) a.get(ATTR_KEY_USAGE));
        Map<String, JamfXml.Ref> groups = groupsByName();
        JamfXml.Profile profile = new JamfXml.Profile();
        JamfXml.General general = new JamfXml.General();
        general.name = string(a, ATTR_NAME);
        general.description = description;
        general.site = new JamfXml.Ref(-1L, null);
        general.category = new JamfXml.Ref(-1L, null);
        general.distributionMethod = "Install Automatically";
        general.userRemovable = false;
        general.level = LEVEL_SYSTEM;
        general.redeployOnUpdate = NEWLY_ASSIGNED;
        // Built from the desired state every time, never the stored text (which Jamf may hold re-escaped).
        general.payloads = JamfMobileconfig.wireForm(JamfMobileconfig.write(scep));
        profile.general = general;
        JamfXml.Scope scope = new JamfXml.Scope();
        scope.allComputers = false;
        scope.computerGroups = resolve(list(a, ATTR_INCLUDE), groups, key);
        scope.exclusions = new JamfXml.Exclusions();
        scope.exclusions.computerGroups = resolve(list(a, ATTR_EXCLUDE), groups, key);
        profile.scope = scope;
        return profile;
    }

    /** The groups of the last read; listed here only when apply runs without one. */
    private Map<String, JamfXml.Ref> groupsByName() {
        Map<String, JamfXml.Ref> byName = groups.get();
        return byName != null ? byName : listGroups();
    }

    private Map<String, JamfXml.Ref> listGroups() {
        Map<String, JamfXml.Ref> byName = new LinkedHashMap<>();
        client.listGroups().stream().filter(g -> g.name != null).forEach(g -> byName.putIfAbsent(g.name, g));
        groups.set(Map.copyOf(byName));
        return byName;
    }

    private static List<JamfXml.Ref> resolve(List<String> names, Map<String, JamfXml.Ref> groups, ResourceKey key) {
        List<JamfXml.Ref> refs = new ArrayList<>();
        for (String name : names) {
            JamfXml.Ref group = groups.get(name);
            if (group == null) {
                throw new VendorError(JamfErrors.VENDOR, 0, null, null, key + ": Jamf has no computer group named " + DisplayName.quote(name)
                        + "; create the Smart Group in Jamf (Computers > Smart Computer Groups) or fix the name in scephub.yaml");
            }
            if (!Boolean.TRUE.equals(group.smart)) {
                LOG.warn("jamf scope uses a static group key={} group=\"{}\" why=\"static groups do not survive re-enrolment\"",
                        key, name);
            }
            refs.add(new JamfXml.Ref(group.id, group.name));
        }
        return refs;
    }

    /** A UUID that stays the same for a key, so re-creating the profile keeps the payload identity. */
    private static String stableUuid(String what, ResourceKey key) {
        return UUID.nameUUIDFromBytes(("scephub:" + what + ":" + key).getBytes(StandardCharsets.UTF_8)).toString()
                .toUpperCase(java.util.Locale.ROOT);
    }

    private static String string(Map<String, Object> a, String name) {
        Object v = a.get(name);
        if (v == null || v instanceof OutputRef) {
            throw new IllegalStateException("attribute " + name + " is " + (v == null ? "missing" : "unresolved (" + v + ")"));
        }
        return v.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> a, String name) {
        Object v = a.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    private static void requireKind(ResourceKey key) {
        if (!key.kind().equals(KIND)) {
            throw new IllegalArgumentException("the jamf connector manages only " + KIND + ", not " + key);
        }
    }

    // ----- CertificateFleet --------------------------------------------------------------------

    @Override
    public Optional<ResourceKey> statusProfile(EnrollmentSpec enrollment) {
        return fleet.certificateProfile(enrollment);
    }

    @Override
    public void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        new JamfDeviceStatus(client).deviceStatuses(enrollment, profile, sink);
    }

    @Override
    public Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return fleet.certificateProfile(enrollment);
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile) {
        requireKind(profile.key());
        return fleet.fleet(profile);
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        requireKind(profile.key());
        return fleet.fleet(profile, sink);
    }

    /**
     * None: scephub updates the profile with {@code redeploy_on_update} "Newly Assigned", so computers already in
     * scope keep the version they have and enrol for nothing; only a redistribution ("All") re-enrols them.
     */
    @Override
    public Set<String> reissuingAttributes() {
        return Set.of();
    }

    /**
     * With {@code mdm.jamf.renewal.reenrol: wave}: the rings pick the Macs, and only they leave and re-enter the profile's
     * scope through the hub's renewal group ({@link JamfWaveReenrolment}). Otherwise the whole scope is redeployed.
     */
    @Override
    public boolean reenrolsPerDevice() {
        return fleet.perWave();
    }

    @Override
    public void redistribute(ActualResource profile, Redistribution redistribution) {
        requireKind(profile.key());
        synchronized (renewalWrites) {
            fleet.redistribute(profile, redistribution);
        }
    }

    // ----- EnrollmentCheck ----------------------------------------------------------------------

    @Override
    public List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        return JamfEnrollmentChecks.check(state, actual, webhook);
    }

    // ----- InboundEndpoints ---------------------------------------------------------------------

    @Override
    public List<InboundEndpoint> endpoints(DesiredState state, Optional<DynamicChallengeSource> challenges) {
        if (webhook.isEmpty() || challenges.isEmpty()
                || state.enrollments().stream().noneMatch(e -> id().equals(e.mdm()))) {
            return List.of();
        }
        return List.of(new InboundEndpoint("POST", JamfScepChallengeWebhook.PATH, "Jamf Pro SCEPChallenge webhook",
                new JamfScepChallengeWebhook(webhook.get(), challenges.get())));
    }

    // ----- DeviceTriage -------------------------------------------------------------------------

    @Override
    public Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment) {
        JsonNode results = client.json(client.paths().computersByNameOrSerial(deviceNameOrSerial))
                .map(j -> j.path("results")).orElse(null);
        if (results == null || results.isEmpty()) {
            return Optional.empty();
        }
        JsonNode computer = results.get(0);
        String computerId = computer.path("id").asText();
        String name = computer.path("general").path("name").asText(deviceNameOrSerial);
        Optional<String> serial = Optional.ofNullable(computer.path("hardware").path("serialNumber").textValue());
        Optional<ActualResource> profile = findOwned(key(enrollment.name()));
        if (profile.isEmpty()) {
            return Optional.of(new DeviceProfileStatus(computerId, name, serial, "", DeliveryState.PROFILE_MISSING,
                    "no scephub profile", Optional.empty()));
        }
        String profileName = String.valueOf(profile.get().attributes().get(ATTR_NAME));
        Object identifier = profile.get().outputs().get("payloadIdentifier");
        JsonNode installed = client.json(client.paths().computerProfiles(computerId))
                .map(j -> j.path("configurationProfiles")).orElse(null);
        if (installed != null) {
            for (JsonNode row : installed) {
                if (row.path("profileIdentifier").asText("").equals(identifier) || row.path("displayName").asText("").equals(profileName)) {
                    Optional<Instant> at = Optional.ofNullable(row.path("lastInstalled").textValue()).map(Instant::parse);
                    return Optional.of(new DeviceProfileStatus(computerId, name, serial, profileName, DeliveryState.INSTALLED,
                            "installed", at));
                }
            }
        }
        return Optional.of(new DeviceProfileStatus(computerId, name, serial, profileName, DeliveryState.NO_STATUS,
                "not in the computer's installed profiles", Optional.empty()));
    }
}
