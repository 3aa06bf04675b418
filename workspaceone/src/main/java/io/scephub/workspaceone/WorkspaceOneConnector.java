package io.scephub.workspaceone;

import io.scephub.core.spi.ReadRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.error.UnknownOutcome;
import io.scephub.core.error.VendorError;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.reads.KeptReadsNotice;
import io.scephub.core.reads.RecalledRead;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.resource.OwnedIndex;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DeviceTriage;
import io.scephub.core.spi.DeviceStatusReport;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.devices.DeviceStatus;
import java.util.function.Consumer;
import io.scephub.core.spi.EnrollmentCheck;
import io.scephub.workspaceone.WorkspaceOnePayloads.Named;
import io.scephub.workspaceone.WorkspaceOnePayloads.ProfileSpec;
import io.scephub.workspaceone.WorkspaceOnePayloads.ReadProfile;
import io.scephub.workspaceone.WorkspaceOnePayloads.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles {@code workspaceone.credential-profile/<enrollment>}: a Windows Desktop profile whose
 * Credentials payload points at the console-configured generic SCEP authority and template, assigned to
 * smart groups by exact name, with scephub's marker in {@code General.Description}. The static Okta
 * secret lives in that console authority; UEM has no REST call to set it (see the module README).
 */
public final class WorkspaceOneConnector implements Connector, EnrollmentCheck, DeviceTriage, DeviceStatusReport, CertificateFleet {
    public static final String KIND_PROFILE = "workspaceone.credential-profile";

    static final String ATTR_NAME = "name";
    static final String ATTR_ORGANIZATION_GROUP = "organizationGroup";
    static final String ATTR_CERTIFICATE_AUTHORITY = "certificateAuthority";
    static final String ATTR_CERTIFICATE_TEMPLATE = "certificateTemplate";
    static final String ATTR_CERTIFICATE_SOURCE = "certificateSource";
    static final String ATTR_KEY_LOCATION = "keyLocation";
    static final String ATTR_STORE_LOCATION = "storeLocation";
    static final String ATTR_ASSIGNED = "assignedSmartGroups";
    static final String ATTR_EXCLUDED = "excludedSmartGroups";
    static final String ATTR_OKTA_SCEP_URL = "oktaScepUrl";
    static final String ATTR_ACTIVE = "active";
    static final String OUT_ID = "id";

    private static final String NAME_PREFIX = "scephub ";
    private static final String DESCRIPTION = "Managed by scephub; edits here are overwritten on the next sync.";
    /** The SCEP URL the console authority must carry is kept in the description, so a changed Okta URL shows in the plan. */
    static final String SCEP_URL_LINE = "Okta SCEP URL for the console certificate authority: ";
    /**
     * The format of this connector's kept reads: raise it when the listing signature
     * ({@link WorkspaceOnePayloads#listing}) or how {@link #actual} turns a profile into attributes
     * changes, so records written the old way are read again instead of being taken as they are.
     */
    static final int KEPT_READ_FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceOneConnector.class);

    private final WorkspaceOneRestClient rest;
    private final WorkspaceOnePaths paths;
    private final WorkspaceOnePayloads payloads;
    private final WorkspaceOneDirectory directory;
    private final String certificateAuthority;
    private final String certificateTemplate;
    /** Reads of earlier runs, so a profile whose search hit is unchanged is not fetched again. */
    private final ReadReuse reuse;
    /** The owned profiles of the last listing, by key. */
    private final OwnedIndex<ActualResource> index;

    WorkspaceOneConnector(WorkspaceOneRestClient rest, WorkspaceOnePaths paths, WorkspaceOnePayloads payloads,
                          WorkspaceOneDirectory directory, String certificateAuthority, String certificateTemplate,
                          ReadReuse reuse, KnownObjects known) {
        this.index = new OwnedIndex<>("Workspace ONE", Set.of(KIND_PROFILE), known);
        this.rest = rest;
        this.paths = paths;
        this.payloads = payloads;
        this.directory = directory;
        this.certificateAuthority = certificateAuthority;
        this.certificateTemplate = certificateTemplate;
        this.reuse = reuse;
    }

    /**
     * The tenant kept reads belong to: the UEM base URL and the organization group, since the
     * profile search is per organization group and ids of another group's profiles mean nothing here.
     */
    static String keptReadScope(String baseUrl, String organizationGroup) {
        return baseUrl + " organizationGroup=" + organizationGroup;
    }

    WorkspaceOneRestClient rest() {
        return rest;
    }

    WorkspaceOnePaths paths() {
        return paths;
    }

    static String profileName(String enrollment) {
        return NAME_PREFIX + enrollment;
    }

    @Override
    public String id() {
        return WorkspaceOneConnectorProvider.ID;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        List<Resource> resources = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollmentsOn(id())) {
            resources.add(Resource.builder(new ResourceKey(KIND_PROFILE, enrollment.name()), id())
                    .attribute(ATTR_NAME, profileName(enrollment.name()))
                    .attribute(ATTR_ORGANIZATION_GROUP, directory.organizationGroup())
                    .attribute(ATTR_ACTIVE, true)
                    .attribute(ATTR_CERTIFICATE_AUTHORITY, certificateAuthority)
                    .attribute(ATTR_CERTIFICATE_TEMPLATE, certificateTemplate)
                    .attribute(ATTR_CERTIFICATE_SOURCE, WorkspaceOnePayloads.CERTIFICATE_SOURCE)
                    .attribute(ATTR_KEY_LOCATION, WorkspaceOnePayloads.KEY_LOCATION)
                    .attribute(ATTR_STORE_LOCATION, WorkspaceOnePayloads.STORE_LOCATION)
                    .attribute(ATTR_ASSIGNED, sorted(enrollment.groups().include()))
                    .attribute(ATTR_EXCLUDED, sorted(enrollment.groups().exclude()))
                    .attribute(ATTR_OKTA_SCEP_URL, ScepConfiguration.ref(enrollment.name(), ScepOutput.SCEP_URL))
                    .replaceOn(ATTR_ORGANIZATION_GROUP)
                    .build());
        }
        return resources;
    }

    /** UEM keeps no order of smart groups that matters; sorted and de-duplicated so order is not drift. */
    private static List<String> sorted(List<String> names) {
        return List.copyOf(new TreeSet<>(names));
    }

    /**
     * Lists the organization group's Windows Desktop profiles once (and reads each whole, unless a
     * kept read of it is recent and its search hit unchanged: the search answer has no description,
     * and the marker may sit on a profile of any name), lists the smart groups once, and reports the
     * desired smart-group names UEM does not have as problems, so the plan stops before anything is
     * applied. The listing is kept as the ownership index.
     */
    @Override
    public ReadResult read(ReadRequest request) {
        directory.forget();
        Listing listing = listProfiles(request.strings(ATTR_NAME));
        List<String> notices = new ArrayList<>(listing.notices());
        if (listing.kept() > 0) {
            notices.add(KeptReadsNotice.of("Workspace ONE", listing.kept(), listing.hits(), reuse.window(),
                    "UEM's profile search has no description or payload"));
        }
        List<EnrollmentSpec> enrollments = request.enrollments(id());
        if (!enrollments.isEmpty()) {
            // Fetched here once, so the creates and updates of this plan's apply need no look-ups of their own.
            directory.certificateAuthorities().stream().filter(ca -> ca.name().equals(certificateAuthority)).findFirst()
                    .ifPresent(ca -> directory.certificateTemplates(ca.id()));
        }
        return new ReadResult(listing.resources(), notices, smartGroupProblems(enrollments), listing.duplicates());
    }

    /** Desired smart-group names that do not name exactly one UEM smart group, located in the enrollment. */
    private List<DesiredStateProblem> smartGroupProblems(List<EnrollmentSpec> enrollments) {
        List<DesiredStateProblem> problems = new ArrayList<>();
        for (EnrollmentSpec enrollment : enrollments) {
            check(problems, enrollment.name(), "groups.include", enrollment.groups().include());
            check(problems, enrollment.name(), "groups.exclude", enrollment.groups().exclude());
        }
        return problems;
    }

    private void check(List<DesiredStateProblem> problems, String enrollment, String field, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            int at = i;
            directory.smartGroupProblem(names.get(i))
                    .ifPresent(message -> problems.add(DesiredStateProblem.ofEnrollment(enrollment, field + "[" + at + "]", message)));
        }
    }

    /** What one listing found: the owned profiles (first found of a key), its notices, and how many of its hits were kept reads. */
    private record Listing(List<ActualResource> resources, List<String> notices, int hits, int kept,
                           List<OwnedIndex.Duplicate> duplicates) {
    }

    /**
     * One search hit as this listing saw it: its name, its listing signature, its owner's key and
     * actual state if it carries scephub's marker, and whether it was fetched now ({@code fresh}, to be
     * remembered) or taken from a kept read.
     */
    private record Seen(String id, String name, String listing, Optional<ResourceKey> key, Optional<ActualResource> actual,
                        boolean fresh) {
    }

    /**
     * Every Windows Desktop profile of the organization group (one search page per 500), each read
     * whole with one GET unless a kept read answers for it, and the index rebuilt from them.
     * {@code desiredNames}: the names desired profiles will have.
     */
    private Listing listProfiles(Set<String> desiredNames) {
        long og = directory.organizationGroupId();
        Lookups lookups = new Lookups();
        OwnedIndex.Listing<ActualResource> owned = index.listing();
        List<Seen> seen = new ArrayList<>();
        for (JsonNode node : rest.list(page -> paths.searchProfiles(og, page), WorkspaceOnePaths.SEARCH_VERSION, "Profiles", "ProfileList")) {
            SearchHit hit = WorkspaceOnePayloads.searchHit(node);
            String id = Long.toString(hit.id());
            Optional<RecalledRead> recalled = reuse.recall(id, hit.listing());
            if (recalled.isPresent() && recalled.get() instanceof RecalledRead.Owned kept
                    && kept.actual().key().kind().equals(KIND_PROFILE)) {
                seen.add(new Seen(id, hit.name(), hit.listing(), Optional.of(kept.actual().key()), Optional.of(kept.actual()), false));
                continue;
            }
            // Fetched all the same when it bears a desired name: its marker may have been added since, and it must
            // then be adopted rather than made a second time.
            if (recalled.isPresent() && recalled.get() instanceof RecalledRead.Foreign && !desiredNames.contains(hit.name())) {
                seen.add(new Seen(id, hit.name(), hit.listing(), Optional.empty(), Optional.empty(), false));
                continue;
            }
            Optional<ReadProfile> profile = rest.getProfile(paths.profile(id), WorkspaceOnePaths.PROFILES_VERSION).map(payloads::read);
            if (profile.isEmpty()) {
                // Deleted between the search and the GET.
                reuse.forget(id);
                continue;
            }
            ReadProfile read = profile.get();
            Optional<ResourceKey> key = owned.keyOf(read.description());
            seen.add(new Seen(id, read.name(), hit.listing(), key, key.map(k -> actual(k, read, lookups)), true));
        }
        List<ActualResource> resources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Seen s : seen) {
            if (s.key().isPresent()) {
                // UEM's search lists no creation time: of two profiles with one marker, the KeepRule falls back to the smaller id.
                owned.add(s.key().get(), s.id(), Optional.empty(), () -> s.actual().orElseThrow());
            } else if (s.name().startsWith(NAME_PREFIX)) {
                notices.add("Workspace ONE profile \"" + s.name() + "\" (" + s.id() + ") looks like scephub's but has no "
                        + "scephub marker; it is left alone. To let scephub manage it, add the line [scephub:" + KIND_PROFILE
                        + "/<enrollment name>] at the end of its description");
            }
        }
        resources.addAll(owned.owned().values());
        notices.addAll(owned.duplicateNotices());
        Set<ResourceKey> duplicated = owned.duplicates().stream().map(OwnedIndex.Duplicate::key).collect(Collectors.toSet());
        for (Seen s : seen) {
            if (s.key().map(duplicated::contains).orElse(false)) {
                // Every profile of a doubled marker is fetched until the marker is removed from all but one.
                reuse.forget(s.id());
            } else if (s.fresh()) {
                // A kept read is not remembered again: its window runs from when it was fetched.
                s.actual().ifPresentOrElse(a -> reuse.rememberOwned(s.id(), s.listing(), a),
                        () -> reuse.rememberForeign(s.id(), s.listing()));
            }
        }
        reuse.retainOnly(seen.stream().map(Seen::id).collect(Collectors.toSet()));
        index.replace(owned);
        return new Listing(resources, notices, seen.size(), (int) seen.stream().filter(s -> !s.fresh()).count(),
                owned.duplicates());
    }

    /**
     * Answers from the last read's listing. It lists again only when there was no read yet, or when a
     * create ended with an unknown outcome since (no answer, or a 5xx after the request was sent): the
     * profile may exist then, and must be adopted rather than made twice.
     */
    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        // A re-list fetches a profile bearing this key's name, so a marker added to it since is adopted.
        return index.find(key, () -> listProfiles(Set.of(profileName(key.name()))));
    }

    @Override
    public ActualResource create(Resource desired) {
        ProfileSpec spec = spec(desired, Optional.empty());
        String body = index.write(() -> rest.send("POST", paths.createProfile(), WorkspaceOnePaths.PROFILES_VERSION,
                payloads.profileBody(spec)));
        // The answer is the bare new id (201 for winrt, profiles_winrt_create.json).
        String id = body.trim().replace("\"", "");
        if (WorkspaceOnePayloads.id(new com.fasterxml.jackson.databind.node.TextNode(id)) == 0) {
            index.markStale();
            throw new VendorError(WorkspaceOneErrors.VENDOR, 200, null, null, "POST " + paths.createProfile().encodedPath()
                    + ": the answer is not the new profile id");
        }
        LOG.info("workspaceone profile created key={} profileId={}", desired.key(), id);
        return readBack(desired.key(), id);
    }


    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ProfileSpec spec = spec(desired, Optional.of(Long.parseLong(actual.vendorId())));
        // The profile may be known from a kept read only: it is written only while it still carries the marker.
        requireOwned(actual);
        // UEM answers 204 (or 200) without a body; the profile is read back for the outcome.
        try {
            rest.send("PUT", paths.updateProfile(), WorkspaceOnePaths.PROFILES_VERSION, payloads.profileBody(spec));
        } catch (RuntimeException e) {
            if (UnknownOutcome.of(e)) {
                // The profile may have changed under an unchanged name and status: the kept read cannot tell.
                reuse.forget(actual.vendorId());
            }
            throw e;
        }
        LOG.info("workspaceone profile updated key={} profileId={} changed={}", desired.key(), actual.vendorId(),
                changes.stream().map(AttributeChange::path).toList());
        return readBack(desired.key(), actual.vendorId());
    }

    @Override
    public void delete(ActualResource actual) {
        if (!requireOwned(actual)) {
            reuse.forget(actual.vendorId());
            index.remove(actual.key(), actual.vendorId());
            LOG.info("workspaceone profile deleted key={} profileId={} alreadyGone=true", actual.key(), actual.vendorId());
            return;
        }
        boolean deleted;
        try {
            deleted = rest.delete(paths.profile(actual.vendorId()), WorkspaceOnePaths.DELETE_VERSION);
        } finally {
            // Whatever the answer: a profile still there is fetched once more, which is all a lost record costs.
            reuse.forget(actual.vendorId());
        }
        index.remove(actual.key(), actual.vendorId());
        LOG.info("workspaceone profile deleted key={} profileId={} alreadyGone={}", actual.key(), actual.vendorId(), !deleted);
    }

    /**
     * Whether the profile is still there (re-read, since it may be known from a kept read only);
     * refuses when it no longer carries the marker of its key.
     */
    private boolean requireOwned(ActualResource actual) {
        Optional<ReadProfile> current = rest.getProfile(paths.profile(actual.vendorId()), WorkspaceOnePaths.PROFILES_VERSION)
                .map(payloads::read);
        if (current.isEmpty()) {
            return false;
        }
        try {
            index.requireOwned(actual.key(), actual.vendorId(), current.get().description());
        } catch (RuntimeException e) {
            reuse.forget(actual.vendorId());
            throw e;
        }
        return true;
    }

    /**
     * The profile a write answered with, read back: scephub's only if it carries this key's marker
     * (UEM could answer another profile's id); otherwise the write's outcome is unknown and the
     * next lookup lists again.
     */
    private ActualResource readBack(ResourceKey key, String id) {
        Optional<ReadProfile> profile;
        try {
            profile = rest.getProfile(paths.profile(id), WorkspaceOnePaths.PROFILES_VERSION).map(payloads::read);
        } catch (RuntimeException e) {
            index.markStale();
            reuse.forget(id);
            throw e;
        }
        if (profile.isEmpty()) {
            index.markStale();
            reuse.forget(id);
            throw new VendorError(WorkspaceOneErrors.VENDOR, 404, null, null, "profile " + id + " was written but cannot be read back");
        }
        ActualResource written = index.written(key, id, profile.get().description(), () -> actual(key, profile.get(), new Lookups()));
        // Under what the next search will show of it, so the next plan needs no GET for it.
        reuse.rememberOwned(id, profile.get().listing(), written);
        return written;
    }

    /** Resolves names to UEM ids; a missing authority, template or group stops here with what to do. */
    private ProfileSpec spec(Resource desired, Optional<Long> profileId) {
        Map<String, Object> a = desired.attributes();
        String scepUrl = String.valueOf(a.get(ATTR_OKTA_SCEP_URL));
        Named[] caAndTemplate = directory.certificateAuthorityAndTemplate(string(a, ATTR_CERTIFICATE_AUTHORITY),
                string(a, ATTR_CERTIFICATE_TEMPLATE), scepUrl);
        String description = OwnershipMarker.append(DESCRIPTION + "\n" + SCEP_URL_LINE + scepUrl, desired.key());
        return new ProfileSpec(profileId, string(a, ATTR_NAME), description, directory.organizationGroupId(),
                directory.smartGroups(strings(a, ATTR_ASSIGNED)), directory.smartGroups(strings(a, ATTR_EXCLUDED)),
                caAndTemplate[0].id(), caAndTemplate[1].id());
    }

    private ActualResource actual(ResourceKey key, ReadProfile profile, Lookups lookups) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(ATTR_NAME, profile.name());
        a.put(ATTR_ORGANIZATION_GROUP, profile.organizationGroupId() == directory.organizationGroupId()
                ? directory.organizationGroup() : "id:" + profile.organizationGroupId());
        a.put(ATTR_ACTIVE, profile.active());
        profile.scep().ifPresent(c -> {
            a.put(ATTR_CERTIFICATE_AUTHORITY, lookups.authorityName(c.certificateAuthorityId()));
            a.put(ATTR_CERTIFICATE_TEMPLATE, lookups.templateName(c.certificateAuthorityId(), c.certificateTemplateId()));
            a.put(ATTR_CERTIFICATE_SOURCE, c.source());
            a.put(ATTR_KEY_LOCATION, c.keyLocation());
            a.put(ATTR_STORE_LOCATION, c.storeLocation());
        });
        a.put(ATTR_ASSIGNED, sorted(profile.assigned()));
        a.put(ATTR_EXCLUDED, sorted(profile.excluded()));
        scepUrlIn(profile.description()).ifPresent(url -> a.put(ATTR_OKTA_SCEP_URL, url));
        return new ActualResource(key, id(), Long.toString(profile.id()), a, Map.of(OUT_ID, Long.toString(profile.id())),
                Set.of(ScepConfiguration.key(key.name())));
    }

    static Optional<String> scepUrlIn(String description) {
        return OwnershipMarker.strip(description).lines().filter(l -> l.startsWith(SCEP_URL_LINE))
                .map(l -> l.substring(SCEP_URL_LINE.length()).trim()).findFirst();
    }

    private static String string(Map<String, Object> attributes, String name) {
        return String.valueOf(attributes.get(name));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    // ----- EnrollmentCheck ---------------------------------------------------------------------------

    @Override
    public List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        List<CheckResult> results = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            if (!id().equals(enrollment.mdm())) {
                continue;
            }
            String subject = enrollment.name();
            if (enrollment.rotateSecretEvery().isPresent()) {
                results.add(CheckResult.warn(subject, "workspaceone.secret-rotation", "rotateSecretEvery is set, but the static "
                        + "secret lives in the console certificate authority and UEM has no REST call to change it, so it is not "
                        + "rotated automatically", "rotate by hand as workspaceone/README.md describes, or remove rotateSecretEvery"));
            }
            Object scepUrl = ScepConfiguration.output(actual.get(ScepConfiguration.key(subject)), ScepOutput.SCEP_URL).orElse("<Okta's SCEP URL of this enrollment, once created>");
            try {
                directory.certificateAuthorityAndTemplate(certificateAuthority, certificateTemplate, String.valueOf(scepUrl));
                results.add(CheckResult.pass(subject, "workspaceone.certificate-authority",
                        "certificate authority \"" + certificateAuthority + "\" with template \"" + certificateTemplate + "\" exists"));
            } catch (WorkspaceOneSetupError e) {
                results.add(CheckResult.fail(subject, "workspaceone.certificate-authority", "the console certificate authority or "
                        + "template is missing", e.getMessage()));
            }
            try {
                directory.smartGroups(enrollment.groups().include());
                directory.smartGroups(enrollment.groups().exclude());
                results.add(CheckResult.pass(subject, "workspaceone.smart-groups", "every smart group resolves to exactly one"));
            } catch (WorkspaceOneSetupError e) {
                results.add(CheckResult.fail(subject, "workspaceone.smart-groups", e.getMessage(),
                        "create the smart group in Groups & Settings > Groups > Assignment Groups, or fix its name in scephub.yaml"));
            }
            ActualResource profile = actual.get(new ResourceKey(KIND_PROFILE, subject));
            if (profile == null) {
                results.add(CheckResult.warn(subject, "workspaceone.profile", "no scephub credential profile yet", "run scephub apply"));
            } else if (!String.valueOf(scepUrl).equals(profile.attributes().get(ATTR_OKTA_SCEP_URL))) {
                results.add(CheckResult.warn(subject, "workspaceone.profile", "the profile was made for another Okta SCEP URL ("
                        + profile.attributes().get(ATTR_OKTA_SCEP_URL) + ")", "run scephub apply, and set SCEP URL " + scepUrl
                        + " on the console certificate authority \"" + certificateAuthority + "\""));
            } else {
                results.add(CheckResult.pass(subject, "workspaceone.profile", "profile " + profile.vendorId() + " is in place"));
            }
        }
        return results;
    }

    // ----- DeviceStatusReport ------------------------------------------------------------------------

    @Override
    public Optional<ResourceKey> statusProfile(EnrollmentSpec enrollment) {
        return WorkspaceOneConnectorProvider.ID.equals(enrollment.mdm())
                ? Optional.of(new ResourceKey(KIND_PROFILE, enrollment.name())) : Optional.empty();
    }

    @Override
    public void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink) {
        new WorkspaceOneDeviceStatus(rest, paths).deviceStatuses(enrollment, profile, sink);
    }

    // ----- CertificateFleet --------------------------------------------------------------------------

    @Override
    public Optional<ResourceKey> certificateProfile(EnrollmentSpec enrollment) {
        return statusProfile(enrollment);
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile) {
        return new WorkspaceOneReenrolment(rest, paths).fleet(profile);
    }

    @Override
    public FleetSnapshot fleet(ActualResource profile, Consumer<DeviceCertificate> sink) {
        return new WorkspaceOneReenrolment(rest, paths).fleet(profile, sink);
    }

    /**
     * Every in-place update is sent with {@code CreateNewVersion} (the only way UEM keeps more than the assignments),
     * and a new published version reaches every assigned device, which enrols again (see the README; unverified live).
     */
    @Override
    public Set<String> reissuingAttributes() {
        return Set.of(ATTR_NAME, ATTR_CERTIFICATE_AUTHORITY, ATTR_CERTIFICATE_TEMPLATE, ATTR_CERTIFICATE_SOURCE, ATTR_KEY_LOCATION,
                ATTR_STORE_LOCATION, ATTR_ASSIGNED, ATTR_EXCLUDED, ATTR_OKTA_SCEP_URL, ATTR_ACTIVE);
    }

    /** UEM pushes a profile to one device ({@code POST /API/mdm/profiles/{id}/install}), so the rings pick devices. */
    @Override
    public boolean reenrolsPerDevice() {
        return true;
    }

    @Override
    public void redistribute(ActualResource profile, Redistribution redistribution) {
        new WorkspaceOneReenrolment(rest, paths).redistribute(profile, redistribution);
    }

    // ----- DeviceTriage ------------------------------------------------------------------------------

    /** Looks the device up by hardware serial (UEM's device-profile list is searched by serial number here). */
    @Override
    public Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment) {
        Optional<JsonNode> answer = rest.get(paths.deviceProfilesBySerial(deviceNameOrSerial), WorkspaceOnePaths.SEARCH_VERSION);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Optional<ActualResource> owned = findOwned(new ResourceKey(KIND_PROFILE, enrollment.name()));
        if (owned.isEmpty()) {
            return Optional.of(status(deviceNameOrSerial, "", DeliveryState.PROFILE_MISSING, "no scephub profile"));
        }
        long profileId = Long.parseLong(owned.get().vendorId());
        String profileName = String.valueOf(owned.get().attributes().get(ATTR_NAME));
        for (JsonNode row : answer.get().path("DeviceProfiles")) {
            if (WorkspaceOnePayloads.id(row.path("Id")) == profileId) {
                int code = row.path("Status").asInt(-1);
                return Optional.of(status(deviceNameOrSerial, profileName, deliveryState(code), "status " + code));
            }
        }
        return Optional.of(status(deviceNameOrSerial, profileName, DeliveryState.NOT_ASSIGNED, "not in the device's profile list"));
    }

    /** UNCERTAIN (seen in scripts, not documented): 3 installed, 6 error, 0/1 pending. */
    static DeliveryState deliveryState(int status) {
        return switch (status) {
            case 3 -> DeliveryState.INSTALLED;
            case 6 -> DeliveryState.FAILED;
            case 0, 1 -> DeliveryState.PENDING;
            default -> DeliveryState.NO_STATUS;
        };
    }

    private static DeviceProfileStatus status(String serial, String profileName, DeliveryState state, String vendorStatus) {
        return new DeviceProfileStatus(serial, serial, Optional.of(serial), profileName, state, vendorStatus, Optional.empty());
    }

    /** Certificate-authority and template names by id, fetched once per read. */
    private final class Lookups {
        private Map<Long, String> authorities;
        private final Map<Long, Map<Long, String>> templates = new LinkedHashMap<>();

        String authorityName(long id) {
            if (authorities == null) {
                authorities = directory.certificateAuthorities().stream().collect(Collectors.toMap(Named::id, Named::name, (x, y) -> x));
            }
            return authorities.getOrDefault(id, "id:" + id);
        }

        String templateName(long authorityId, long templateId) {
            return templates.computeIfAbsent(authorityId, ca -> directory.certificateTemplates(ca).stream()
                    .collect(Collectors.toMap(Named::id, Named::name, (x, y) -> x))).getOrDefault(templateId, "id:" + templateId);
        }
    }
}
