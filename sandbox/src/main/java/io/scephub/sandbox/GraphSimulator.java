package io.scephub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph beta (Intune device configurations, their assignments, groups, $batch) and the
 * Entra ID token endpoint on the authority host. Bodies are checked against graph-beta-intune.json.
 * All state sits behind this object's lock.
 */
public final class GraphSimulator implements VendorSimulator {

    static final List<String> SEED_GROUPS = List.of("ODA Windows Pilot", "ODA Macs", "Kiosks", "Contractors");
    static final String SEED_PROFILE_NAME = "Corp Wi-Fi root";
    private static final int DEFAULT_PAGE_SIZE = 25;
    /**
     * Intune's server-chosen page for device collections without {@code $top}: 1,000 (observed, not documented:
     * microsoft/Intune-PowerShell-SDK issue 53; Graph's paging guide says only that page sizes differ by API).
     */
    static final int DEVICE_PAGE_SIZE = 1000;
    private static final int MAX_BATCH = 20;
    private static final String DEVICE_CONFIGURATIONS = "deviceConfigurations";
    private static final Pattern DISPLAY_NAME_EQ = Pattern.compile("^\\s*displayName\\s+eq\\s+'((?:[^']|'')*)'\\s*$");
    /** Groups only: Graph's group resource lists startsWith among displayName's $filter operators. */
    private static final Pattern DISPLAY_NAME_STARTS = Pattern.compile("^\\s*startswith\\(\\s*displayName\\s*,\\s*'((?:[^']|'')*)'\\s*\\)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern APP_BY_APP_ID = Pattern.compile("applications\\(appId='([0-9a-fA-F-]{36})'\\)");
    private static final Pattern BIND_TARGET = Pattern.compile("deviceConfigurations(?:\\('([^']+)'\\)|/([^/?()]+))\\s*$");
    private static final String GROUP_TARGETS_INCLUDE = "#microsoft.graph.groupAssignmentTarget";
    private static final String GROUP_TARGETS_EXCLUDE = "#microsoft.graph.exclusionGroupAssignmentTarget";
    private static final Set<String> GROUP_TARGETS = Set.of(GROUP_TARGETS_INCLUDE, GROUP_TARGETS_EXCLUDE);
    /** Graph's default page of directory objects (group members, devices); $top may ask up to 999. */
    private static final int DIRECTORY_PAGE_SIZE = 100;
    private static final Set<String> ALL_TARGETS = Set.of("#microsoft.graph.allDevicesAssignmentTarget",
            "#microsoft.graph.allLicensedUsersAssignmentTarget");

    private final ObjectMapper json;
    private final SandboxOptions options;
    private final Clock clock;
    private final GraphSchema schema;
    private final Ids ids;
    private final String seedRootCertificate;
    private final ChallengeIssuer challenges;
    private volatile String authorityHost = "http://127.0.0.1";

    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final ManagedDevices devices;
    private final EntraDirectory directory;
    /** Devices whose next SCEP enrolment fails (issueFailed), by name. */
    private final Set<String> failingEnrolments = new HashSet<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    /** Per SCEP profile id, the certificate each device holds from it (renewal simulation). */
    private final Map<String, List<DeviceCertificate>> deviceCertificates = new LinkedHashMap<>();
    /** The app registration's client secrets and certificates (displayName, endDateTime), for the expiry watch. */
    private final List<ObjectNode> passwordCredentials = new ArrayList<>();
    private final List<ObjectNode> keyCredentials = new ArrayList<>();
    /** Whether the app holds Application.Read.All; without it GET /applications answers 403 as Graph does. */
    private boolean applicationReadGranted;
    private long throttleWindow = -1;
    private int writesInWindow;
    private int requestsInWindow;

    GraphSimulator(ObjectMapper json, SandboxOptions options, Ids ids, Pki pki) {
        this.json = json;
        this.options = options;
        this.clock = options.clock();
        this.ids = ids;
        this.schema = GraphSchema.load(json);
        this.challenges = new ChallengeIssuer(json, pki, options.tenantId(), clock, new java.security.SecureRandom());
        this.devices = new ManagedDevices(json);
        this.directory = new EntraDirectory(json);
        Instant now = clock.instant();
        var corpRoot = pki.caCertificate("CN=Corp Wi-Fi Root CA,O=Example Corp", null,
                now.minus(java.time.Duration.ofDays(1)), java.time.Duration.ofDays(3650));
        try {
            this.seedRootCertificate = Base64.getEncoder().encodeToString(corpRoot.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("could not encode the seeded Wi-Fi root", e);
        }
        reset();
    }

    void bind(String authority) {
        this.authorityHost = authority;
    }

    private String graphBase() {
        return authorityHost + "/beta";
    }

    // ----- read-only views and helpers for tests and the demo -----------------------------------

    /** Every device configuration as a plain GET returns it (no root-certificate link). */
    public synchronized List<JsonNode> deviceConfigurations() {
        return profiles.values().stream().map(profile -> (JsonNode) entityJson(profile, Set.of(), Expand.NONE)).toList();
    }

    /** Renames a device configuration, as an admin would in the portal (nothing else changes). */
    public synchronized void renameProfile(String id, String displayName) {
        profiles.get(id).values.put("displayName", displayName);
    }

    /**
     * Copies a device configuration under another name, description and all, as an admin's
     * "duplicate" in the portal would (or a create that ran twice); answers the copy's id.
     */
    public synchronized String copyProfile(String id, String displayName) {
        Profile original = profiles.get(id);
        Profile copy = new Profile(original.type, UUID.randomUUID().toString(), clock.instant());
        copy.values = original.values.deepCopy();
        copy.values.put("displayName", displayName);
        copy.rootId = original.rootId;
        profiles.put(copy.id, copy);
        return copy.id;
    }

    /** Sets a device configuration's description, as an admin would in the portal (nothing else changes). */
    public synchronized void describeProfile(String id, String description) {
        profiles.get(id).values.put("description", description);
    }

    /** One device configuration, if it exists. */
    public synchronized Optional<JsonNode> deviceConfiguration(String id) {
        return Optional.ofNullable(profiles.get(id)).map(profile -> entityJson(profile, Set.of(), Expand.NONE));
    }

    /** The id of the trusted-root profile a SCEP profile is bound to. */
    public synchronized Optional<String> rootCertificateId(String profileId) {
        return Optional.ofNullable(profiles.get(profileId)).map(profile -> profile.rootId);
    }

    /** The assignments of a profile (empty when it has none or does not exist). */
    public synchronized List<JsonNode> assignments(String profileId) {
        Profile profile = profiles.get(profileId);
        return profile == null ? List.of() : profile.assignments.stream().map(node -> (JsonNode) node.deepCopy()).toList();
    }

    /** Adds a client secret to the sandbox's app registration (what {@code GET /applications(appId=...)} lists). */
    public synchronized void addPasswordCredential(String displayName, Instant endDateTime) {
        ObjectNode c = json.createObjectNode();
        c.putNull("customKeyIdentifier");
        c.put("displayName", displayName);
        c.put("endDateTime", endDateTime.toString());
        c.put("hint", "sbx");
        c.put("keyId", UUID.nameUUIDFromBytes(("sandbox-secret:" + displayName).getBytes(StandardCharsets.UTF_8)).toString());
        c.putNull("secretText");
        c.put("startDateTime", endDateTime.minus(java.time.Duration.ofDays(365)).toString());
        passwordCredentials.add(c);
    }

    /** Adds a certificate credential; {@code key} is null as in a GET without {@code $select=keyCredentials}. */
    public synchronized void addKeyCredential(String displayName, Instant endDateTime) {
        ObjectNode c = json.createObjectNode();
        c.putNull("customKeyIdentifier");
        c.put("displayName", displayName);
        c.put("endDateTime", endDateTime.toString());
        c.putNull("key");
        c.put("keyId", UUID.nameUUIDFromBytes(("sandbox-cert:" + displayName).getBytes(StandardCharsets.UTF_8)).toString());
        c.put("startDateTime", endDateTime.minus(java.time.Duration.ofDays(365)).toString());
        c.put("type", "AsymmetricX509Cert");
        c.put("usage", "Verify");
        keyCredentials.add(c);
    }

    /** Grants or withdraws Application.Read.All (granted after a reset). */
    public synchronized void grantApplicationRead(boolean granted) {
        applicationReadGranted = granted;
    }

    /** Every group. */
    public synchronized List<JsonNode> groups() {
        return groups.values().stream().map(node -> (JsonNode) node.deepCopy()).toList();
    }

    /** The id of the seeded group with this display name (ids are stable across starts). */
    public static String seededGroupId(String displayName) {
        return UUID.nameUUIDFromBytes(("sandbox-graph-group:" + displayName).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Adds a group (duplicate names allowed, to test ambiguity) and returns its id. */
    public synchronized String addGroup(String displayName) {
        String id = UUID.randomUUID().toString();
        groups.put(id, groupJson(id, displayName));
        return id;
    }

    /** Every managed device, as {@code GET /deviceManagement/managedDevices} lists them. */
    public synchronized List<JsonNode> managedDevices() {
        return devices.list(Optional.empty()).stream().map(node -> (JsonNode) node.deepCopy()).toList();
    }

    /** The id of a seeded demo device ({@code WIN-HEALTHY-01} or {@code WIN-BROKEN-02}); ids are stable across starts. */
    public static String seededDeviceId(String deviceName) {
        return ManagedDevices.seededDeviceId(deviceName);
    }

    /** Enrols another managed device (Windows) and returns its id. */
    public synchronized String addManagedDevice(String deviceName, String serialNumber) {
        directory.register(deviceName);
        return devices.add(UUID.randomUUID().toString(), deviceName, serialNumber, clock.instant());
    }

    /** The names of a group's device members. */
    public synchronized List<String> groupMembers(String groupId) {
        return List.copyOf(directory.members(groupId));
    }

    /** Makes a device's next SCEP enrolments fail ({@code issueFailed}) or succeed again. */
    public synchronized void failEnrolment(String device, boolean failing) {
        if (failing) {
            failingEnrolments.add(device);
        } else {
            failingEnrolments.remove(device);
        }
    }

    /**
     * Sets what Intune reports for a profile on a device, in Graph's complianceStatus words
     * ({@code compliant} is the portal's "Succeeded", {@code error}, {@code unknown} = pending, ...).
     */
    public synchronized void setDeviceStatus(String profileId, String deviceId, String status) {
        profile(profileId);
        devices.setStatus(profileId, deviceId, status, clock.instant());
    }

    /** A profile's per-device statuses, as {@code GET .../deviceStatuses} returns them. */
    public synchronized List<JsonNode> deviceStatuses(String profileId) {
        return devices.statuses(profileId).stream().map(node -> (JsonNode) node.deepCopy()).toList();
    }

    /** A valid access token, as the token endpoint would issue, for tests that call Graph directly. */
    public synchronized String issueAccessToken() {
        Instant now = clock.instant();
        String token = fakeJwt(now);
        accessTokens.put(token, now.plusSeconds(3599));
        return token;
    }

    /** The tenant's delegated SCEP challenge signer, also served on {@code /sandbox/intune/...}. */
    public ChallengeIssuer challenges() {
        return challenges;
    }

    /**
     * Gives a device a certificate from a SCEP profile, as if it had enrolled: it then appears in the
     * profile's {@code managedDeviceCertificateStates} and {@code deviceStatuses}. A later change
     * devices see (a PATCH of any property but displayName, description and roleScopeTagIds, or
     * another root) re-issues every device's certificate at once, at the sandbox clock's now, for
     * the profile's validity; a description-only PATCH is a new version and re-issues nothing.
     */
    public synchronized void addDeviceCertificate(String profileId, String device, Instant issuedAt, Instant expiresAt) {
        Profile profile = profiles.get(profileId);
        if (profile == null || !isScep(profile.type)) {
            throw new IllegalArgumentException("no SCEP profile with id " + profileId);
        }
        String name = directory.register(device);
        // It got the certificate by being in the profile's scope: it is a member of the groups the profile is assigned to.
        includeGroups(profile).forEach(groupId -> directory.add(groupId, name));
        deviceCertificates.computeIfAbsent(profileId, k -> new ArrayList<>())
                .add(new DeviceCertificate(UUID.randomUUID().toString(), name, serial(), issuedAt, expiresAt, issuedAt, ISSUED));
    }

    /** The certificates devices hold from a profile, as {@code managedDeviceCertificateStates} returns them. */
    public synchronized List<JsonNode> deviceCertificates(String profileId) {
        return deviceCertificates.getOrDefault(profileId, List.of()).stream().map(c -> (JsonNode) c.stateJson(json)).toList();
    }

    private static final String ISSUED = "issued";
    private static final String ISSUE_FAILED = "issueFailed";

    /** @param state Graph's certificateIssuanceStates word: {@code issued}, or {@code issueFailed} (no certificate then) */
    private record DeviceCertificate(String id, String device, String serial, Instant issuedAt, Instant expiresAt,
                                     Instant lastReported, String state) {
        boolean issued() {
            return state.equals(ISSUED);
        }

        ObjectNode stateJson(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            node.put("id", id);
            node.put("deviceDisplayName", device);
            node.put("certificateSerialNumber", serial);
            node.put("certificateIssuanceState", state);
            node.put("certificateIssuanceDateTime", issuedAt.toString());
            node.put("certificateExpirationDateTime", expiresAt.toString());
            node.put("lastCertificateStateChangeDateTime", issuedAt.toString());
            node.put("certificateThumbprint", thumbprint(serial));
            node.put("certificateErrorCode", 0);
            return node;
        }

        ObjectNode statusJson(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            node.put("id", id);
            node.put("deviceDisplayName", device);
            // Graph's complianceStatus enum has no "succeeded": the portal's "Succeeded" is compliant.
            node.put("status", issued() ? "compliant" : "error");
            node.put("lastReportedDateTime", lastReported.toString());
            return node;
        }
    }

    /** A stable SHA-1-sized hex stand-in for the thumbprint of the certificate with this serial. */
    private static String thumbprint(String serial) {
        return UUID.nameUUIDFromBytes(serial.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").toUpperCase(java.util.Locale.ROOT)
                + serial.substring(0, 8);
    }

    private static String serial() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(java.util.Locale.ROOT);
    }

    /** A new profile version reaches every device: each enrols again for a fresh certificate. */
    private void reissue(Profile profile, Instant now) {
        List<DeviceCertificate> held = deviceCertificates.get(profile.id);
        if (held == null) {
            return;
        }
        int value = profile.values.path("certificateValidityPeriodValue").asInt(1);
        String scale = profile.values.path("certificateValidityPeriodScale").asText("years");
        java.time.ZonedDateTime from = now.atZone(java.time.ZoneOffset.UTC);
        java.time.ZonedDateTime expiry = switch (scale) {
            case "days" -> from.plusDays(value);
            case "months" -> from.plusMonths(value);
            default -> from.plusYears(value);
        };
        Instant expires = expiry.toInstant();
        held.replaceAll(c -> new DeviceCertificate(c.id(), c.device(), serial(), now, expires, now, ISSUED));
    }

    private static Instant validityEnd(Profile profile, Instant now) {
        int value = profile.values.path("certificateValidityPeriodValue").asInt(1);
        String scale = profile.values.path("certificateValidityPeriodScale").asText("years");
        java.time.ZonedDateTime from = now.atZone(java.time.ZoneOffset.UTC);
        java.time.ZonedDateTime end = switch (scale) {
            case "days" -> from.plusDays(value);
            case "months" -> from.plusMonths(value);
            default -> from.plusYears(value);
        };
        return end.toInstant();
    }

    // ----- issuance by assignment -------------------------------------------------------------------

    private List<String> includeGroups(Profile profile) {
        return profile.assignments.stream().filter(a -> a.path("target").path("@odata.type").asText().equals(GROUP_TARGETS_INCLUDE))
                .map(a -> a.path("target").path("groupId").asText()).toList();
    }

    private List<String> excludeGroups(Profile profile) {
        return profile.assignments.stream().filter(a -> a.path("target").path("@odata.type").asText().equals(GROUP_TARGETS_EXCLUDE))
                .map(a -> a.path("target").path("groupId").asText()).toList();
    }

    /** Intune's rule: a device is targeted when an included group holds it and no excluded group does (exclusion wins). */
    private boolean inScope(Profile profile, String device) {
        return includeGroups(profile).stream().anyMatch(g -> directory.isMember(g, device))
                && excludeGroups(profile).stream().noneMatch(g -> directory.isMember(g, device));
    }

    private List<Profile> scepProfilesTargeting(String groupId) {
        return profiles.values().stream().filter(p -> isScep(p.type))
                .filter(p -> includeGroups(p).contains(groupId) || excludeGroups(p).contains(groupId)).toList();
    }

    /**
     * Deletes a group: its members leave it, so a SCEP profile that excluded it reaches them again and one that included
     * it no longer does (each acts on it as on any membership change); assignments naming the group stay as they are.
     */
    private void dropGroup(String groupId, Instant now) {
        List<String> members = List.copyOf(directory.members(groupId));
        List<Profile> affected = scepProfilesTargeting(groupId);
        Map<Profile, Map<String, Boolean>> before = new LinkedHashMap<>();
        affected.forEach(p -> {
            Map<String, Boolean> was = new LinkedHashMap<>();
            members.forEach(d -> was.put(d, inScope(p, d)));
            before.put(p, was);
        });
        groups.remove(groupId);
        directory.dropGroup(groupId);
        before.forEach((p, was) -> was.forEach((d, in) -> moved(p, d, in, inScope(p, d), now)));
    }

    /** Takes a device out of a group, as an admin in the Entra portal would; profiles act on it as on any membership change. */
    public synchronized void removeGroupMember(String groupId, String device) {
        if (!directory.isMember(groupId, device)) {
            throw new IllegalArgumentException(device + " is not a member of group " + groupId);
        }
        changingMembership(groupId, device, () -> directory.remove(groupId, device), clock.instant());
    }

    /** Deletes a device configuration as an admin in the Intune portal would: its assignments and certificates go with it. */
    public synchronized void deleteDeviceConfiguration(String id) {
        Profile profile = profile(id);
        refuseIfBound(profile);
        profiles.remove(profile.id);
        deviceCertificates.remove(profile.id);
    }

    /** Runs a membership change and lets every SCEP profile it moves the device into or out of act on it. */
    private void changingMembership(String groupId, String device, Runnable change, Instant now) {
        List<Profile> affected = scepProfilesTargeting(groupId);
        Map<Profile, Boolean> before = new LinkedHashMap<>();
        affected.forEach(p -> before.put(p, inScope(p, device)));
        change.run();
        before.forEach((p, was) -> moved(p, device, was, inScope(p, device), now));
    }

    /**
     * A device entering a SCEP profile's scope enrols for a certificate from it (unless it holds one already); one
     * leaving it loses that profile's certificate (Intune removes it from the device). Nothing else issues one.
     */
    private void moved(Profile profile, String device, boolean was, boolean is, Instant now) {
        List<DeviceCertificate> held = deviceCertificates.computeIfAbsent(profile.id, k -> new ArrayList<>());
        if (!was && is) {
            boolean holds = held.stream().anyMatch(c -> c.device().equals(device) && c.issued());
            if (!holds) {
                held.removeIf(c -> c.device().equals(device));
                held.add(failingEnrolments.contains(device)
                        ? new DeviceCertificate(UUID.randomUUID().toString(), device, serial(), now, now, now, ISSUE_FAILED)
                        : new DeviceCertificate(UUID.randomUUID().toString(), device, serial(), now, validityEnd(profile, now), now, ISSUED));
            }
        } else if (was && !is) {
            held.removeIf(c -> c.device().equals(device));
        }
    }

    private SimResponse deviceStates(Profile profile, String navigation, SimRequest request) {
        List<DeviceCertificate> held = deviceCertificates.getOrDefault(profile.id, List.of());
        String self = graphBase() + "/deviceManagement/deviceConfigurations/" + profile.id + "/microsoft.graph." + profile.type
                + "/" + navigation;
        return pagedCollection(held, c -> c.stateJson(json), request, self, graphBase() + "/$metadata#" + navigation,
                DEVICE_PAGE_SIZE);
    }

    // ----- VendorSimulator -----------------------------------------------------------------------

    @Override
    public Vendor vendorOf(SimRequest request) {
        return request.path().equals("/beta") || request.path().startsWith("/beta/") || isSandboxIntune(request)
                ? Vendor.GRAPH : Vendor.ENTRA;
    }

    @Override
    public boolean isCreate(SimRequest request) {
        List<String> s = request.segments();
        return request.method().equals("POST") && s.size() == 3 && s.get(1).equals("deviceManagement")
                && s.get(2).equals(DEVICE_CONFIGURATIONS);
    }

    /** A device configuration without scephub's marker, as a create's 201 body. */
    @Override
    public synchronized Optional<SimResponse> foreignAnswer(SimRequest request) {
        return profiles.values().stream().filter(p -> !p.values.path("description").asText("").contains("[scephub:"))
                .findFirst().map(profile -> SimResponse.json(201, write(withContext(entityJson(profile, Set.of(), Expand.NONE),
                        graphBase() + "/$metadata#deviceManagement/deviceConfigurations/$entity"))));
    }

    @Override
    public synchronized void reset() {
        profiles.clear();
        deviceCertificates.clear();
        groups.clear();
        accessTokens.clear();
        passwordCredentials.clear();
        keyCredentials.clear();
        applicationReadGranted = true;
        throttleWindow = -1;
        writesInWindow = 0;
        requestsInWindow = 0;
        for (String name : SEED_GROUPS) {
            String id = seededGroupId(name);
            groups.put(id, groupJson(id, name));
        }
        Instant created = clock.instant();
        devices.reset(created);
        directory.reset();
        failingEnrolments.clear();
        devices.list(Optional.empty()).forEach(d -> directory.register(d.path("deviceName").asText()));
        addPasswordCredential("scephub sandbox secret", created.plus(java.time.Duration.ofDays(730)));
        Profile seed = new Profile("windows81TrustedRootCertificate",
                UUID.nameUUIDFromBytes("sandbox-graph-profile:corp-wifi-root".getBytes(StandardCharsets.UTF_8)).toString(),
                created);
        seed.values.put("displayName", SEED_PROFILE_NAME);
        seed.values.put("description", "Wi-Fi trust anchor, managed by hand by the IT team");
        seed.values.put("trustedRootCertificate", seedRootCertificate);
        seed.values.put("certFileName", "corp-wifi-root.cer");
        seed.values.put("destinationStore", "computerCertStoreRoot");
        seed.assignments.add(assignmentJson(seed.id, "#microsoft.graph.groupAssignmentTarget",
                seededGroupId("Contractors"), "apply"));
        profiles.put(seed.id, seed);
    }

    @Override
    public synchronized SimResponse handle(SimRequest request) {
        Instant now = clock.instant();
        try {
            if (vendorOf(request) == Vendor.ENTRA) {
                return entra(request, now);
            }
            authenticate(request, now);
            if (isSandboxIntune(request)) {
                return sandboxIntune(request);
            }
            return graph(request, now, true);
        } catch (GraphError e) {
            SimResponse response = graphError(e.status, e.code, e.getMessage(), now);
            return e.retryAfter == null ? response : response.withHeader("Retry-After", e.retryAfter);
        }
    }

    @Override
    public synchronized SimResponse faultResponse(Vendor vendor, Fault.Status fault) {
        Instant now = clock.instant();
        SimResponse response;
        if (vendor == Vendor.ENTRA) {
            ObjectNode body = json.createObjectNode();
            body.put("error", fault.status() == 429 ? "temporarily_unavailable" : "server_error");
            body.put("error_description", "AADSTS90033: A transient error has occurred. Please try again. Trace ID: "
                    + UUID.randomUUID() + " Timestamp: " + now);
            response = SimResponse.json(fault.status(), write(body));
        } else {
            String code = switch (fault.status()) {
                case 429 -> "TooManyRequests";
                case 503 -> "ServiceUnavailable";
                case 504 -> "GatewayTimeout";
                case 401 -> "InvalidAuthenticationToken";
                case 403 -> "Authorization_RequestDenied";
                case 404 -> "ResourceNotFound";
                default -> fault.status() >= 500 ? "InternalServerError" : "BadRequest";
            };
            response = graphError(fault.status(), code, "Injected by the sandbox: " + code, now);
        }
        if (fault.retryAfter().isPresent()) {
            response = response.withHeader("Retry-After", fault.retryAfter().get());
        }
        return response;
    }

    // ----- Entra ID ----------------------------------------------------------------------------

    private SimResponse entra(SimRequest request, Instant now) {
        List<String> s = request.segments();
        if (s.size() == 4 && s.get(1).equals("oauth2") && s.get(2).equals("v2.0") && s.get(3).equals("token")
                && request.method().equals("POST")) {
            return token(s.get(0), request, now);
        }
        if (s.size() == 4 && s.get(1).equals("v2.0") && s.get(2).equals(".well-known")
                && s.get(3).equals("openid-configuration")) {
            ObjectNode body = json.createObjectNode();
            String tenant = s.get(0);
            body.put("issuer", authorityHost + "/" + tenant + "/v2.0");
            body.put("token_endpoint", authorityHost + "/" + tenant + "/oauth2/v2.0/token");
            body.put("authorization_endpoint", authorityHost + "/" + tenant + "/oauth2/v2.0/authorize");
            body.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt");
            return SimResponse.json(200, write(body));
        }
        if (s.equals(List.of("common", "discovery", "instance"))) {
            String host = authorityHost.replaceFirst("^https?://", "");
            ObjectNode body = json.createObjectNode();
            body.put("tenant_discovery_endpoint", authorityHost + "/" + options.tenantId()
                    + "/v2.0/.well-known/openid-configuration");
            body.put("api-version", "1.1");
            ObjectNode metadata = body.putArray("metadata").addObject();
            metadata.put("preferred_network", host);
            metadata.put("preferred_cache", host);
            metadata.putArray("aliases").add(host);
            return SimResponse.json(200, write(body));
        }
        return aadError(404, "invalid_request", 900561, "AADSTS900561: The endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/token.", now);
    }

    private SimResponse token(String tenant, SimRequest request, Instant now) {
        Map<String, List<String>> form = SimRequest.parseQuery(request.body());
        if (!tenant.equals(options.tenantId())) {
            return aadError(400, "invalid_request", 90002, "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID.", now);
        }
        if (!"client_credentials".equals(SimRequest.first(form, "grant_type"))) {
            return aadError(400, "unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported grant type '" + SimRequest.first(form, "grant_type") + "'.", now);
        }
        String clientId = SimRequest.first(form, "client_id");
        if (!options.clientId().equals(clientId)) {
            return aadError(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + clientId + "' was not found in the directory '" + tenant + "'.", now);
        }
        if (!options.clientSecret().equals(SimRequest.first(form, "client_secret"))) {
            return aadError(401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.", now);
        }
        String scope = SimRequest.first(form, "scope");
        if (scope == null || !scope.trim().endsWith("/.default")) {
            return aadError(400, "invalid_scope", 1002012, "AADSTS1002012: The provided value for scope " + scope + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", now);
        }
        String token = fakeJwt(now);
        accessTokens.put(token, now.plusSeconds(3599));
        ObjectNode body = json.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", 3599);
        body.put("ext_expires_in", 3599);
        body.put("access_token", token);
        return SimResponse.json(200, write(body));
    }

    private SimResponse aadError(int status, String error, int code, String description, Instant now) {
        String traceId = UUID.randomUUID().toString();
        ObjectNode body = json.createObjectNode();
        body.put("error", error);
        body.put("error_description", description + " Trace ID: " + traceId + " Correlation ID: " + UUID.randomUUID()
                + " Timestamp: " + now);
        body.putArray("error_codes").add(code);
        body.put("timestamp", now.toString());
        body.put("trace_id", traceId);
        body.put("correlation_id", UUID.randomUUID().toString());
        body.put("error_uri", authorityHost + "/error?code=" + code);
        return SimResponse.json(status, write(body));
    }

    private String fakeJwt(Instant now) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"" + options.tenantId()
                + "\",\"appid\":\"" + options.clientId() + "\",\"roles\":[\"DeviceManagementConfiguration.ReadWrite.All\",\"Group.Read.All\",\"DeviceManagementManagedDevices.Read.All\"],\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 3599) + ",\"uti\":\"" + ids.base62(22) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + ids.base62(86);
    }

    private void authenticate(SimRequest request, Instant now) {
        String authorization = request.header("Authorization").orElse("");
        if (authorization.isEmpty()) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        if (!authorization.startsWith("Bearer ")) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure: expected a Bearer token.");
        }
        Instant expiry = accessTokens.get(authorization.substring("Bearer ".length()));
        if (expiry == null) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        }
        if (!expiry.isAfter(now)) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
        }
    }

    // ----- sandbox-only Intune helpers (not Graph paths) ------------------------------------------

    private static final String SANDBOX_INTUNE = "/sandbox/intune/";
    private static final Set<String> CHALLENGE_MEMBERS = Set.of("audience", "subject", "platform", "csrPublicKey",
            "lifetimeSeconds", "useKid", "scephubCsr", "defects");

    private static boolean isSandboxIntune(SimRequest request) {
        return request.path().startsWith(SANDBOX_INTUNE);
    }

    /**
     * Lets tools outside the JVM get what {@link ChallengeIssuer} offers: the signer's trust material,
     * and challenges as Intune would hand them to a device. Not throttled, Bearer auth as Graph.
     */
    private SimResponse sandboxIntune(SimRequest request) {
        String what = request.path().substring(SANDBOX_INTUNE.length());
        if (what.equals("challenge-signer")) {
            requireMethod(request.method(), "GET");
            ObjectNode body = json.createObjectNode();
            body.put("issuer", challenges.issuer());
            body.put("trustAnchorPem", challenges.signerRootPem());
            body.put("signerChainPem", challenges.signerChainPem());
            body.put("signerEku", challenges.signerEku());
            body.put("kid", challenges.kid());
            body.put("kidPublicKeyPem", challenges.kidPublicKeyPem());
            return ok(body);
        }
        if (what.equals("challenges")) {
            requireMethod(request.method(), "POST");
            String challenge;
            try {
                challenge = challenges.issue(challengeRequest(objectBody(request)));
            } catch (IllegalArgumentException e) {
                throw new GraphError(400, "BadRequest", e.getMessage());
            }
            // The challenge is a secret: keep it out of caches.
            return ok(json.createObjectNode().put("challenge", challenge)).withHeader("Cache-Control", "no-store");
        }
        throw new GraphError(404, "ResourceNotFound", "Sandbox path '" + request.path()
                + "' is unknown; expected " + SANDBOX_INTUNE + "challenges or " + SANDBOX_INTUNE + "challenge-signer.");
    }

    private ChallengeRequest challengeRequest(ObjectNode body) {
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!CHALLENGE_MEMBERS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new GraphError(400, "BadRequest", "Unknown members " + unknown + " in the challenge request; expected some of "
                    + CHALLENGE_MEMBERS.stream().sorted().toList() + ".");
        }
        var builder = ChallengeRequest.builder(requiredText(body, "audience"), requiredText(body, "subject"));
        optionalText(body, "platform").ifPresent(builder::platform);
        optionalText(body, "csrPublicKey").ifPresent(base64 -> builder.csrPublicKey(decodeSpki(base64)));
        JsonNode lifetime = body.get("lifetimeSeconds");
        if (lifetime != null && !lifetime.isNull()) {
            if (!lifetime.canConvertToLong() || !lifetime.isIntegralNumber() || lifetime.asLong() <= 0) {
                throw new GraphError(400, "BadRequest", "Member 'lifetimeSeconds' is " + lifetime
                        + "; expected a positive whole number of seconds.");
            }
            builder.lifetime(java.time.Duration.ofSeconds(lifetime.asLong()));
        }
        JsonNode useKid = body.get("useKid");
        if (useKid != null && !useKid.isNull()) {
            if (!useKid.isBoolean()) {
                throw new GraphError(400, "BadRequest", "Member 'useKid' is " + useKid + "; expected true or false.");
            }
            builder.useKid(useKid.booleanValue());
        }
        JsonNode constraints = body.get("scephubCsr");
        if (constraints != null && !constraints.isNull()) {
            if (!constraints.isObject()) {
                throw new GraphError(400, "BadRequest", "Member 'scephubCsr' is " + constraints.getNodeType()
                        + "; expected a JSON object.");
            }
            constraints.fields().forEachRemaining(member -> builder.csrConstraint(member.getKey(),
                    json.convertValue(member.getValue(), Object.class)));
        }
        JsonNode defects = body.get("defects");
        if (defects != null && !defects.isNull()) {
            if (!defects.isArray()) {
                throw new GraphError(400, "BadRequest", "Member 'defects' is " + defects.getNodeType()
                        + "; expected an array of " + java.util.Arrays.toString(ChallengeDefect.values()) + ".");
            }
            for (JsonNode defect : defects) {
                builder.defect(defect(defect));
            }
        }
        return builder.build();
    }

    private static ChallengeDefect defect(JsonNode value) {
        for (ChallengeDefect defect : ChallengeDefect.values()) {
            if (value.isTextual() && defect.name().equals(value.asText())) {
                return defect;
            }
        }
        throw new GraphError(400, "BadRequest", "Defect " + value + " is unknown; expected one of "
                + java.util.Arrays.toString(ChallengeDefect.values()) + ".");
    }

    private static byte[] decodeSpki(String base64) {
        try {
            // Standard base64 as asked; base64url is accepted too since JOSE tools often emit it.
            return base64.contains("-") || base64.contains("_")
                    ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GraphError(400, "BadRequest", "Member 'csrPublicKey' is not base64; expected the CSR's DER "
                    + "SubjectPublicKeyInfo in base64.");
        }
    }

    private static String requiredText(ObjectNode body, String member) {
        return optionalText(body, member).orElseThrow(() -> new GraphError(400, "BadRequest",
                "Member '" + member + "' is missing from the challenge request; expected a string."));
    }

    private static Optional<String> optionalText(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new GraphError(400, "BadRequest", "Member '" + member + "' is " + value.getNodeType() + "; expected a string.");
        }
        return Optional.of(value.asText());
    }

    // ----- Graph routing -------------------------------------------------------------------------

    private SimResponse graph(SimRequest request, Instant now, boolean allowBatch) {
        List<String> s = request.segments().subList(1, request.segments().size());
        String method = request.method();
        if (s.equals(List.of("$batch"))) {
            if (!allowBatch) {
                throw new GraphError(400, "BadRequest", "A $batch request cannot contain another $batch.");
            }
            requireMethod(method, "POST");
            return batch(request, now);
        }
        if (!s.isEmpty() && s.get(0).equals("groups")) {
            // Graph throttles every request; Entra's directory limits are far above Intune's, so Intune's counter stands for both.
            throttle(method, now);
            if (s.size() == 1) {
                return switch (method) {
                    case "GET" -> listGroups(request);
                    case "POST" -> createGroup(request, now);
                    default -> throw methodNotAllowed();
                };
            }
            ObjectNode group = groups.get(s.get(1));
            if (group == null) {
                throw new GraphError(404, "Request_ResourceNotFound", "Resource '" + s.get(1)
                        + "' does not exist or one of its queried reference-property objects are not present.");
            }
            String groupId = s.get(1);
            if (s.size() == 2) {
                return switch (method) {
                    case "GET" -> ok(withContext(group.deepCopy(), graphBase() + "/$metadata#groups/$entity"));
                    case "PATCH" -> patchGroup(group, request, now);
                    case "DELETE" -> {
                        dropGroup(groupId, now);
                        yield SimResponse.empty(204);
                    }
                    default -> throw methodNotAllowed();
                };
            }
            if (s.get(2).equals("members")) {
                return members(groupId, s.subList(3, s.size()), request, now);
            }
            throw new GraphError(400, "Request_BadRequest", "Resource not found for the segment '" + s.get(2) + "'.");
        }
        if (s.equals(List.of("devices"))) {
            requireMethod(method, "GET");
            throttle(method, now);
            return listDevices(request);
        }
        if (!s.isEmpty() && s.get(0).startsWith("applications")) {
            requireMethod(method, "GET");
            throttle(method, now);
            return application(s, request);
        }
        if (s.size() >= 2 && s.get(0).equals("deviceManagement") && s.get(1).equals("managedDevices")) {
            requireMethod(method, "GET");
            throttle(method, now);
            return managedDevices(s.subList(2, s.size()), request);
        }
        if (s.size() < 2 || !s.get(0).equals("deviceManagement") || !s.get(1).startsWith(DEVICE_CONFIGURATIONS)) {
            throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + (s.isEmpty() ? "" : s.get(0)) + "'.");
        }
        throttle(method, now);
        String keySegment = s.get(1);
        String id;
        List<String> rest;
        if (keySegment.equals(DEVICE_CONFIGURATIONS)) {
            if (s.size() == 2) {
                return switch (method) {
                    case "GET" -> listProfiles(request);
                    case "POST" -> createProfile(request, now);
                    default -> throw methodNotAllowed();
                };
            }
            id = s.get(2);
            rest = s.subList(3, s.size());
        } else {
            Matcher key = Pattern.compile("^deviceConfigurations\\('([^']+)'\\)$").matcher(keySegment);
            if (!key.matches()) {
                throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + keySegment + "'.");
            }
            id = key.group(1);
            rest = s.subList(2, s.size());
        }
        Profile profile = profile(id);
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> getProfile(profile, request);
                case "PATCH" -> patchProfile(profile, request, now);
                case "DELETE" -> {
                    refuseIfBound(profile);
                    profiles.remove(profile.id);
                    deviceCertificates.remove(profile.id);
                    yield SimResponse.empty(204);
                }
                default -> throw methodNotAllowed();
            };
        }
        if (rest.equals(List.of("assign"))) {
            requireMethod(method, "POST");
            return assign(profile, request);
        }
        if (rest.equals(List.of("assignments"))) {
            requireMethod(method, "GET");
            String self = graphBase() + "/deviceManagement/deviceConfigurations/" + profile.id + "/assignments";
            return pagedCollection(copies(profile.assignments), request, self, graphBase()
                    + "/$metadata#deviceManagement/deviceConfigurations('" + profile.id + "')/assignments");
        }
        if (rest.equals(List.of("deviceStatuses"))) {
            requireMethod(method, "GET");
            // The seeded devices' statuses, then one per held certificate; rendered only for the page asked for.
            List<ObjectNode> seeded = devices.statuses(profile.id);
            List<DeviceCertificate> held = deviceCertificates.getOrDefault(profile.id, List.of());
            List<ObjectNode> statuses = new java.util.AbstractList<>() {
                @Override
                public ObjectNode get(int index) {
                    return index < seeded.size() ? seeded.get(index).deepCopy() : held.get(index - seeded.size()).statusJson(json);
                }

                @Override
                public int size() {
                    return seeded.size() + held.size();
                }
            };
            String self = graphBase() + "/deviceManagement/deviceConfigurations/" + profile.id + "/deviceStatuses";
            return pagedCollection(statuses, node -> node, request, self, graphBase()
                    + "/$metadata#deviceManagement/deviceConfigurations('" + profile.id + "')/deviceStatuses", DEVICE_PAGE_SIZE);
        }
        if (rest.get(0).equals("managedDeviceCertificateStates") || rest.get(0).equals("rootCertificate")) {
            // Declared on the derived SCEP types only (Graph beta metadata): the base type has no such property.
            throw new GraphError(400, "BadRequest", "Could not find a property named '" + rest.get(0)
                    + "' on type 'microsoft.graph.deviceConfiguration'; address it through the type cast "
                    + "/deviceConfigurations/{id}/microsoft.graph." + (isScep(profile.type) ? profile.type : "<SCEP profile type>")
                    + "/" + rest.get(0) + ".");
        }
        List<String> nav = rest;
        boolean typeCast = false;
        if (nav.get(0).startsWith("microsoft.graph.")) {
            typeCast = true;
            String cast = nav.get(0).substring("microsoft.graph.".length());
            if (!cast.equals(profile.type)) {
                throw new GraphError(400, "BadRequest", "The type cast 'microsoft.graph." + cast + "' does not match profile "
                        + profile.id + ", which is a 'microsoft.graph." + profile.type + "'.");
            }
            nav = nav.subList(1, nav.size());
            if (nav.equals(List.of("managedDeviceCertificateStates")) && isScep(profile.type)) {
                requireMethod(method, "GET");
                return deviceStates(profile, nav.get(0), request);
            }
        }
        if (typeCast && !nav.isEmpty() && nav.get(0).equals("rootCertificate") && nav.size() <= 2) {
            if (!isScep(profile.type)) {
                throw new GraphError(400, "BadRequest", "Could not find a property named 'rootCertificate' on type 'microsoft.graph."
                        + profile.type + "'.");
            }
            boolean ref = nav.size() == 2 && nav.get(1).equals("$ref");
            if (nav.size() == 2 && !ref) {
                throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + nav.get(1) + "'.");
            }
            return rootCertificate(profile, method, ref, request, now);
        }
        throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + rest.get(0) + "'.");
    }

    /** Intune refuses to delete a trusted-root profile that a SCEP profile still uses as its root. */
    private void refuseIfBound(Profile root) {
        List<String> users = profiles.values().stream().filter(p -> root.id.equals(p.rootId)).map(p -> p.id).toList();
        if (!users.isEmpty()) {
            throw new GraphError(400, "BadRequest", "The trusted root certificate profile '" + root.id
                    + "' cannot be deleted: it is the rootCertificate of " + users
                    + "; delete those SCEP profiles or bind them to another root first.");
        }
    }

    private static List<ObjectNode> copies(List<ObjectNode> nodes) {
        return nodes.stream().map(ObjectNode::deepCopy).toList();
    }

    /** Intune's per-app limits per 20-second window: writes and all requests counted separately. */
    private void throttle(String method, Instant now) {
        long window = now.getEpochSecond() / 20;
        if (window != throttleWindow) {
            throttleWindow = window;
            writesInWindow = 0;
            requestsInWindow = 0;
        }
        boolean write = !method.equals("GET");
        boolean overAll = options.graphRequestsPer20s() > 0 && requestsInWindow >= options.graphRequestsPer20s();
        boolean overWrites = write && options.graphWritesPer20s() > 0 && writesInWindow >= options.graphWritesPer20s();
        if (overAll || overWrites) {
            long retryAfter = Math.max(1, (window + 1) * 20 - now.getEpochSecond());
            throw new GraphError(429, "TooManyRequests", "Too many requests: Intune allows "
                    + (overWrites ? options.graphWritesPer20s() + " writes" : options.graphRequestsPer20s() + " requests")
                    + " per app per 20 seconds.", Long.toString(retryAfter));
        }
        requestsInWindow++;
        if (write) {
            writesInWindow++;
        }
    }

    // ----- device configurations ------------------------------------------------------------------

    private SimResponse listProfiles(SimRequest request) {
        List<Profile> matching = new ArrayList<>(profiles.values());
        Optional<String> filter = request.param("$filter");
        if (filter.isPresent()) {
            String name = displayNameFilter(filter.get());
            matching.removeIf(profile -> !name.equals(profile.values.path("displayName").asText(null)));
        }
        // On the base entity set only the base type's properties can be selected (derived ones need a type cast).
        Set<String> select = select(request, BASE_PROPERTIES, "deviceConfiguration");
        Expand expand = expand(request);
        List<ObjectNode> items = matching.stream().map(profile -> entityJson(profile, select, expand)).toList();
        return pagedCollection(items, request, graphBase() + "/deviceManagement/deviceConfigurations",
                graphBase() + "/$metadata#deviceManagement/deviceConfigurations");
    }

    /** deviceConfiguration's own properties (msgraph-metadata beta-entity-types.json) plus the key. */
    private static final Set<String> BASE_PROPERTIES = Set.of("id", "createdDateTime", "description",
            "deviceManagementApplicabilityRuleDeviceMode", "deviceManagementApplicabilityRuleOsEdition",
            "deviceManagementApplicabilityRuleOsVersion", "displayName", "lastModifiedDateTime", "roleScopeTagIds",
            "supportsScopeTags", "version");

    private SimResponse getProfile(Profile profile, SimRequest request) {
        Set<String> allowed = new LinkedHashSet<>(schema.properties(profile.type));
        Set<String> select = select(request, allowed, profile.type);
        ObjectNode entity = entityJson(profile, select, expand(request));
        return ok(withContext(entity, graphBase() + "/$metadata#deviceManagement/deviceConfigurations/$entity"));
    }

    private SimResponse createProfile(SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        String odataType = body.path("@odata.type").asText("");
        if (odataType.isEmpty()) {
            throw new GraphError(400, "BadRequest", "Cannot create an abstract entity type 'microsoft.graph.deviceConfiguration'; "
                    + "set @odata.type to one of " + simulatedTypesText() + ".");
        }
        String type = odataType.replaceFirst("^#?microsoft\\.graph\\.", "");
        if (!GraphSchema.SIMULATED_TYPES.contains(type)) {
            throw new GraphError(400, "BadRequest", "The type '" + odataType + "' is not simulated by the sandbox; it simulates "
                    + simulatedTypesText() + ".");
        }
        Profile profile = new Profile(type, UUID.randomUUID().toString(), now);
        profile.values.putArray("roleScopeTagIds").add("0");
        applyProperties(profile, body, true);
        JsonNode displayName = profile.values.get("displayName");
        if (displayName == null || !displayName.isTextual() || displayName.asText().isBlank()) {
            throw new GraphError(400, "BadRequest", "displayName is required on 'microsoft.graph." + type + "'.");
        }
        if (isScep(type)) {
            requireScepSettings(profile);
        }
        profiles.put(profile.id, profile);
        devices.profileCreated(profile.id, profile.type, now);
        return SimResponse.json(201, write(withContext(entityJson(profile, Set.of(), Expand.NONE),
                graphBase() + "/$metadata#deviceManagement/deviceConfigurations/$entity")));
    }

    /** What the portal will not save a SCEP profile without: its root, a SCEP server URL, key usage and an EKU. */
    private static void requireScepSettings(Profile profile) {
        List<String> missing = new ArrayList<>();
        if (profile.rootId == null) {
            missing.add("rootCertificate (bind it with rootCertificate@odata.bind)");
        }
        JsonNode urls = profile.values.get("scepServerUrls");
        if (urls == null || !urls.isArray() || urls.isEmpty()) {
            missing.add("scepServerUrls (at least one)");
        }
        JsonNode keyUsage = profile.values.get("keyUsage");
        if (keyUsage == null || keyUsage.isNull() || keyUsage.asText().isBlank()) {
            missing.add("keyUsage");
        }
        JsonNode ekus = profile.values.get("extendedKeyUsages");
        if (ekus == null || !ekus.isArray() || ekus.isEmpty()) {
            missing.add("extendedKeyUsages (at least one)");
        }
        if (!missing.isEmpty()) {
            throw new GraphError(400, "BadRequest", "A 'microsoft.graph." + profile.type + "' needs " + String.join(", ", missing) + ".");
        }
    }

    private SimResponse patchProfile(Profile profile, SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        JsonNode odataType = body.get("@odata.type");
        if (odataType == null || !odataType.isTextual()) {
            // Intune resolves the derived type to update from the body: without it the PATCH is refused.
            throw new GraphError(400, "BadRequest", "The request body of a PATCH to a device configuration must name its type in "
                    + "@odata.type ('#microsoft.graph." + profile.type + "' for " + profile.id + ").");
        }
        if (!odataType.asText().replaceFirst("^#?microsoft\\.graph\\.", "").equals(profile.type)) {
            throw new GraphError(400, "BadRequest", "The @odata.type '" + odataType.asText() + "' does not match the type of "
                    + profile.id + " ('#microsoft.graph." + profile.type + "'); the type of a profile cannot change.");
        }
        Profile staged = profile.copy();
        applyProperties(staged, body, false);
        JsonNode displayName = staged.values.get("displayName");
        if (displayName == null || !displayName.isTextual() || displayName.asText().isBlank()) {
            throw new GraphError(400, "BadRequest", "displayName cannot be empty on 'microsoft.graph." + profile.type + "'.");
        }
        boolean deviceVisible = deviceVisibleChange(profile.values, staged.values);
        profile.values = staged.values;
        profile.version++;
        profile.lastModified = now;
        if (deviceVisible) {
            reissue(profile, now);
        }
        return ok(withContext(entityJson(profile, Set.of(), Expand.NONE),
                graphBase() + "/$metadata#deviceManagement/deviceConfigurations/$entity"));
    }

    /** Properties devices never see: changing only these is a new version in the portal, not a new certificate. */
    private static final Set<String> ADMIN_ONLY = Set.of("displayName", "description", "roleScopeTagIds");

    private static boolean deviceVisibleChange(ObjectNode before, ObjectNode after) {
        Set<String> names = new HashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        names.removeAll(ADMIN_ONLY);
        return names.stream().anyMatch(name -> !java.util.Objects.equals(before.get(name), after.get(name)));
    }

    // ----- managed devices --------------------------------------------------------------------------

    private SimResponse managedDevices(List<String> rest, SimRequest request) {
        if (rest.isEmpty()) {
            List<ObjectNode> matching;
            try {
                matching = devices.list(request.param("$filter"));
            } catch (IllegalArgumentException e) {
                throw new GraphError(400, "BadRequest", "Invalid filter clause: " + e.getMessage());
            }
            return pagedCollection(matching, ObjectNode::deepCopy, request, graphBase() + "/deviceManagement/managedDevices",
                    graphBase() + "/$metadata#deviceManagement/managedDevices", DEVICE_PAGE_SIZE);
        }
        if (rest.size() == 1) {
            ObjectNode device = devices.device(rest.get(0)).orElseThrow(() -> new GraphError(404, "ResourceNotFound",
                    "Resource not found: managedDevice " + rest.get(0)));
            return ok(withContext(device.deepCopy(), graphBase() + "/$metadata#deviceManagement/managedDevices/$entity"));
        }
        throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + rest.get(1) + "'.");
    }

    /** Validates every member against the type (as Graph's OData reader does) and stores the writable ones. */
    private void applyProperties(Profile profile, ObjectNode body, boolean creating) {
        String type = profile.type;
        Set<String> properties = new LinkedHashSet<>(schema.properties(type));
        Set<String> navigation = new HashSet<>(schema.navigationProperties(type));
        ObjectNode staged = profile.values.deepCopy();
        String bindTarget = null;
        var fields = body.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("@odata.type")) {
                continue;
            }
            if (name.equals("rootCertificate@odata.bind")) {
                if (!isScep(type)) {
                    throw unknownProperty("rootCertificate", type);
                }
                if (!creating) {
                    throw new GraphError(400, "BadRequest", "rootCertificate@odata.bind is only taken on create; change the root with PUT "
                            + "/deviceManagement/deviceConfigurations/{id}/microsoft.graph." + type + "/rootCertificate/$ref.");
                }
                bindTarget = value.asText();
                continue;
            }
            if (name.startsWith("@") || name.contains("@odata.")) {
                throw new GraphError(400, "BadRequest", "The annotation '" + name + "' is not supported on 'microsoft.graph." + type + "'.");
            }
            if (navigation.contains(name)) {
                throw new GraphError(400, "BadRequest", "The navigation property '" + name + "' cannot be written inline on 'microsoft.graph."
                        + type + "'; use " + (name.equals("rootCertificate") ? "rootCertificate@odata.bind or its $ref" : "its own endpoint") + ".");
            }
            if (!properties.contains(name)) {
                throw unknownProperty(name, type);
            }
            if (GraphSchema.READ_ONLY.contains(name)) {
                continue;
            }
            validateValue(type, name, value);
            staged.set(name, value);
        }
        if (bindTarget != null) {
            profile.rootId = resolveRoot(bindTarget, type).id;
        }
        profile.values = staged;
    }

    private void validateValue(String type, String name, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        Optional<String> enumName = schema.enumOf(type, name);
        if (enumName.isPresent()) {
            checkEnum(enumName.get(), value);
        } else if (GraphSchema.INTEGERS.contains(name)) {
            if (!value.isIntegralNumber()) {
                throw literal(value, "Edm.Int32");
            }
            if (name.equals("renewalThresholdPercentage") && (value.asInt() < 1 || value.asInt() > 99)) {
                throw new GraphError(400, "BadRequest", "renewalThresholdPercentage must be between 1 and 99, got " + value.asInt() + ".");
            }
        } else if (GraphSchema.BOOLEANS.contains(name)) {
            if (!value.isBoolean()) {
                throw literal(value, "Edm.Boolean");
            }
        } else if (GraphSchema.OPEN_OBJECTS.contains(name)) {
            if (!value.isObject()) {
                throw literal(value, "microsoft.graph.deviceManagementApplicabilityRule");
            }
        } else if (name.equals("scepServerUrls") || name.equals("roleScopeTagIds")) {
            if (!value.isArray()) {
                throw literal(value, "Collection(Edm.String)");
            }
            value.forEach(entry -> {
                if (!entry.isTextual()) {
                    throw literal(entry, "Edm.String");
                }
            });
        } else if (name.equals("extendedKeyUsages") || name.equals("customSubjectAlternativeNames")) {
            String complex = name.equals("extendedKeyUsages") ? "extendedKeyUsage" : "customSubjectAlternativeName";
            if (!value.isArray()) {
                throw literal(value, "Collection(microsoft.graph." + complex + ")");
            }
            Set<String> members = new HashSet<>(schema.complexType(complex));
            for (JsonNode entry : value) {
                if (!entry.isObject()) {
                    throw literal(entry, "microsoft.graph." + complex);
                }
                entry.fieldNames().forEachRemaining(member -> {
                    if (!members.contains(member) && !member.equals("@odata.type")) {
                        throw unknownProperty(member, complex);
                    }
                });
                JsonNode sanType = entry.get("sanType");
                if (sanType != null && !sanType.isNull()) {
                    checkEnum("subjectAlternativeNameType", sanType);
                }
            }
        } else if (name.equals("trustedRootCertificate")) {
            try {
                if (!value.isTextual() || Base64.getDecoder().decode(value.asText()).length == 0) {
                    throw literal(value, "Edm.Binary");
                }
            } catch (IllegalArgumentException e) {
                throw literal(value, "Edm.Binary");
            }
        } else if (!value.isTextual()) {
            throw literal(value, "Edm.String");
        }
    }

    private void checkEnum(String enumName, JsonNode value) {
        Set<String> allowed = schema.enumValues(enumName);
        if (!value.isTextual()) {
            throw literal(value, "microsoft.graph." + enumName);
        }
        List<String> parts = GraphSchema.FLAG_ENUMS.contains(enumName)
                ? List.of(value.asText().split(",")) : List.of(value.asText());
        for (String part : parts) {
            if (!allowed.contains(part.trim())) {
                throw new GraphError(400, "BadRequest", "Cannot convert the literal '" + value.asText()
                        + "' to the expected type 'microsoft.graph." + enumName + "'; allowed: " + String.join(", ", allowed) + ".");
            }
        }
    }

    private SimResponse rootCertificate(Profile profile, String method, boolean ref, SimRequest request, Instant now) {
        if (ref && method.equals("PUT")) {
            ObjectNode body = objectBody(request);
            JsonNode target = body.get("@odata.id");
            if (target == null || !target.isTextual()) {
                throw new GraphError(400, "BadRequest", "A $ref body must be {\"@odata.id\": \"<url of the trusted-root profile>\"}.");
            }
            String before = profile.rootId;
            profile.rootId = resolveRoot(target.asText(), profile.type).id;
            profile.lastModified = now;
            if (!profile.rootId.equals(before)) {
                // Another root is a device-visible change: devices enrol again under the new chain.
                profile.version++;
                reissue(profile, now);
            }
            return SimResponse.empty(204);
        }
        if (ref && method.equals("DELETE")) {
            profile.rootId = null;
            profile.lastModified = now;
            return SimResponse.empty(204);
        }
        requireMethod(method, "GET");
        Profile root = profile.rootId == null ? null : profiles.get(profile.rootId);
        if (root == null) {
            throw new GraphError(404, "ResourceNotFound", "Resource not found: profile " + profile.id + " has no rootCertificate.");
        }
        if (ref) {
            ObjectNode body = json.createObjectNode();
            body.put("@odata.context", graphBase() + "/$metadata#$ref");
            body.put("@odata.id", graphBase() + "/deviceManagement/deviceConfigurations('" + root.id + "')");
            return ok(body);
        }
        return ok(withContext(entityJson(root, Set.of(), Expand.NONE),
                graphBase() + "/$metadata#deviceManagement/deviceConfigurations('" + profile.id + "')/rootCertificate/$entity"));
    }

    private Profile resolveRoot(String url, String scepType) {
        Matcher matcher = BIND_TARGET.matcher(url.trim());
        if (!matcher.find()) {
            throw new GraphError(400, "BadRequest", "The reference '" + url + "' is not a deviceConfigurations URL such as "
                    + graphBase() + "/deviceManagement/deviceConfigurations('{id}').");
        }
        String id = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        Profile root = profiles.get(id);
        String expected = scepType.startsWith("macOS") ? "macOSTrustedRootCertificate" : "windows81TrustedRootCertificate";
        if (root == null) {
            throw new GraphError(400, "BadRequest", "The referenced trusted-root profile '" + id + "' does not exist.");
        }
        if (!root.type.equals(expected)) {
            throw new GraphError(400, "BadRequest", "A 'microsoft.graph." + scepType + "' needs a rootCertificate of type 'microsoft.graph."
                    + expected + "', but '" + id + "' is a 'microsoft.graph." + root.type + "'.");
        }
        return root;
    }

    private SimResponse assign(Profile profile, SimRequest request) {
        ObjectNode body = objectBody(request);
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("assignments")) {
                throw new GraphError(400, "BadRequest", "The parameter '" + name + "' in the request payload is not a valid parameter for the operation 'assign'.");
            }
        });
        JsonNode list = body.get("assignments");
        if (list == null || !list.isArray()) {
            throw new GraphError(400, "BadRequest", "The parameter 'assignments' is required and must be an array.");
        }
        Set<String> allowedMembers = Set.of("id", "intent", "source", "sourceId", "target", "@odata.type");
        List<ObjectNode> next = new ArrayList<>();
        Set<String> seenTargets = new HashSet<>();
        for (JsonNode entry : list) {
            if (!entry.isObject()) {
                throw literal(entry, "microsoft.graph.deviceConfigurationAssignment");
            }
            entry.fieldNames().forEachRemaining(name -> {
                if (!allowedMembers.contains(name)) {
                    throw unknownProperty(name, "deviceConfigurationAssignment");
                }
            });
            String intent = entry.path("intent").asText("apply");
            if (!schema.enumValues("deviceConfigAssignmentIntent").contains(intent)) {
                throw literal(entry.get("intent"), "microsoft.graph.deviceConfigAssignmentIntent");
            }
            JsonNode target = entry.get("target");
            if (target == null || !target.isObject()) {
                throw new GraphError(400, "BadRequest", "Each assignment needs a target object with an @odata.type.");
            }
            String targetType = target.path("@odata.type").asText("");
            boolean groupTarget = GROUP_TARGETS.contains(targetType);
            if (!groupTarget && !ALL_TARGETS.contains(targetType)) {
                throw new GraphError(400, "BadRequest", "The target type '" + targetType + "' is not supported; use "
                        + String.join(", ", GROUP_TARGETS) + " or " + String.join(", ", ALL_TARGETS) + ".");
            }
            String complex = targetType.substring("#microsoft.graph.".length());
            Set<String> members = new HashSet<>(schema.complexType(groupTarget ? complex : "deviceAndAppManagementAssignmentTarget"));
            target.fieldNames().forEachRemaining(member -> {
                if (!members.contains(member) && !member.equals("@odata.type")) {
                    throw unknownProperty(member, complex);
                }
            });
            String groupId = null;
            if (groupTarget) {
                groupId = target.path("groupId").asText("");
                if (!groups.containsKey(groupId)) {
                    throw new GraphError(400, "BadRequest", "The group '" + groupId + "' in " + complex + " does not exist.");
                }
            }
            String key = groupTarget ? groupId : targetType;
            if (!seenTargets.add(key)) {
                throw new GraphError(400, "BadRequest", "The target " + key + " appears more than once in the assignments.");
            }
            next.add(assignmentJson(profile.id, targetType, groupId, intent));
        }
        Set<String> candidates = new LinkedHashSet<>();
        if (isScep(profile.type)) {
            includeGroups(profile).forEach(g -> candidates.addAll(directory.members(g)));
            next.stream().filter(a -> a.path("target").path("@odata.type").asText().equals(GROUP_TARGETS_INCLUDE))
                    .forEach(a -> candidates.addAll(directory.members(a.path("target").path("groupId").asText())));
        }
        Map<String, Boolean> before = new HashMap<>();
        candidates.forEach(d -> before.put(d, inScope(profile, d)));
        profile.assignments.clear();
        profile.assignments.addAll(next);
        Instant now = clock.instant();
        before.forEach((d, was) -> moved(profile, d, was, inScope(profile, d), now));
        return collection(new ArrayList<>(next), graphBase() + "/$metadata#Collection(microsoft.graph.deviceConfigurationAssignment)");
    }

    private ObjectNode assignmentJson(String profileId, String targetType, String groupId, String intent) {
        ObjectNode node = json.createObjectNode();
        node.put("id", profileId + "_" + (groupId != null ? groupId : targetType.substring("#microsoft.graph.".length())));
        node.put("source", "direct");
        node.put("sourceId", profileId);
        node.put("intent", intent);
        ObjectNode target = node.putObject("target");
        target.put("@odata.type", targetType);
        target.putNull("deviceAndAppManagementAssignmentFilterId");
        target.put("deviceAndAppManagementAssignmentFilterType", "none");
        if (groupId != null) {
            target.put("groupId", groupId);
        }
        return node;
    }

    private ObjectNode entityJson(Profile profile, Set<String> select, Expand expand) {
        ObjectNode node = json.createObjectNode();
        node.put("@odata.type", "#microsoft.graph." + profile.type);
        node.put("id", profile.id);
        for (String property : schema.properties(profile.type)) {
            if (!select.isEmpty() && !select.contains(property)) {
                continue;
            }
            switch (property) {
                case "id" -> { }
                case "createdDateTime" -> node.put(property, profile.created.toString());
                case "lastModifiedDateTime" -> node.put(property, profile.lastModified.toString());
                case "version" -> node.put(property, profile.version);
                case "supportsScopeTags" -> node.put(property, true);
                default -> {
                    JsonNode value = profile.values.get(property);
                    if (value != null) {
                        node.set(property, value.deepCopy());
                    } else if (GraphSchema.COLLECTIONS.contains(property)) {
                        node.putArray(property);
                    } else {
                        node.putNull(property);
                    }
                }
            }
        }
        if (expand.root(profile.type)) {
            Profile root = profile.rootId == null ? null : profiles.get(profile.rootId);
            if (root == null) {
                node.putNull("rootCertificate");
            } else {
                node.set("rootCertificate", entityJson(root, Set.of(), Expand.NONE));
            }
        }
        if (expand.assignments()) {
            ArrayNode assignments = node.putArray("assignments");
            profile.assignments.forEach(a -> assignments.add(a.deepCopy()));
        }
        return node;
    }

    private Profile profile(String id) {
        Profile profile = profiles.get(id);
        if (profile == null) {
            throw new GraphError(404, "ResourceNotFound", "Resource not found: no deviceConfiguration with id '" + id + "'.");
        }
        return profile;
    }

    // ----- applications ---------------------------------------------------------------------------

    /**
     * {@code GET /applications(appId='{appId}')}, Graph's "Get application" by client id: the sandbox
     * knows one app registration, the one whose client id scephub signs in with. 403 without
     * Application.Read.All, 404 for any other appId; only the application's own properties may be
     * selected. A keyCredential's {@code key} stays null (it is returned only with {@code $select}).
     */
    private SimResponse application(List<String> s, SimRequest request) {
        Matcher key = APP_BY_APP_ID.matcher(s.get(0));
        if (s.size() != 1 || !key.matches()) {
            throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + s.get(0) + "'.");
        }
        if (!applicationReadGranted) {
            throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }
        String appId = key.group(1);
        if (!appId.equals(options.clientId())) {
            throw new GraphError(404, "Request_ResourceNotFound", "Resource '" + appId
                    + "' does not exist or one of its queried reference-property objects are not present.");
        }
        ObjectNode app = json.createObjectNode();
        app.put("id", UUID.nameUUIDFromBytes(("sandbox-app:" + appId).getBytes(StandardCharsets.UTF_8)).toString());
        app.put("appId", appId);
        app.put("displayName", "scephub (sandbox)");
        app.put("signInAudience", "AzureADMyOrg");
        app.put("createdDateTime", "2024-01-01T00:00:00Z");
        passwordCredentials.forEach(c -> app.withArray("passwordCredentials").add(c.deepCopy()));
        app.withArray("passwordCredentials");
        keyCredentials.forEach(c -> app.withArray("keyCredentials").add(c.deepCopy()));
        app.withArray("keyCredentials");
        Set<String> select = select(request, Set.of("id", "appId", "displayName", "signInAudience", "createdDateTime",
                "passwordCredentials", "keyCredentials"), "application");
        if (select.isEmpty()) {
            return ok(withContext(app, graphBase() + "/$metadata#applications/$entity"));
        }
        ObjectNode projected = json.createObjectNode();
        select.forEach(property -> projected.set(property, app.get(property)));
        return ok(withContext(projected, graphBase() + "/$metadata#applications(" + String.join(",", select) + ")/$entity"));
    }

    // ----- groups ---------------------------------------------------------------------------------

    /** group resource properties a create may set (Graph "Create group"; the directory-only rest is not simulated). */
    private static final Set<String> GROUP_CREATE_MEMBERS = Set.of("description", "displayName", "groupTypes", "mailEnabled",
            "mailNickname", "securityEnabled", "isAssignableToRole", "visibility");
    private static final Pattern MAIL_NICKNAME = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]{1,64}");

    /** {@code POST /groups}: displayName, mailEnabled, mailNickname and securityEnabled are required (Graph "Create group"). */
    private SimResponse createGroup(SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        odataTypeOfGroup(body);
        body.fieldNames().forEachRemaining(name -> {
            if (!GROUP_CREATE_MEMBERS.contains(name)) {
                throw new GraphError(400, "Request_BadRequest", "Property '" + name + "' is not supported on a group create by the sandbox; "
                        + "it takes " + GROUP_CREATE_MEMBERS.stream().sorted().toList() + ".");
            }
        });
        for (String required : List.of("displayName", "mailNickname")) {
            JsonNode value = body.get(required);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property '" + required + "' of resource 'Group'.");
            }
        }
        for (String required : List.of("mailEnabled", "securityEnabled")) {
            JsonNode value = body.get(required);
            if (value == null || !value.isBoolean()) {
                throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property '" + required + "' of resource 'Group'.");
            }
        }
        if (!MAIL_NICKNAME.matcher(body.get("mailNickname").asText()).matches()) {
            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'mailNickname' of resource 'Group'.");
        }
        boolean unified = body.path("groupTypes").isArray() && body.path("groupTypes").toString().contains("\"Unified\"");
        if (body.get("mailEnabled").asBoolean() && !unified) {
            throw new GraphError(400, "Request_BadRequest", "Mail-enabled security groups cannot be created through Graph; set mailEnabled "
                    + "to false for a security group.");
        }
        if (body.has("description") && body.get("description").asText("").length() > 1024) {
            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'description' of resource 'Group'.");
        }
        String id = UUID.randomUUID().toString();
        ObjectNode group = groupJson(id, body.get("displayName").asText());
        group.put("description", body.path("description").asText(null));
        group.put("mailNickname", body.get("mailNickname").asText());
        group.put("securityEnabled", body.get("securityEnabled").asBoolean());
        group.put("mailEnabled", body.get("mailEnabled").asBoolean());
        group.put("createdDateTime", now.toString());
        groups.put(id, group);
        return SimResponse.json(201, write(withContext(group.deepCopy(), graphBase() + "/$metadata#groups/$entity")));
    }

    /** A group body may name its type, which must then be group's; the annotation is taken off before the members are checked. */
    private static void odataTypeOfGroup(ObjectNode body) {
        JsonNode type = body.remove("@odata.type");
        if (type != null && !type.asText("").equals("#microsoft.graph.group")) {
            throw new GraphError(400, "Request_BadRequest", "The @odata.type '" + type.asText() + "' is not '#microsoft.graph.group'.");
        }
    }

    /** {@code PATCH /groups/{id}}: a new description or display name, or up to 20 members through {@code members@odata.bind}. */
    private SimResponse patchGroup(ObjectNode group, SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        odataTypeOfGroup(body);
        List<String> add = new ArrayList<>();
        var fields = body.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            switch (field.getKey()) {
                case "description", "displayName" -> {
                    if (!field.getValue().isTextual()) {
                        throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property '" + field.getKey()
                                + "' of resource 'Group'.");
                    }
                }
                case "members@odata.bind" -> {
                    if (!field.getValue().isArray()) {
                        throw new GraphError(400, "Request_BadRequest", "members@odata.bind must be an array of directory object URLs.");
                    }
                    field.getValue().forEach(url -> add.add(memberUrl(url)));
                }
                default -> throw new GraphError(400, "Request_BadRequest", "Property '" + field.getKey()
                        + "' is not supported on a group update by the sandbox.");
            }
        }
        if (add.size() > 20) {
            throw new GraphError(400, "Request_BadRequest", "A single request can add up to 20 members; got " + add.size() + ".");
        }
        String groupId = group.path("id").asText();
        List<String> devicesToAdd = new ArrayList<>();
        for (String objectId : add) {
            String device = directory.byObjectId(objectId).orElseThrow(() -> new GraphError(404, "Request_ResourceNotFound",
                    "Resource '" + objectId + "' does not exist or one of its queried reference-property objects are not present."));
            if (directory.isMember(groupId, device) || devicesToAdd.contains(device)) {
                throw new GraphError(400, "Request_BadRequest",
                        "One or more added object references already exist for the following modified properties: 'members'.");
            }
            devicesToAdd.add(device);
        }
        if (body.has("description")) {
            group.put("description", body.get("description").asText());
        }
        if (body.has("displayName")) {
            group.put("displayName", body.get("displayName").asText());
        }
        devicesToAdd.forEach(device -> changingMembership(groupId, device, () -> directory.add(groupId, device), now));
        return SimResponse.empty(204);
    }

    /** {@code /groups/{id}/members}: list (paged), add with {@code POST .../$ref}, remove with {@code DELETE .../{member}/$ref}. */
    private SimResponse members(String groupId, List<String> rest, SimRequest request, Instant now) {
        String method = request.method();
        if (rest.isEmpty()) {
            requireMethod(method, "GET");
            List<String> names = directory.memberList(groupId);
            Set<String> select = select(request, Set.of("id", "deviceId", "displayName", "accountEnabled", "operatingSystem"), "device");
            return pagedCollection(names, name -> {
                ObjectNode full = directory.deviceJson(name);
                if (select.isEmpty()) {
                    return full;
                }
                ObjectNode projected = json.createObjectNode();
                projected.put("@odata.type", "#microsoft.graph.device");
                select.forEach(property -> projected.set(property, full.get(property)));
                return projected;
            }, request, graphBase() + "/groups/" + groupId + "/members", graphBase() + "/$metadata#directoryObjects", DIRECTORY_PAGE_SIZE);
        }
        if (rest.equals(List.of("$ref"))) {
            requireMethod(method, "POST");
            JsonNode target = objectBody(request).get("@odata.id");
            if (target == null || !target.isTextual()) {
                throw new GraphError(400, "Request_BadRequest", "A $ref body must be {\"@odata.id\": \"<url of the directory object>\"}.");
            }
            String objectId = memberUrl(target);
            String device = directory.byObjectId(objectId).orElseThrow(() -> new GraphError(404, "Request_ResourceNotFound",
                    "Resource '" + objectId + "' does not exist or one of its queried reference-property objects are not present."));
            if (directory.isMember(groupId, device)) {
                throw new GraphError(400, "Request_BadRequest",
                        "One or more added object references already exist for the following modified properties: 'members'.");
            }
            changingMembership(groupId, device, () -> directory.add(groupId, device), now);
            return SimResponse.empty(204);
        }
        if (rest.size() == 2 && rest.get(1).equals("$ref")) {
            requireMethod(method, "DELETE");
            String device = directory.byObjectId(rest.get(0)).filter(d -> directory.isMember(groupId, d))
                    .orElseThrow(() -> new GraphError(404, "Request_ResourceNotFound", "Resource '" + rest.get(0)
                            + "' does not exist or one of its queried reference-property objects are not present."));
            changingMembership(groupId, device, () -> directory.remove(groupId, device), now);
            return SimResponse.empty(204);
        }
        throw new GraphError(400, "Request_BadRequest", "Resource not found for the segment '" + rest.get(0) + "'.");
    }

    private static final Pattern MEMBER_URL = Pattern.compile("/(?:directoryObjects|devices)/([0-9a-fA-F-]{36})$");

    /** The object id of a {@code .../directoryObjects/{id}} or {@code .../devices/{id}} reference. */
    private static String memberUrl(JsonNode url) {
        Matcher matcher = url.isTextual() ? MEMBER_URL.matcher(url.asText().trim()) : null;
        if (matcher == null || !matcher.find()) {
            throw new GraphError(400, "Request_BadRequest", "Invalid object identifier '" + url.asText() + "'; expected "
                    + "https://graph.microsoft.com/beta/directoryObjects/{id}.");
        }
        return matcher.group(1);
    }

    /** {@code GET /devices?$filter=displayName eq '…'}: Entra's device objects by name (Entra compares case-insensitively). */
    private SimResponse listDevices(SimRequest request) {
        String filter = request.param("$filter").orElseThrow(() -> new GraphError(400, "Request_BadRequest",
                "The sandbox lists devices only with $filter=displayName eq '<name>'."));
        List<String> found = directory.named(displayNameFilter(filter));
        Set<String> select = select(request, Set.of("id", "deviceId", "displayName", "accountEnabled", "operatingSystem"), "device");
        return pagedCollection(found, name -> {
            ObjectNode full = directory.deviceJson(name);
            full.remove("@odata.type");
            if (select.isEmpty()) {
                return full;
            }
            ObjectNode projected = json.createObjectNode();
            select.forEach(property -> projected.set(property, full.get(property)));
            return projected;
        }, request, graphBase() + "/devices", graphBase() + "/$metadata#devices", DIRECTORY_PAGE_SIZE);
    }

    private SimResponse listGroups(SimRequest request) {
        List<ObjectNode> matching = new ArrayList<>(groups.values());
        Optional<String> filter = request.param("$filter");
        Matcher prefix = filter.map(DISPLAY_NAME_STARTS::matcher).filter(Matcher::matches).orElse(null);
        if (prefix != null) {
            String start = prefix.group(1).replace("''", "'").toLowerCase(java.util.Locale.ROOT);
            // Entra compares display names case-insensitively.
            matching.removeIf(group -> !group.path("displayName").asText().toLowerCase(java.util.Locale.ROOT).startsWith(start));
        } else if (filter.isPresent()) {
            String name = displayNameFilter(filter.get());
            matching.removeIf(group -> !name.equalsIgnoreCase(group.path("displayName").asText()));
        }
        Set<String> allowed = Set.of("id", "displayName", "description", "securityEnabled", "mailEnabled", "groupTypes",
                "createdDateTime", "mailNickname");
        Set<String> select = select(request, allowed, "group");
        List<ObjectNode> items = matching.stream().map(group -> {
            if (select.isEmpty()) {
                return group.deepCopy();
            }
            ObjectNode projected = json.createObjectNode();
            select.forEach(property -> projected.set(property, group.get(property)));
            return projected;
        }).toList();
        return pagedCollection(items, request, graphBase() + "/groups", graphBase() + "/$metadata#groups");
    }

    private ObjectNode groupJson(String id, String displayName) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("displayName", displayName);
        node.put("description", "Seeded by the sandbox");
        node.put("securityEnabled", true);
        node.put("mailEnabled", false);
        node.putArray("groupTypes");
        node.put("createdDateTime", "2024-01-01T00:00:00Z");
        return node;
    }

    // ----- $batch -------------------------------------------------------------------------------

    private SimResponse batch(SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        JsonNode requests = body.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw new GraphError(400, "BadRequest", "A $batch body needs a non-empty 'requests' array.");
        }
        if (requests.size() > MAX_BATCH) {
            throw new GraphError(400, "BadRequest", "Number of batch request steps exceeds the maximum of " + MAX_BATCH
                    + " (got " + requests.size() + ").");
        }
        Map<String, Integer> statusById = new HashMap<>();
        ArrayNode responses = json.createArrayNode();
        for (JsonNode step : requests) {
            String id = step.path("id").asText("");
            String method = step.path("method").asText("").toUpperCase(Locale.ROOT);
            String url = step.path("url").asText("");
            if (id.isEmpty() || method.isEmpty() || url.isEmpty() || statusById.containsKey(id)) {
                throw new GraphError(400, "BadRequest", "Each $batch step needs a unique id, a method and a url.");
            }
            ObjectNode result = responses.addObject();
            result.put("id", id);
            boolean dependencyFailed = false;
            for (JsonNode dependency : step.path("dependsOn")) {
                Integer status = statusById.get(dependency.asText());
                if (status == null || status < 200 || status >= 300) {
                    dependencyFailed = true;
                }
            }
            SimResponse response;
            if (dependencyFailed) {
                response = graphError(424, "FailedDependency", "A request this step depends on failed.", now);
            } else {
                Map<String, String> stepHeaders = new HashMap<>();
                step.path("headers").fields().forEachRemaining(header ->
                        stepHeaders.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText()));
                Function<String, String> headers = name -> {
                    String value = stepHeaders.get(name.toLowerCase(Locale.ROOT));
                    return value != null ? value : request.header(name).orElse(null);
                };
                String stepBody = step.has("body") ? write(step.get("body")) : "";
                String path = url.startsWith("/") ? "/beta" + url : "/beta/" + url;
                SimRequest sub = request.derive(method, path, headers, stepBody);
                try {
                    response = graph(sub, now, false);
                } catch (GraphError e) {
                    response = graphError(e.status, e.code, e.getMessage(), now);
                    if (e.retryAfter != null) {
                        response = response.withHeader("Retry-After", e.retryAfter);
                    }
                }
            }
            statusById.put(id, response.status());
            result.put("status", response.status());
            ObjectNode headers = result.putObject("headers");
            response.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            if (!response.body().isEmpty()) {
                try {
                    result.set("body", json.readTree(response.body()));
                } catch (JsonProcessingException e) {
                    result.put("body", response.body());
                }
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("responses", responses);
        return ok(answer);
    }

    // ----- OData helpers ---------------------------------------------------------------------------

    private String displayNameFilter(String filter) {
        Matcher matcher = DISPLAY_NAME_EQ.matcher(filter);
        if (!matcher.matches()) {
            throw new GraphError(400, "BadRequest", "Invalid filter clause: the sandbox supports displayName eq '<name>' "
                    + "(double a ' inside the name), got: " + filter);
        }
        return matcher.group(1).replace("''", "'");
    }

    private Set<String> select(SimRequest request, Set<String> allowed, String typeName) {
        Optional<String> select = request.param("$select");
        if (select.isEmpty() || select.get().isBlank()) {
            return Set.of();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : select.get().split(",")) {
            String property = raw.trim();
            if (!allowed.contains(property)) {
                throw new GraphError(400, "BadRequest", "Could not find a property named '" + property + "' on type 'microsoft.graph."
                        + typeName + "'.");
            }
            chosen.add(property);
        }
        return chosen;
    }

    /**
     * {@code $expand}: {@code assignments} (a navigation property of the base deviceConfiguration
     * type) and {@code microsoft.graph.<SCEP type>/rootCertificate} (declared on the derived SCEP
     * types only, so it needs the cast; it expands on instances of that type and is ignored on others,
     * as OData specifies). A bare {@code rootCertificate} is refused, as Graph refuses it.
     */
    private Expand expand(SimRequest request) {
        Optional<String> expand = request.param("$expand");
        if (expand.isEmpty() || expand.get().isBlank()) {
            return Expand.NONE;
        }
        boolean assignments = false;
        Set<String> rootCasts = new HashSet<>();
        for (String raw : expand.get().split(",")) {
            String item = raw.trim();
            if (item.equals("assignments")) {
                assignments = true;
            } else if (item.startsWith("microsoft.graph.") && item.endsWith("/rootCertificate")
                    && isScep(item.substring("microsoft.graph.".length(), item.length() - "/rootCertificate".length()))) {
                rootCasts.add(item.substring("microsoft.graph.".length(), item.length() - "/rootCertificate".length()));
            } else if (item.equals("rootCertificate") || item.equals("managedDeviceCertificateStates")) {
                throw new GraphError(400, "BadRequest", "Could not find a property named '" + item + "' on type "
                        + "'microsoft.graph.deviceConfiguration'; expand it through the derived type, e.g. "
                        + "$expand=microsoft.graph.windows81SCEPCertificateProfile/" + item + ".");
            } else {
                throw new GraphError(400, "BadRequest", "The sandbox supports $expand=assignments and "
                        + "$expand=microsoft.graph.<SCEP profile type>/rootCertificate, got: " + item);
            }
        }
        return new Expand(assignments, rootCasts);
    }

    private record Expand(boolean assignments, Set<String> rootCasts) {
        static final Expand NONE = new Expand(false, Set.of());

        boolean root(String type) {
            return rootCasts.contains(type);
        }
    }

    private SimResponse pagedCollection(List<ObjectNode> items, SimRequest request, String selfUrl, String context) {
        return pagedCollection(items, node -> node, request, selfUrl, context, DEFAULT_PAGE_SIZE);
    }

    /**
     * One page of {@code items}: only that page is rendered, and the skip token is an offset, so a page costs
     * O(page) however long the collection (the caller passes a list view, not a copy, for large ones).
     */
    private <T> SimResponse pagedCollection(List<T> items, java.util.function.Function<? super T, ObjectNode> render,
                                            SimRequest request, String selfUrl, String context, int defaultPageSize) {
        int top = defaultPageSize;
        Optional<String> topParam = request.param("$top");
        if (topParam.isPresent()) {
            try {
                top = Integer.parseInt(topParam.get());
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1 || top > 999) {
                throw new GraphError(400, "BadRequest", "Invalid value for $top: expected 1 to 999, got '" + topParam.get() + "'.");
            }
        }
        int offset = 0;
        Optional<String> skipToken = request.param("$skiptoken");
        if (skipToken.isPresent()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(skipToken.get()), StandardCharsets.UTF_8);
                offset = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new GraphError(400, "BadRequest", "The $skiptoken is not one this service issued.");
            }
        }
        int end = (int) Math.min(items.size(), (long) offset + top);
        if (offset < 0) {
            throw new GraphError(400, "BadRequest", "The $skiptoken is not one this service issued.");
        }
        List<T> pageItems = offset >= items.size() ? List.of() : items.subList(offset, end);
        ObjectNode body = json.createObjectNode();
        body.put("@odata.context", context);
        if (end < items.size()) {
            StringBuilder next = new StringBuilder(selfUrl).append('?');
            for (String carried : List.of("$filter", "$select", "$expand", "$top")) {
                request.param(carried).ifPresent(value -> next.append(carried).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")).append('&'));
            }
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8));
            next.append("$skiptoken=").append(token);
            body.put("@odata.nextLink", next.toString());
        }
        ArrayNode value = body.putArray("value");
        pageItems.forEach(item -> value.add(render.apply(item)));
        return ok(body);
    }

    private SimResponse collection(List<ObjectNode> items, String context) {
        ObjectNode body = json.createObjectNode();
        body.put("@odata.context", context);
        ArrayNode value = body.putArray("value");
        items.forEach(item -> value.add(item.deepCopy()));
        return ok(body);
    }

    private ObjectNode withContext(ObjectNode entity, String context) {
        ObjectNode node = json.createObjectNode();
        node.put("@odata.context", context);
        node.setAll(entity);
        return node;
    }

    private SimResponse graphError(int status, String code, String message, Instant now) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        if (status == 429) {
            inner.put("code", "429");
        }
        String requestId = UUID.randomUUID().toString();
        inner.put("date", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        inner.put("request-id", requestId);
        inner.put("client-request-id", requestId);
        return SimResponse.json(status, write(body)).withHeader("request-id", requestId);
    }

    private ObjectNode objectBody(SimRequest request) {
        try {
            JsonNode node = json.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new GraphError(400, "BadRequest", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        throw new GraphError(400, "BadRequest", "The request body must be a JSON object.");
    }

    private SimResponse ok(JsonNode body) {
        return SimResponse.json(200, write(body));
    }

    private String write(JsonNode node) {
        return SimJson.write(json, node);
    }

    private static boolean isScep(String type) {
        return type.equals("windows81SCEPCertificateProfile") || type.equals("macOSScepCertificateProfile");
    }

    private static String simulatedTypesText() {
        return String.join(", ", GraphSchema.SIMULATED_TYPES.stream().map(type -> "#microsoft.graph." + type).toList());
    }

    private static GraphError unknownProperty(String name, String type) {
        return new GraphError(400, "BadRequest", "The property '" + name + "' does not exist on type 'microsoft.graph." + type
                + "'. Make sure to only use property names that are defined by the type or mark the type as open type.");
    }

    private static GraphError literal(JsonNode value, String expectedType) {
        return new GraphError(400, "BadRequest", "Cannot convert the literal '" + value + "' to the expected type '"
                + expectedType + "'.");
    }

    private static GraphError methodNotAllowed() {
        return new GraphError(405, "MethodNotAllowed", "The HTTP method is not allowed on this resource.");
    }

    private static void requireMethod(String method, String expected) {
        VendorSimulator.requireMethod(method, expected, GraphSimulator::methodNotAllowed);
    }


    private static final class GraphError extends RuntimeException {
        final int status;
        final String code;
        final String retryAfter;

        GraphError(int status, String code, String message) {
            this(status, code, message, null);
        }

        GraphError(int status, String code, String message, String retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
        }
    }

    private static final class Profile {
        final String type;
        final String id;
        final Instant created;
        Instant lastModified;
        int version = 1;
        ObjectNode values = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String rootId;
        final List<ObjectNode> assignments = new ArrayList<>();

        Profile(String type, String id, Instant created) {
            this.type = type;
            this.id = id;
            this.created = created;
            this.lastModified = created;
        }

        Profile copy() {
            Profile copy = new Profile(type, id, created);
            copy.lastModified = lastModified;
            copy.version = version;
            copy.values = values.deepCopy();
            copy.rootId = rootId;
            return copy;
        }
    }
}
