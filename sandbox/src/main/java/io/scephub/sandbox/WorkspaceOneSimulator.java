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
 * Workspace ONE UEM's REST API as far as scephub uses it (VENDOR-APIS.md, "Workspace ONE UEM"):
 * OAuth client-credentials tokens, {@code aw-tenant-code} on every call, versions by the Accept
 * header, Windows Desktop ({@code winrt}) profiles with a Credentials payload, the read-only
 * certificate-authority picklists, smart-group and organization-group search (partial matches, 204
 * when nothing matches), per-device profile lists, and a per-minute rate limit. All state sits
 * behind this object's lock.
 */
public final class WorkspaceOneSimulator implements VendorSimulator {

    /** The organization group profiles live in, with a sibling whose GroupId contains it (search is partial). */
    public static final String SEED_ORGANIZATION_GROUP = "Corp";
    public static final long SEED_ORGANIZATION_GROUP_ID = 570;
    /** The generic SCEP authority an admin set up in the console with Okta's SCEP URL and static secret. */
    public static final String SEED_CERTIFICATE_AUTHORITY = "Okta ODA SCEP";
    public static final String SEED_CERTIFICATE_TEMPLATE = "ODA Device";
    public static final String SEED_SMART_GROUP = "ODA Windows WS1";
    /** Device serials for triage: the healthy one installs every credential profile, the broken one fails it. */
    public static final String HEALTHY_SERIAL = "WS1-0001-HEALTHY";
    public static final String BROKEN_SERIAL = "WS1-0002-BROKEN";

    static final int STATUS_INSTALLED = 3;
    static final int STATUS_ERROR = 6;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Pattern VERSION = Pattern.compile("version\\s*=\\s*(\\d+)");
    private static final Set<String> PROFILE_KEYS = Set.of("General", "Credentials");
    private static final Set<String> ASSIGNMENT_TYPES = Set.of("Auto", "Optional", "Compliance");
    private static final Set<String> PROFILE_CONTEXTS = Set.of("Device", "User");
    // Uncertain at the real vendor (picklists windowspccredentialsource / ...storelocation / ...certificatestore):
    // the sandbox accepts exactly what scephub's WorkspaceOnePayloads sends plus the obvious siblings.
    private static final Set<String> CERTIFICATE_SOURCES = Set.of("DefinedCertificateAuthority", "Upload");
    private static final Set<String> KEY_LOCATIONS = Set.of("Software", "TPMIfPresent", "TPMRequired");
    private static final Set<String> STORE_LOCATIONS = Set.of("User", "Machine");
    private static final Set<String> CERTIFICATE_STORES = Set.of("Personal", "Root", "Intermediate", "TrustedPublisher");

    private final ObjectMapper json;
    private final WorkspaceOneOptions options;
    private final Clock clock;
    private final Ids ids;

    private final Map<Long, ObjectNode> profiles = new TreeMap<>();
    private final Map<Long, ObjectNode> organizationGroups = new TreeMap<>();
    private final Map<Long, ObjectNode> smartGroups = new TreeMap<>();
    private final Map<Long, CertificateAuthority> certificateAuthorities = new TreeMap<>();
    private final Map<String, String> devices = new LinkedHashMap<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private long nextProfileId;
    private long rateWindowMinute = -1;
    private int rateWindowCount;

    private record CertificateAuthority(long id, String name, Map<Long, String> templates) {
    }

    WorkspaceOneSimulator(ObjectMapper json, SandboxOptions options, Ids ids) {
        this.json = json;
        this.options = options.workspaceOne();
        this.clock = options.clock();
        this.ids = ids;
        reset();
    }

    // ----- read-only views and test helpers -------------------------------------------------------

    /** Every profile as GET returns it. */
    public synchronized List<JsonNode> profiles() {
        return profiles.values().stream().map(p -> (JsonNode) p.deepCopy()).toList();
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

    // ----- VendorSimulator --------------------------------------------------------------------------

    @Override
    public Vendor vendorOf(SimRequest request) {
        return Vendor.WORKSPACEONE;
    }

    @Override
    public synchronized void reset() {
        profiles.clear();
        organizationGroups.clear();
        smartGroups.clear();
        certificateAuthorities.clear();
        devices.clear();
        accessTokens.clear();
        rateWindowMinute = -1;
        rateWindowCount = 0;
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
        devices.put(HEALTHY_SERIAL, "WIN-WS1-HEALTHY-01");
        devices.put(BROKEN_SERIAL, "WIN-WS1-BROKEN-02");
        // A profile an admin made by hand: scephub must list it and never touch it.
        ObjectNode wifi = json.createObjectNode();
        ObjectNode general = wifi.putObject("General");
        general.put("Name", "Corp Wi-Fi");
        general.put("Description", "Made in the console");
        general.put("AssignmentType", "Auto");
        general.put("ManagedLocationGroupID", SEED_ORGANIZATION_GROUP_ID);
        general.put("IsActive", true);
        general.put("ProfileContext", "Device");
        general.put("AllowRemoval", true);
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
            long minute = now.getEpochSecond() / 60;
            if (minute != rateWindowMinute) {
                rateWindowMinute = minute;
                rateWindowCount = 0;
            }
            rateWindowCount++;
            if (options.rateLimitPerMinute() > 0 && rateWindowCount > options.rateLimitPerMinute()) {
                return error(429, 1013, "The API request limit for this tenant has been reached; try again later.")
                        .withHeader("Retry-After", Long.toString(60 - now.getEpochSecond() % 60));
            }
            authenticate(request, now);
            return route(request, s.subList(1, s.size()));
        } catch (Ws1Error e) {
            return error(e.status, e.code, e.getMessage());
        }
    }

    @Override
    public synchronized SimResponse faultResponse(Vendor vendor, Fault.Status fault) {
        SimResponse response = switch (fault.status()) {
            case 401 -> error(401, 1005, "User is not authorized to perform this action.");
            case 403 -> error(403, 1006, "Access to this resource is forbidden.");
            case 404 -> error(404, 1002, "Resource not found.");
            case 429 -> error(429, 1013, "The API request limit for this tenant has been reached; try again later.");
            default -> fault.status() >= 500 ? error(fault.status(), 1000, "An internal error occurred.")
                    : error(fault.status(), 1001, "The request is not valid.");
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
                ArrayNode list = json.createArrayNode();
                certificateAuthorities.values().forEach(ca -> list.addObject().put("Id", ca.id()).put("Name", ca.name()));
                return SimResponse.json(200, write(list));
            }
            if (s.size() == 7 && s.get(6).equals("certificatetemplates")) {
                CertificateAuthority ca = certificateAuthorities.get(number(s.get(5), "certificate authority id"));
                if (ca == null) {
                    throw new Ws1Error(404, 1002, "Certificate authority " + s.get(5) + " not found.");
                }
                ArrayNode list = json.createArrayNode();
                ca.templates().forEach((id, name) -> list.addObject().put("Id", id).put("Name", name));
                return SimResponse.json(200, write(list));
            }
        }
        if (s.equals(List.of("mdm", "devices", "profiles"))) {
            requireMethod(request, "GET");
            return deviceProfiles(request);
        }
        throw new Ws1Error(404, 1002, "Resource not found: " + method + " " + request.path());
    }

    private SimResponse routeProfiles(SimRequest request, List<String> rest) {
        if (rest.equals(List.of("search"))) {
            requireMethod(request, "GET");
            return searchProfiles(request);
        }
        requireVersion(request, 2);
        if (rest.equals(List.of("platforms", "winrt", "create"))) {
            requireMethod(request, "POST");
            ObjectNode body = profileBody(request);
            if (body.path("General").path("ProfileId").asLong(0) != 0) {
                throw new Ws1Error(400, 1001, "General.ProfileId must not be set on create; use the update endpoint.");
            }
            long id = nextProfileId++;
            store(id, body, 1);
            return SimResponse.json(200, Long.toString(id));
        }
        if (rest.equals(List.of("platforms", "winrt", "update"))) {
            requireMethod(request, "PUT");
            ObjectNode body = profileBody(request);
            long id = body.path("General").path("ProfileId").asLong(0);
            ObjectNode current = profiles.get(id);
            if (current == null) {
                throw new Ws1Error(404, 1002, "Profile " + id + " not found.");
            }
            int version = current.path("General").path("Version").asInt(1);
            store(id, body, body.path("CreateNewVersion").asBoolean(false) ? version + 1 : version);
            return SimResponse.json(200, Long.toString(id));
        }
        if (rest.size() == 1) {
            long id = number(rest.get(0), "profile id");
            ObjectNode profile = profiles.get(id);
            if (profile == null) {
                throw new Ws1Error(404, 1002, "Profile " + rest.get(0) + " not found.");
            }
            return switch (request.method()) {
                case "GET" -> SimResponse.json(200, write(profile));
                case "DELETE" -> {
                    profiles.remove(id);
                    yield SimResponse.empty(204);
                }
                default -> throw new Ws1Error(405, 1001, "Method not allowed.");
            };
        }
        throw new Ws1Error(404, 1002, "Resource not found: " + request.path());
    }

    // ----- profiles ---------------------------------------------------------------------------------

    private ObjectNode profileBody(SimRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new Ws1Error(400, 1001, "The request body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            throw new Ws1Error(400, 1001, "The request body must be a profile object.");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!PROFILE_KEYS.contains(name) && !name.equals("CreateNewVersion")) {
                throw new Ws1Error(400, 1001, "Unknown payload '" + name + "' for a Windows Desktop profile.");
            }
        });
        JsonNode general = body.path("General");
        if (!general.isObject()) {
            throw new Ws1Error(400, 1001, "General is required.");
        }
        String name = general.path("Name").asText("");
        if (name.isBlank()) {
            throw new Ws1Error(400, 1001, "General.Name is required.");
        }
        long og = general.path("ManagedLocationGroupID").asLong(0);
        if (!organizationGroups.containsKey(og)) {
            throw new Ws1Error(400, 1001, "General.ManagedLocationGroupID " + og + " is not an organization group.");
        }
        requireOneOf(general, "AssignmentType", ASSIGNMENT_TYPES);
        requireOneOf(general, "ProfileContext", PROFILE_CONTEXTS);
        for (String list : List.of("AssignedSmartGroups", "ExcludedSmartGroups")) {
            for (JsonNode group : general.path(list)) {
                if (!smartGroups.containsKey(group.path("SmartGroupId").asLong(0))) {
                    throw new Ws1Error(400, 1001, "General." + list + ": smart group " + group.path("SmartGroupId") + " not found.");
                }
            }
        }
        long id = general.path("ProfileId").asLong(0);
        for (Map.Entry<Long, ObjectNode> other : profiles.entrySet()) {
            JsonNode g = other.getValue().path("General");
            if (other.getKey() != id && g.path("Name").asText().equals(name) && g.path("ManagedLocationGroupID").asLong() == og) {
                throw new Ws1Error(400, 1001, "A profile named '" + name + "' already exists in this organization group.");
            }
        }
        JsonNode credentials = body.path("Credentials");
        if (!credentials.isMissingNode()) {
            if (!credentials.isArray() || credentials.isEmpty()) {
                throw new Ws1Error(400, 1001, "Credentials must be a non-empty array of credential payloads.");
            }
            for (JsonNode credential : credentials) {
                requireOneOf(credential, "certificateSource", CERTIFICATE_SOURCES);
                requireOneOf(credential, "keyLocation", KEY_LOCATIONS);
                requireOneOf(credential, "storeLocation", STORE_LOCATIONS);
                requireOneOf(credential, "certificateStore", CERTIFICATE_STORES);
                CertificateAuthority ca = certificateAuthorities.get(credential.path("certificateAuthorityId").asLong(0));
                if (ca == null) {
                    throw new Ws1Error(400, 1001, "Credentials.certificateAuthorityId " + credential.path("certificateAuthorityId")
                            + " is not a certificate authority.");
                }
                if (!ca.templates().containsKey(credential.path("certificateTemplateId").asLong(0))) {
                    throw new Ws1Error(400, 1001, "Credentials.certificateTemplateId " + credential.path("certificateTemplateId")
                            + " is not a template of certificate authority " + ca.id() + ".");
                }
            }
        }
        return (ObjectNode) body;
    }

    private void store(long id, ObjectNode body, int version) {
        ObjectNode copy = body.deepCopy();
        copy.remove("CreateNewVersion");
        ObjectNode general = (ObjectNode) copy.get("General");
        ObjectNode previous = profiles.get(id);
        general.put("ProfileId", id);
        general.put("Version", version);
        general.put("ProfileUuid", previous != null ? previous.path("General").path("ProfileUuid").asText()
                : UUID.nameUUIDFromBytes(("ws1-profile-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        if (!general.has("ExcludedSmartGroups")) {
            general.putArray("ExcludedSmartGroups");
        }
        profiles.put(id, copy);
    }

    private SimResponse searchProfiles(SimRequest request) {
        Optional<String> platform = request.param("platform");
        Optional<String> text = request.param("searchtext");
        Optional<Long> og = request.param("organizationgroupid").map(v -> number(v, "organizationgroupid"));
        int page = (int) request.param("page").map(v -> number(v, "page")).orElse(0L).longValue();
        int pageSize = (int) request.param("pagesize").map(v -> number(v, "pagesize")).orElse(500L).longValue();
        if (platform.isPresent() && !platform.get().equalsIgnoreCase("winrt")) {
            return SimResponse.empty(204);
        }
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode profile : profiles.values()) {
            JsonNode g = profile.path("General");
            if (og.isPresent() && g.path("ManagedLocationGroupID").asLong() != og.get()) {
                continue;
            }
            if (text.isPresent() && !g.path("Name").asText().toLowerCase(Locale.ROOT).contains(text.get().toLowerCase(Locale.ROOT))) {
                continue;
            }
            ObjectNode row = json.createObjectNode();
            row.put("ProfileId", g.path("ProfileId").asLong());
            row.put("ProfileName", g.path("Name").asText());
            row.put("Platform", "WinRT");
            row.put("OrganizationGroupId", g.path("ManagedLocationGroupID").asLong());
            row.put("Status", g.path("IsActive").asBoolean(true) ? "Active" : "Inactive");
            row.put("AssignmentType", g.path("AssignmentType").asText());
            row.put("ProfileUuid", g.path("ProfileUuid").asText());
            matches.add(row);
        }
        return paged("ProfileList", matches, page, pageSize);
    }

    // ----- groups, devices ----------------------------------------------------------------------------

    private SimResponse searchSmartGroups(SimRequest request) {
        String name = request.param("name").orElse("").toLowerCase(Locale.ROOT);
        int page = (int) request.param("page").map(v -> number(v, "page")).orElse(0L).longValue();
        int pageSize = (int) request.param("pagesize").map(v -> number(v, "pagesize")).orElse(500L).longValue();
        // Like UEM: "name" matches anywhere in the name, so "ODA Windows WS1" also finds "ODA Windows WS1 Pilot".
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
            throw new Ws1Error(400, 1001, "searchBy must be one of Macaddress, Udid, Serialnumber, ImeiNumber; got '" + searchBy + "'.");
        }
        String serial = request.param("id").orElse("");
        if (!devices.containsKey(serial)) {
            throw new Ws1Error(404, 1002, "Device not found.");
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("DeviceProfiles");
        for (ObjectNode profile : profiles.values()) {
            JsonNode g = profile.path("General");
            if (!g.path("IsActive").asBoolean(true) || g.path("AssignedSmartGroups").isEmpty()) {
                continue;
            }
            boolean credential = profile.has("Credentials");
            ObjectNode row = list.addObject();
            row.putObject("Id").put("Value", g.path("ProfileId").asLong());
            row.put("Name", g.path("Name").asText());
            row.put("Status", credential && serial.equals(BROKEN_SERIAL) ? STATUS_ERROR : STATUS_INSTALLED);
            row.put("CurrentVersion", g.path("Version").asInt(1));
            row.put("InstalledProfileVersion", g.path("Version").asInt(1));
        }
        return SimResponse.json(200, write(body));
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
        group.put("SmartGroupID", id);
        group.put("SmartGroupUuid", UUID.nameUUIDFromBytes(("ws1-sg-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        group.put("Name", name);
        group.put("ManagedByOrganizationGroupId", SEED_ORGANIZATION_GROUP_ID);
        group.put("ManagedByOrganizationGroupName", "Corp");
        return group;
    }

    private ObjectNode smartGroupRef(long id) {
        ObjectNode ref = json.createObjectNode();
        ref.put("SmartGroupId", id);
        ref.put("Name", smartGroups.get(id).path("Name").asText());
        return ref;
    }

    private static void requireOneOf(JsonNode node, String field, Set<String> allowed) {
        String value = node.path(field).asText(null);
        if (value == null || !allowed.contains(value)) {
            throw new Ws1Error(400, 1001, field + " must be one of " + new java.util.TreeSet<>(allowed) + "; got " + node.path(field) + ".");
        }
    }

    private static void requireMethod(SimRequest request, String method) {
        if (!request.method().equals(method)) {
            throw new Ws1Error(405, 1001, "Method " + request.method() + " is not allowed here.");
        }
    }

    private static void requireVersion(SimRequest request, int version) {
        Matcher m = VERSION.matcher(request.header("Accept").orElse(""));
        int asked = m.find() ? Integer.parseInt(m.group(1)) : 1;
        if (asked != version) {
            throw new Ws1Error(400, 1001, "This resource is served in API version " + version + "; send Accept: application/json;version="
                    + version + " (got version " + asked + ").");
        }
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Ws1Error(400, 1001, what + " must be a number; got '" + text + "'.");
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
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** An error answer in UEM's shape. */
    private static final class Ws1Error extends RuntimeException {
        private final int status;
        private final int code;

        Ws1Error(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
