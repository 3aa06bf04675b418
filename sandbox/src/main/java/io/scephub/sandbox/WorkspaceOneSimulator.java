package io.scephub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workspace ONE UEM's REST API as far as scephub uses it, in the shapes of Omnissa's published model
 * (euc-oss/terraform-sdk-uem: the generated v1/v2 models and the live-captured fixtures under
 * testdata/mock-responses): OAuth client-credentials tokens, {@code aw-tenant-code} on every call,
 * versions by the Accept header, Windows Desktop ({@code winrt}) profiles (create answers 201 and the
 * bare id, update is PUT and answers 204 without a body, an update without {@code
 * General.CreateNewVersion} keeps only the new assignments, a gone profile is 400 "Invalid Profile
 * n."), the v1 and v2 profile search shapes, the read-only certificate-authority picklists
 * ({@code [{"Key","Description"}]}, optionally nested {@code [[...]]}), smart-group and
 * organization-group search (partial matches, 204 when nothing matches), per-device profile lists,
 * and per-tenant per-minute and per-day rate limits. A payload of the wrong JSON type is refused
 * with 400 as UEM's model binding refuses it; unknown top-level keys are ignored, as UEM ignores
 * them. All state sits behind this object's lock.
 */
public final class WorkspaceOneSimulator implements VendorSimulator {

    /** The organization group profiles live in, with a sibling whose GroupId contains it (search is partial). */
    public static final String SEED_ORGANIZATION_GROUP = "Corp";
    public static final long SEED_ORGANIZATION_GROUP_ID = 570;
    /** The generic SCEP authority an admin set up in the console with Okta's SCEP URL and static secret. */
    public static final String SEED_CERTIFICATE_AUTHORITY = "Okta ODA SCEP";
    public static final String SEED_CERTIFICATE_TEMPLATE = "ODA Device";
    public static final String SEED_SMART_GROUP = "ODA Windows WS1";
    /** Device serials for triage: the healthy one installs every certificate profile, the broken one fails it. */
    public static final String HEALTHY_SERIAL = "WS1-0001-HEALTHY";
    public static final String BROKEN_SERIAL = "WS1-0002-BROKEN";
    /** The searches serve at most this many items per page, whatever {@code pagesize} asks. */
    public static final int MAX_PAGE_SIZE = 500;

    static final int STATUS_INSTALLED = 3;
    static final int STATUS_ERROR = 6;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Pattern VERSION = Pattern.compile("version\\s*=\\s*(\\d+)");
    /** The payload members of WinRTDeviceProfileV2Entity and their model types (object members; General included). */
    private static final Map<String, String> WINRT_PAYLOADS = winrtPayloads();
    private static final Set<String> ASSIGNMENT_TYPES = Set.of("Auto", "Optional", "Compliance");
    private static final Set<String> PROFILE_CONTEXTS = Set.of("Device", "User");
    /** The console's three choices; live GETs answer "Always" (profiles_winrt_get_after_create.json). */
    private static final Set<String> ALLOW_REMOVALS = Set.of("Always", "WithAuthorization", "Never");
    // Not pinned down by the published model (no enums there): what scephub sends plus the obvious siblings.
    private static final Set<String> CERTIFICATE_SOURCES = Set.of("DefinedCertificateAuthority", "Upload", "UserCertificate");
    private static final Set<String> KEY_LOCATIONS = Set.of("Software", "TPMIfPresent", "TPMRequired", "Passport");
    private static final Set<String> STORE_LOCATIONS = Set.of("User", "Machine");
    private static final Set<String> CERTIFICATE_STORES = Set.of("Personal", "Root", "Intermediate", "TrustedPublisher", "TrustedPeople");

    private final ObjectMapper json;
    private final WorkspaceOneOptions options;
    private final Clock clock;
    private final Ids ids;

    private final Map<Long, ObjectNode> profiles = new TreeMap<>();
    private final Map<Long, ObjectNode> organizationGroups = new TreeMap<>();
    private final Map<Long, ObjectNode> smartGroups = new TreeMap<>();
    private final Map<Long, CertificateAuthority> certificateAuthorities = new TreeMap<>();
    private final WorkspaceOneDevices devices;
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private long nextProfileId;
    private long rateWindowMinute = -1;
    private int rateWindowCount;
    private long rateWindowDay = -1;
    private int rateDayCount;
    private boolean nestedPicklists;

    private record CertificateAuthority(long id, String name, Map<Long, String> templates) {
    }

    WorkspaceOneSimulator(ObjectMapper json, SandboxOptions options, Ids ids) {
        this.json = json;
        this.options = options.workspaceOne();
        this.clock = options.clock();
        this.ids = ids;
        this.devices = new WorkspaceOneDevices(json);
        reset();
    }

    // ----- read-only views and test helpers -------------------------------------------------------

    /** Every profile as GET returns it. */
    public synchronized List<JsonNode> profiles() {
        return profiles.values().stream().map(p -> (JsonNode) p.deepCopy()).toList();
    }

    /** Renames a profile, as an admin would in the console (nothing else changes). */
    public synchronized void renameProfile(long id, String name) {
        ((ObjectNode) profiles.get(id).get("General")).put("Name", name);
    }

    /**
     * Copies a profile under another name, description and all, as an admin's copy in the console
     * would (or a create that ran twice); answers the copy's id.
     */
    public synchronized long copyProfile(long id, String name) {
        ObjectNode copy = profiles.get(id).deepCopy();
        ((ObjectNode) copy.get("General")).put("Name", name);
        long copyId = nextProfileId++;
        store(copyId, copy, 1);
        return copyId;
    }

    /** Sets a profile's description, as an admin would in the console (nothing else changes). */
    public synchronized void describeProfile(long id, String description) {
        ((ObjectNode) profiles.get(id).get("General")).put("Description", description);
    }

    /** Every smart group. */
    public synchronized List<JsonNode> smartGroups() {
        return smartGroups.values().stream().map(g -> (JsonNode) g.deepCopy()).toList();
    }

    /** Removes a console-configured certificate authority, as an admin deleting it would; true if it existed. */
    public synchronized boolean removeCertificateAuthority(String name) {
        return certificateAuthorities.values().removeIf(ca -> ca.name().equals(name));
    }

    /** Adds a smart group (e.g. to test look-alike names); returns its id. */
    public synchronized long addSmartGroup(String name) {
        long id = smartGroups.keySet().stream().mapToLong(Long::longValue).max().orElse(40) + 1;
        smartGroups.put(id, smartGroup(id, name));
        return id;
    }

    /** Makes the picklists answer nested one level ({@code [[...]]}), as some UEM versions do; reset turns it off. */
    public synchronized void nestPicklists(boolean nested) {
        this.nestedPicklists = nested;
    }

    // ----- VendorSimulator --------------------------------------------------------------------------

    @Override
    public Vendor vendorOf(SimRequest request) {
        return Vendor.WORKSPACEONE;
    }

    @Override
    public boolean isCreate(SimRequest request) {
        return request.method().equals("POST")
                && request.path().toLowerCase(Locale.ROOT).endsWith("/api/mdm/profiles/platforms/winrt/create");
    }

    /** The bare id of a profile without scephub's marker, as a create's 201 answer. */
    @Override
    public synchronized Optional<SimResponse> foreignAnswer(SimRequest request) {
        return profiles.entrySet().stream()
                .filter(e -> !e.getValue().path("General").path("Description").asText("").contains("[scephub:"))
                .findFirst().map(e -> SimResponse.json(201, Long.toString(e.getKey())));
    }

    @Override
    public synchronized void reset() {
        profiles.clear();
        organizationGroups.clear();
        smartGroups.clear();
        certificateAuthorities.clear();
        accessTokens.clear();
        rateWindowMinute = -1;
        rateWindowCount = 0;
        rateWindowDay = -1;
        rateDayCount = 0;
        nestedPicklists = false;
        nextProfileId = 2001;
        organizationGroups.put(SEED_ORGANIZATION_GROUP_ID, organizationGroup(SEED_ORGANIZATION_GROUP_ID, "Corp", SEED_ORGANIZATION_GROUP));
        organizationGroups.put(571L, organizationGroup(571, "Corp EMEA", "Corp-EMEA"));
        long sg = 41;
        for (String name : List.of(SEED_SMART_GROUP, SEED_SMART_GROUP + " Pilot", "Kiosks WS1", "All Corporate Devices")) {
            smartGroups.put(sg, smartGroup(sg, name));
            sg++;
        }
        certificateAuthorities.put(12L, new CertificateAuthority(12, SEED_CERTIFICATE_AUTHORITY, Map.of(31L, SEED_CERTIFICATE_TEMPLATE)));
        certificateAuthorities.put(13L, new CertificateAuthority(13, "Internal ADCS", Map.of(32L, "Workstation")));
        devices.reset(smartGroups.keySet(), clock.instant());
        // A profile an admin made by hand: scephub must list it and never touch it.
        ObjectNode wifi = json.createObjectNode();
        ObjectNode general = wifi.putObject("General");
        general.put("Name", "Corp Wi-Fi");
        general.put("Description", "Made in the console");
        general.put("AssignmentType", "Auto");
        general.put("ManagedLocationGroupID", SEED_ORGANIZATION_GROUP_ID);
        general.put("IsActive", true);
        general.put("ProfileContext", "Device");
        general.put("AllowRemoval", "Always");
        general.putArray("AssignedSmartGroups").add(smartGroupRef(41));
        general.putArray("ExcludedSmartGroups");
        store(nextProfileId++, wifi, 1);
    }

    @Override
    public synchronized SimResponse handle(SimRequest request) {
        Instant now = clock.instant();
        try {
            List<String> s = lower(request.segments());
            if (s.equals(List.of("connect", "token"))) {
                requireMethod(request, "POST");
                return token(request, now);
            }
            if (s.isEmpty() || !s.get(0).equals("api")) {
                throw new Ws1Error(404, 1002, "Resource not found: " + request.path());
            }
            Optional<SimResponse> limited = rateLimited(now);
            if (limited.isPresent()) {
                return limited.get();
            }
            authenticate(request, now);
            return route(request, s.subList(1, s.size()));
        } catch (Ws1Error e) {
            return error(e.status, e.code, e.getMessage());
        }
    }

    /**
     * Counts the call against the tenant's per-minute and per-day budgets; past either, 429 with
     * Retry-After until the window turns (the next minute, or the next UTC midnight).
     */
    private Optional<SimResponse> rateLimited(Instant now) {
        long minute = now.getEpochSecond() / 60;
        long day = now.getEpochSecond() / 86_400;
        if (minute != rateWindowMinute) {
            rateWindowMinute = minute;
            rateWindowCount = 0;
        }
        if (day != rateWindowDay) {
            rateWindowDay = day;
            rateDayCount = 0;
        }
        rateWindowCount++;
        rateDayCount++;
        if (options.rateLimitPerDay() > 0 && rateDayCount > options.rateLimitPerDay()) {
            return Optional.of(error(429, 429, "The daily API request quota of this tenant (" + options.rateLimitPerDay()
                    + ") has been reached; try again after midnight UTC.")
                    .withHeader("Retry-After", Long.toString(86_400 - now.getEpochSecond() % 86_400)));
        }
        if (options.rateLimitPerMinute() > 0 && rateWindowCount > options.rateLimitPerMinute()) {
            return Optional.of(error(429, 429, "The API request limit of this tenant (" + options.rateLimitPerMinute()
                    + " per minute) has been reached; try again later.")
                    .withHeader("Retry-After", Long.toString(60 - now.getEpochSecond() % 60)));
        }
        return Optional.empty();
    }

    @Override
    public synchronized SimResponse faultResponse(Vendor vendor, Fault.Status fault) {
        SimResponse response = switch (fault.status()) {
            case 401 -> error(401, 1005, "User is not authorized to perform this action.");
            case 403 -> error(403, 1006, "Access to this resource is forbidden.");
            case 404 -> error(404, 1002, "Resource not found.");
            case 429 -> error(429, 429, "The API request limit of this tenant has been reached; try again later.");
            default -> fault.status() >= 500 ? error(fault.status(), 1000, "An internal error occurred.")
                    : error(fault.status(), 400, "The request is not valid.");
        };
        return fault.retryAfter().map(value -> response.withHeader("Retry-After", value)).orElse(response);
    }

    // ----- routing ----------------------------------------------------------------------------------

    private SimResponse route(SimRequest request, List<String> s) {
        String method = request.method();
        if (s.size() >= 2 && s.get(0).equals("mdm") && s.get(1).equals("profiles")) {
            return routeProfiles(request, s.subList(2, s.size()));
        }
        if (s.equals(List.of("mdm", "smartgroups", "search"))) {
            requireMethod(request, "GET");
            requireVersion(request, 1);
            return searchSmartGroups(request);
        }
        if (s.equals(List.of("system", "groups", "search"))) {
            requireMethod(request, "GET");
            requireVersion(request, 1);
            return searchOrganizationGroups(request);
        }
        if (s.size() >= 5 && s.subList(0, 3).equals(List.of("mdm", "picklists", "organizationgroups"))
                && s.get(4).equals("certificateauthorities")) {
            requireMethod(request, "GET");
            organizationGroup(s.get(3));
            if (s.size() == 5) {
                return picklist(certificateAuthorities.values().stream().map(ca -> Map.entry(ca.id(), ca.name())).toList());
            }
            if (s.size() == 7 && s.get(6).equals("certificatetemplates")) {
                CertificateAuthority ca = certificateAuthorities.get(number(s.get(5), "certificate authority id"));
                if (ca == null) {
                    throw new Ws1Error(400, 400, "Invalid Certificate Authority " + s.get(5) + ".");
                }
                return picklist(new TreeMap<>(ca.templates()).entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
            }
        }
        if (s.equals(List.of("mdm", "devices", "profiles"))) {
            requireMethod(request, "GET");
            return deviceProfiles(request);
        }
        if (s.equals(List.of("mdm", "devices", "search"))) {
            requireMethod(request, "GET");
            int page = (int) request.param("page").map(p -> number(p, "page")).orElse(0L).longValue();
            int pageSize = (int) request.param("pagesize").map(p -> number(p, "pagesize")).orElse(500L).longValue();
            if (pageSize < 1 || pageSize > 500) {
                throw new Ws1Error(400, 400, "pagesize must be 1 to 500.");
            }
            ObjectNode body = devices.search(page, pageSize);
            return body.path("Devices").isEmpty() ? SimResponse.empty(204) : SimResponse.json(200, write(body));
        }
        if (s.size() == 4 && s.subList(0, 2).equals(List.of("mdm", "devices")) && s.get(3).equals("profiles")) {
            requireMethod(request, "GET");
            return SimResponse.json(200, write(devices.profiles(device(s.get(2)), profiles.values())));
        }
        if (s.size() == 4 && s.subList(0, 2).equals(List.of("mdm", "devices")) && s.get(3).equals("certificates")) {
            requireMethod(request, "GET");
            return SimResponse.json(200, write(devices.certificatesJson(device(s.get(2)))));
        }
        throw new Ws1Error(404, 1002, "Resource not found: " + method + " " + request.path());
    }

    /** A picklist: {@code [{"Key":"12","Description":"..."}]} (Key is a string), nested one level when asked to. */
    private SimResponse picklist(List<Map.Entry<Long, String>> items) {
        ArrayNode list = json.createArrayNode();
        items.forEach(item -> list.addObject().put("Key", Long.toString(item.getKey())).put("Description", item.getValue()));
        if (!nestedPicklists) {
            return SimResponse.json(200, write(list));
        }
        ArrayNode outer = json.createArrayNode();
        outer.add(list);
        return SimResponse.json(200, write(outer));
    }

    private SimResponse routeProfiles(SimRequest request, List<String> rest) {
        if (rest.equals(List.of("search"))) {
            requireMethod(request, "GET");
            return searchProfiles(request);
        }
        if (rest.size() == 1 && request.method().equals("DELETE")) {
            // Registered in version 1 only; UEM serves a higher requested version with it (profiles_winrt_delete.json).
            long id = number(rest.get(0), "profile id");
            if (profiles.remove(id) == null) {
                throw new Ws1Error(400, 400, "Profile not found or User does not have access to the Profile.");
            }
            devices.deleted(id);
            return SimResponse.empty(200);
        }
        if (rest.size() == 2 && rest.get(1).equals("install")) {
            requireMethod(request, "POST");
            return install(request, number(rest.get(0), "profile id"));
        }
        requireVersion(request, 2);
        if (rest.equals(List.of("platforms", "winrt", "create"))) {
            requireMethod(request, "POST");
            ObjectNode body = profileBody(request);
            if (body.path("General").path("ProfileId").asLong(0) != 0) {
                throw new Ws1Error(400, 400, "General.ProfileId must not be set on create; use the update endpoint.");
            }
            long id = nextProfileId++;
            store(id, body, 1);
            // The bare new id, with 201 for winrt (profiles_winrt_create.json).
            return SimResponse.json(201, Long.toString(id));
        }
        if (rest.equals(List.of("platforms", "winrt", "update"))) {
            // Windows Desktop updates are PUT; POST is another route (resources_profile_update_verb_test.go).
            requireMethod(request, "PUT");
            ObjectNode body = profileBody(request);
            long id = body.path("General").path("ProfileId").asLong(0);
            ObjectNode current = profiles.get(id);
            if (current == null) {
                throw new Ws1Error(400, 400, "Invalid Profile " + id + ".");
            }
            int version = current.path("General").path("Version").asInt(1);
            if (body.path("General").path("CreateNewVersion").asBoolean(false)) {
                store(id, body, version + 1);
            } else {
                // Without CreateNewVersion UEM saves and publishes only the assignments (ProfilesV2 update
                // documentation; profiles_winrt_update.json saw the other changes silently dropped).
                ObjectNode kept = current.deepCopy();
                ObjectNode general = (ObjectNode) kept.get("General");
                general.set("AssignedSmartGroups", body.path("General").path("AssignedSmartGroups").deepCopy());
                general.set("ExcludedSmartGroups", body.path("General").has("ExcludedSmartGroups")
                        ? body.path("General").path("ExcludedSmartGroups").deepCopy() : json.createArrayNode());
                profiles.put(id, kept);
                devices.reassigned(kept, clock.instant());
            }
            return SimResponse.empty(204);
        }
        if (rest.size() == 1) {
            requireMethod(request, "GET");
            long id = number(rest.get(0), "profile id");
            ObjectNode profile = profiles.get(id);
            if (profile == null) {
                // A gone profile is 400, not 404 (profiles_get_not_found.json).
                throw new Ws1Error(400, 400, "Invalid Profile " + id + ".");
            }
            return SimResponse.json(200, write(profile));
        }
        throw new Ws1Error(404, 1002, "Resource not found: " + request.path());
    }

    // ----- profiles ---------------------------------------------------------------------------------

    /**
     * Binds and validates a WinRTDeviceProfileV2Entity. Members of the wrong JSON type fail as UEM's
     * model binding fails them (400); unknown top-level members are ignored and not kept, as UEM does
     * (request-templates/README.md: "lenient about unknown keys at the root").
     */
    private ObjectNode profileBody(SimRequest request) {
        JsonNode raw;
        try {
            raw = json.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new Ws1Error(400, 400, "The request body is not valid JSON.");
        }
        if (raw == null || !raw.isObject()) {
            throw new Ws1Error(400, 400, "The request body must be a WinRTDeviceProfileV2Entity object.");
        }
        ObjectNode body = json.createObjectNode();
        raw.fields().forEachRemaining(member -> {
            String type = WINRT_PAYLOADS.get(member.getKey());
            if (type == null) {
                return;
            }
            if (member.getValue().isNull()) {
                return;
            }
            if (!member.getValue().isObject()) {
                throw new Ws1Error(400, 400, "Cannot deserialize the current JSON " + kind(member.getValue()) + " into type '" + type
                        + "' because the type requires a JSON object. Path '" + member.getKey() + "'.");
            }
            body.set(member.getKey(), member.getValue());
        });
        JsonNode general = body.path("General");
        if (!general.isObject()) {
            throw new Ws1Error(400, 400, "General is required.");
        }
        String name = general.path("Name").asText("");
        if (!general.path("Name").isTextual() || name.isBlank()) {
            throw new Ws1Error(400, 400, "General.Name is required.");
        }
        requireType(general, "General", "ManagedLocationGroupID", JsonNode::isIntegralNumber, "an integer");
        long og = general.path("ManagedLocationGroupID").asLong(0);
        if (!organizationGroups.containsKey(og)) {
            throw new Ws1Error(400, 400, "General.ManagedLocationGroupID " + og + " is not an organization group.");
        }
        requireOneOf(general, "General", "AssignmentType", ASSIGNMENT_TYPES);
        requireOneOf(general, "General", "ProfileContext", PROFILE_CONTEXTS);
        requireType(general, "General", "IsActive", JsonNode::isBoolean, "a boolean");
        requireType(general, "General", "CreateNewVersion", JsonNode::isBoolean, "a boolean");
        requireType(general, "General", "Description", JsonNode::isTextual, "a string");
        if (general.has("AllowRemoval")) {
            // GeneralPayloadV2Entity.AllowRemoval is a string; a boolean is not one of its values.
            requireOneOf(general, "General", "AllowRemoval", ALLOW_REMOVALS);
        }
        for (String list : List.of("AssignedSmartGroups", "ExcludedSmartGroups")) {
            JsonNode groups = general.path(list);
            if (!groups.isMissingNode() && !groups.isNull() && !groups.isArray()) {
                throw new Ws1Error(400, 400, "Cannot deserialize the current JSON " + kind(groups) + " into type 'List<SmartGroupEntityV2>'"
                        + " because the type requires a JSON array. Path 'General." + list + "'.");
            }
            for (JsonNode group : groups) {
                if (!group.isObject() || !group.path("SmartGroupId").isIntegralNumber()) {
                    throw new Ws1Error(400, 400, "General." + list + ": each item must be {\"SmartGroupId\": int, \"Name\": string}.");
                }
                if (!smartGroups.containsKey(group.path("SmartGroupId").asLong(0))) {
                    throw new Ws1Error(400, 400, "General." + list + ": smart group " + group.path("SmartGroupId") + " not found.");
                }
            }
        }
        long id = general.path("ProfileId").asLong(0);
        for (Map.Entry<Long, ObjectNode> other : profiles.entrySet()) {
            JsonNode g = other.getValue().path("General");
            if (other.getKey() != id && g.path("Name").asText().equals(name) && g.path("ManagedLocationGroupID").asLong() == og) {
                throw new Ws1Error(400, 400, "A profile named '" + name + "' already exists in this organization group.");
            }
        }
        if (body.has("Scep")) {
            JsonNode scep = body.path("Scep");
            requireOneOf(scep, "Scep", "certificateSource", CERTIFICATE_SOURCES);
            requireOneOf(scep, "Scep", "scepKeyLocation", KEY_LOCATIONS);
            requireOneOf(scep, "Scep", "storeLocation", STORE_LOCATIONS);
            requireAuthorityAndTemplate(scep, "Scep");
        }
        if (body.has("Credentials")) {
            JsonNode credentials = body.path("Credentials");
            requireOneOf(credentials, "Credentials", "certificateSource", CERTIFICATE_SOURCES);
            if (credentials.has("keyLocation")) {
                requireOneOf(credentials, "Credentials", "keyLocation", KEY_LOCATIONS);
            }
            if (credentials.has("storeLocation")) {
                requireOneOf(credentials, "Credentials", "storeLocation", STORE_LOCATIONS);
            }
            if (credentials.has("certificateStore")) {
                requireOneOf(credentials, "Credentials", "certificateStore", CERTIFICATE_STORES);
            }
            if ("DefinedCertificateAuthority".equals(credentials.path("certificateSource").asText())) {
                requireAuthorityAndTemplate(credentials, "Credentials");
            }
        }
        return body;
    }

    private void requireAuthorityAndTemplate(JsonNode payload, String where) {
        requireType(payload, where, "certificateAuthorityId", JsonNode::isIntegralNumber, "an integer");
        requireType(payload, where, "certificateTemplateId", JsonNode::isIntegralNumber, "an integer");
        CertificateAuthority ca = certificateAuthorities.get(payload.path("certificateAuthorityId").asLong(0));
        if (ca == null) {
            throw new Ws1Error(400, 400, where + ".certificateAuthorityId " + payload.path("certificateAuthorityId")
                    + " is not a certificate authority.");
        }
        if (!ca.templates().containsKey(payload.path("certificateTemplateId").asLong(0))) {
            throw new Ws1Error(400, 400, where + ".certificateTemplateId " + payload.path("certificateTemplateId")
                    + " is not a template of certificate authority " + ca.id() + ".");
        }
    }

    /** Stores a profile as GET answers it: General completed by the server's own members, CreateNewVersion dropped. */
    private void store(long id, ObjectNode body, int version) {
        ObjectNode copy = body.deepCopy();
        ObjectNode general = (ObjectNode) copy.get("General");
        general.remove("CreateNewVersion");
        ObjectNode previous = profiles.get(id);
        general.put("ProfileId", id);
        general.put("Version", version);
        general.put("ProfileUuid", previous != null ? previous.path("General").path("ProfileUuid").asText()
                : UUID.nameUUIDFromBytes(("ws1-profile-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        if (!general.has("AllowRemoval")) {
            general.put("AllowRemoval", "Always");
        }
        for (String list : List.of("AssignedSmartGroups", "ExcludedSmartGroups", "AssignedSchedule")) {
            if (!general.has(list) || general.get(list).isNull()) {
                general.putArray(list);
            }
        }
        for (String flag : List.of("EnableProvisioning", "IsProvisionedForOobe")) {
            if (!general.has(flag)) {
                general.put(flag, false);
            }
        }
        if (!general.has("IsActive")) {
            general.put("IsActive", true);
        }
        general.put("IsManaged", true);
        if (!general.has("Password")) {
            general.put("Password", "");
        }
        profiles.put(id, copy);
        devices.published(copy, clock.instant());
    }

    /**
     * {@code GET /api/mdm/profiles/search}: version 1 answers {@code {Page, PageSize, Profiles:[{Id:{Value},
     * ProfileName, ...}], Total}} and 204 when nothing matches (search_android_success.json); version 2
     * answers {@code {AdditionalInfo, ProfileList:[{ProfileId, ...}], TotalResults}} (profiles_search_v2.json).
     */
    private SimResponse searchProfiles(SimRequest request) {
        int version = version(request);
        if (version != 1 && version != 2) {
            throw new Ws1Error(400, 400, "This resource is served in API versions 1 and 2; got version " + version + ".");
        }
        Optional<String> platform = request.param("platform");
        Optional<String> name = request.param(version == 1 ? "profilename" : "searchtext");
        Optional<Long> og = request.param("organizationgroupid").map(v -> number(v, "organizationgroupid"));
        int page = (int) request.param("page").map(v -> number(v, "page")).orElse(0L).longValue();
        int pageSize = pageSize(request);
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode profile : profiles.values()) {
            JsonNode g = profile.path("General");
            if (platform.isPresent() && !platform.get().equalsIgnoreCase("WinRT")) {
                continue;
            }
            if (og.isPresent() && g.path("ManagedLocationGroupID").asLong() != og.get()) {
                continue;
            }
            if (name.isPresent() && !g.path("Name").asText().toLowerCase(Locale.ROOT).contains(name.get().toLowerCase(Locale.ROOT))) {
                continue;
            }
            matches.add(version == 1 ? searchRowV1(g) : searchRowV2(g));
        }
        if (version == 2) {
            ObjectNode body = json.createObjectNode();
            body.putObject("AdditionalInfo").putArray("Links");
            ArrayNode list = body.putArray("ProfileList");
            int from = Math.min(page * pageSize, matches.size());
            matches.subList(from, Math.min(from + pageSize, matches.size())).forEach(list::add);
            body.put("TotalResults", matches.size());
            return SimResponse.json(200, write(body));
        }
        return paged("Profiles", matches, page, pageSize);
    }

    private ObjectNode searchRowV1(JsonNode g) {
        ObjectNode row = json.createObjectNode();
        row.putObject("AssignedOrganizationGroups").putArray("AssignedOg");
        row.putObject("Id").put("Value", g.path("ProfileId").asLong());
        row.put("ManagedBy", "admin");
        row.put("Model", "");
        row.put("OperatingSystem", "");
        row.put("OrganizationGroupId", Long.toString(g.path("ManagedLocationGroupID").asLong()));
        row.put("Ownership", "");
        row.put("Platform", "WinRT");
        row.put("ProfileName", g.path("Name").asText());
        row.put("ProfileStatus", g.path("IsActive").asBoolean(true) ? "Active" : "Inactive");
        row.put("Type", g.path("AssignmentType").asText());
        return row;
    }

    private ObjectNode searchRowV2(JsonNode g) {
        ObjectNode row = json.createObjectNode();
        ArrayNode assigned = row.putArray("AssignmentSmartGroups");
        g.path("AssignedSmartGroups").forEach(sg -> assigned.addObject().put("Id", sg.path("SmartGroupId").asLong())
                .put("Name", sg.path("Name").asText()));
        row.put("AssignmentType", g.path("AssignmentType").asText());
        row.put("Context", g.path("ProfileContext").asText());
        row.putArray("ExcludedSmartGroups");
        row.put("ManagedBy", "admin");
        row.put("OrganizationGroupId", g.path("ManagedLocationGroupID").asLong());
        row.put("Platform", "WinRT");
        row.put("ProfileId", g.path("ProfileId").asLong());
        row.put("ProfileName", g.path("Name").asText());
        row.put("ProfileStatus", g.path("IsActive").asBoolean(true) ? "Active" : "Inactive");
        row.put("ProfileType", "Device");
        row.put("ProfileUuid", g.path("ProfileUuid").asText());
        return row;
    }

    // ----- groups, devices ----------------------------------------------------------------------------

    private SimResponse searchSmartGroups(SimRequest request) {
        String name = request.param("name").orElse("").toLowerCase(Locale.ROOT);
        int page = (int) request.param("page").map(v -> number(v, "page")).orElse(0L).longValue();
        int pageSize = pageSize(request);
        // Like UEM: "name" matches anywhere in the name, so "ODA Windows WS1" also finds "ODA Windows WS1 Pilot";
        // without "name" every smart group is listed (smartgroups_get_search.json).
        List<ObjectNode> matches = smartGroups.values().stream()
                .filter(g -> g.path("Name").asText().toLowerCase(Locale.ROOT).contains(name))
                .map(ObjectNode::deepCopy).toList();
        return paged("SmartGroups", matches, page, pageSize);
    }

    private SimResponse searchOrganizationGroups(SimRequest request) {
        String groupId = request.param("groupid").orElse("").toLowerCase(Locale.ROOT);
        List<ObjectNode> matches = organizationGroups.values().stream()
                .filter(g -> g.path("GroupId").asText().toLowerCase(Locale.ROOT).contains(groupId))
                .map(ObjectNode::deepCopy).toList();
        if (matches.isEmpty()) {
            return SimResponse.empty(204);
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("LocationGroups");
        matches.forEach(list::add);
        body.put("Page", 0);
        body.put("PageSize", 500);
        body.put("Total", matches.size());
        return SimResponse.json(200, write(body));
    }

    private SimResponse deviceProfiles(SimRequest request) {
        String searchBy = request.param("searchBy").orElse("");
        if (!searchBy.equalsIgnoreCase("Serialnumber")) {
            throw new Ws1Error(400, 400, "searchBy must be one of Macaddress, Udid, Serialnumber, ImeiNumber; got '" + searchBy + "'.");
        }
        String serial = request.param("id").orElse("");
        WorkspaceOneDevices.Device device = devices.bySerial(serial).orElseThrow(() -> new Ws1Error(404, 1002, "Device not found."));
        return SimResponse.json(200, write(devices.profiles(device, profiles.values())));
    }

    private WorkspaceOneDevices.Device device(String id) {
        return devices.device(number(id, "device id")).orElseThrow(() -> new Ws1Error(404, 1002, "Device not found."));
    }

    /**
     * {@code POST /api/mdm/profiles/{id}/install} with {@code {"DeviceId": n}} or {@code {"SerialNumber": "..."}}:
     * pushes the profile to that device again (the body's shape is unverified).
     */
    private SimResponse install(SimRequest request, long profileId) {
        ObjectNode profile = profiles.get(profileId);
        if (profile == null) {
            throw new Ws1Error(400, 400, "Invalid Profile " + profileId + ".");
        }
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new Ws1Error(400, 400, "The request body must be a JSON object.");
        }
        WorkspaceOneDevices.Device device;
        if (body != null && body.path("DeviceId").isIntegralNumber()) {
            device = devices.device(body.path("DeviceId").asLong()).orElseThrow(() -> new Ws1Error(404, 1002, "Device not found."));
        } else if (body != null && body.path("SerialNumber").isTextual()) {
            device = devices.bySerial(body.path("SerialNumber").asText()).orElseThrow(() -> new Ws1Error(404, 1002, "Device not found."));
        } else {
            throw new Ws1Error(400, 400, "The body must name the device: {\"DeviceId\": int} or {\"SerialNumber\": string}.");
        }
        devices.push(profile, device, clock.instant());
        return SimResponse.empty(204);
    }

    /** Enrols another Windows device in the named smart groups; {@code failsInstall}: it reports every credential profile failed. */
    public synchronized long addDevice(String serial, String name, List<String> smartGroupNames, boolean failsInstall) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (String groupName : smartGroupNames) {
            ids.add(smartGroups.entrySet().stream().filter(e -> e.getValue().path("Name").asText().equals(groupName))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no smart group named " + groupName)));
        }
        long id = devices.add(serial, name, ids, failsInstall, clock.instant());
        WorkspaceOneDevices.Device added = devices.device(id).orElseThrow();
        // Only the new device can change: the profiles assigned to its groups reach it (O(profiles), not O(fleet)).
        profiles.values().forEach(p -> devices.reassigned(p, added, clock.instant()));
        return id;
    }

    /**
     * From now on the device fails (or no longer fails) every credential profile install, as a device whose SCEP
     * enrolment breaks would: it keeps the certificate it holds and reports status 6.
     */
    public synchronized void failInstalls(String serial, boolean fails) {
        WorkspaceOneDevices.Device d = devices.bySerial(serial).orElseThrow(() -> new IllegalArgumentException("no device " + serial));
        devices.failInstalls(d.id(), fails);
    }

    /**
     * Enrols {@code count} Windows devices named {@code prefix-000001}... (serials {@code prefix} plus the number)
     * in the named smart groups, for fleets of any size. Returns the first id.
     */
    public synchronized long addDevices(String prefix, int count, List<String> smartGroupNames) {
        long first = -1;
        for (int i = 1; i <= count; i++) {
            String number = String.format(java.util.Locale.ROOT, "%06d", i);
            long id = addDevice(prefix.toUpperCase(java.util.Locale.ROOT) + number, prefix + "-" + number, smartGroupNames, false);
            first = first < 0 ? id : first;
        }
        return first;
    }

    /** How many devices are enrolled. */
    public synchronized int deviceCount() {
        return devices.all().size();
    }

    /** The certificates in a device's store, as {@code GET /api/mdm/devices/{id}/certificates} lists them. */
    public synchronized List<JsonNode> deviceCertificates(String serial) {
        WorkspaceOneDevices.Device d = devices.bySerial(serial).orElseThrow(() -> new IllegalArgumentException("no device " + serial));
        List<JsonNode> out = new ArrayList<>();
        devices.certificatesJson(d).path("DeviceCertificates").forEach(out::add);
        return out;
    }

    /** How many times a profile install was sent to the device (publishes, assignments and pushes). */
    public synchronized int installCommands(String serial) {
        return devices.bySerial(serial).map(d -> devices.installCommands(d.id())).orElse(0);
    }

    // ----- auth -------------------------------------------------------------------------------------

    private SimResponse token(SimRequest request, Instant now) {
        Map<String, List<String>> form = SimRequest.parseQuery(request.body());
        String clientId = SimRequest.first(form, "client_id");
        String clientSecret = SimRequest.first(form, "client_secret");
        String basic = request.header("Authorization").orElse("");
        if (basic.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = decoded.substring(0, colon);
                clientSecret = decoded.substring(colon + 1);
            }
        }
        if (!"client_credentials".equals(SimRequest.first(form, "grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        if (!options.clientId().equals(clientId) || !options.clientSecret().equals(clientSecret)) {
            return SimResponse.json(400, "{\"error\":\"invalid_client\"}");
        }
        String token = ids.base62(48);
        accessTokens.put(token, now.plus(TOKEN_LIFETIME));
        ObjectNode body = json.createObjectNode();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        return SimResponse.json(200, write(body));
    }

    private void authenticate(SimRequest request, Instant now) {
        if (!options.apiKey().equals(request.header("aw-tenant-code").orElse(""))) {
            throw new Ws1Error(401, 1005, "The aw-tenant-code header is missing or is not a REST API key of this tenant.");
        }
        String authorization = request.header("Authorization").orElse("");
        Instant expiry = authorization.startsWith("Bearer ") ? accessTokens.get(authorization.substring(7)) : null;
        if (expiry == null || !expiry.isAfter(now)) {
            throw new Ws1Error(401, 1005, "User is not authorized: the bearer token is missing, expired or unknown.");
        }
    }

    // ----- helpers ----------------------------------------------------------------------------------

    private SimResponse paged(String member, List<ObjectNode> matches, int page, int pageSize) {
        if (matches.isEmpty()) {
            // UEM answers an empty search with 204 and no body.
            return SimResponse.empty(204);
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray(member);
        int from = Math.min(page * pageSize, matches.size());
        matches.subList(from, Math.min(from + pageSize, matches.size())).forEach(list::add);
        body.put("Page", page);
        body.put("PageSize", pageSize);
        body.put("Total", matches.size());
        return SimResponse.json(200, write(body));
    }

    private ObjectNode organizationGroup(long id, String name, String groupId) {
        ObjectNode og = json.createObjectNode();
        og.putObject("Id").put("Value", id);
        og.put("Name", name);
        og.put("GroupId", groupId);
        og.put("LocationGroupType", "Customer");
        og.put("Uuid", UUID.nameUUIDFromBytes(("ws1-og-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        return og;
    }

    private ObjectNode organizationGroup(String id) {
        ObjectNode og = organizationGroups.get(number(id, "organization group id"));
        if (og == null) {
            throw new Ws1Error(404, 1002, "Organization group " + id + " not found.");
        }
        return og;
    }

    private ObjectNode smartGroup(long id, String name) {
        ObjectNode group = json.createObjectNode();
        // The v1 search item (smartgroups_get_search.json): the managing OG id is a string there.
        group.put("Assignments", 0);
        group.put("Devices", 0);
        group.put("Exclusions", 0);
        group.put("ManagedByOrganizationGroupId", Long.toString(SEED_ORGANIZATION_GROUP_ID));
        group.put("ManagedByOrganizationGroupName", "Corp");
        group.put("ManagedByOrganizationGroupUuid", UUID.nameUUIDFromBytes(("ws1-og-" + SEED_ORGANIZATION_GROUP_ID)
                .getBytes(StandardCharsets.UTF_8)).toString());
        group.put("Name", name);
        group.put("SmartGroupID", id);
        group.put("SmartGroupUuid", UUID.nameUUIDFromBytes(("ws1-sg-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        return group;
    }

    private ObjectNode smartGroupRef(long id) {
        ObjectNode ref = json.createObjectNode();
        ref.put("SmartGroupId", id);
        ref.put("Name", smartGroups.get(id).path("Name").asText());
        return ref;
    }

    private static void requireOneOf(JsonNode node, String where, String field, Set<String> allowed) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw new Ws1Error(400, 400, where + "." + field + " must be one of " + new java.util.TreeSet<>(allowed) + "; got " + value + ".");
        }
    }

    /** A member that is present must have the model's JSON type. */
    private static void requireType(JsonNode node, String where, String field, java.util.function.Predicate<JsonNode> type,
                                    String expected) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !value.isNull() && !type.test(value)) {
            throw new Ws1Error(400, 400, where + "." + field + " must be " + expected + "; got " + value + ".");
        }
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "array (e.g. [1,2,3])" : node.isTextual() ? "string" : node.isBoolean() ? "boolean"
                : node.isNumber() ? "number" : "value";
    }

    private static void requireMethod(SimRequest request, String method) {
        if (!request.method().equals(method)) {
            throw new Ws1Error(405, 405, "Method " + request.method() + " is not allowed here.");
        }
    }

    private static int version(SimRequest request) {
        Matcher m = VERSION.matcher(request.header("Accept").orElse(""));
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static void requireVersion(SimRequest request, int version) {
        int asked = version(request);
        if (asked != version) {
            throw new Ws1Error(400, 400, "This resource is served in API version " + version + "; send Accept: application/json;version="
                    + version + " (got version " + asked + ").");
        }
    }

    /** The page size asked for, at most {@link #MAX_PAGE_SIZE}. */
    private static int pageSize(SimRequest request) {
        long asked = request.param("pagesize").map(v -> number(v, "pagesize")).orElse((long) MAX_PAGE_SIZE);
        if (asked <= 0) {
            throw new Ws1Error(400, 400, "pagesize must be positive; got " + asked + ".");
        }
        return (int) Math.min(asked, MAX_PAGE_SIZE);
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Ws1Error(400, 400, what + " must be a number; got '" + text + "'.");
        }
    }

    private static List<String> lower(List<String> segments) {
        return segments.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }


    private SimResponse error(int status, int code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("errorCode", code);
        body.put("message", message);
        body.put("activityId", UUID.randomUUID().toString());
        return SimResponse.json(status, write(body));
    }

    private String write(JsonNode node) {
        return SimJson.write(json, node);
    }

    /** The model type of each WinRTDeviceProfileV2Entity member (internal/mdm/v2/models.go). */
    private static Map<String, String> winrtPayloads() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("General", "GeneralPayloadV2Entity");
        types.put("Credentials", "WindowsDesktopCredentialsPayloadEntityV2");
        types.put("Scep", "WindowsDesktopScepPayloadEntityV2");
        for (String other : List.of("AntiVirus", "AppControl", "Bios", "CustomSettings", "Customization", "DefenderExploitGuard", "Dem",
                "Edp", "Encryption", "ExchangeActiveSync", "ExchangeWebServices", "Firewall", "FirewallV2", "IntelCloud", "KeepApps",
                "Kiosk", "Licensing", "OemUpdate", "P2PBranchCache", "Passcode", "Passport", "Personalization", "Proxy", "Restrictions",
                "SingleAppMode", "UnifiedWriteFilter", "Updates", "UpdatesV2", "Vpn", "WebClips", "Wifi")) {
            types.put(other, other + " payload");
        }
        return Map.copyOf(types);
    }

    /** An error answer in UEM's shape. */
    static final class Ws1Error extends RuntimeException {
        private final int status;
        private final int code;

        Ws1Error(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
