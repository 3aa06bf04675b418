package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Jamf Pro as VENDOR-APIS.md describes it: OAuth API-client tokens, the Classic XML API for macOS
 * configuration profiles and computer groups, and the Jamf Pro API's per-computer inventory. It
 * reproduces the traps: "Computer Level" silently stored as User level, duplicate names refused
 * with an HTML 409, and the top-level PayloadUUID/PayloadIdentifier rewritten on create.
 * Computers that install profiles do so at once: a profile's install time on each in-scope computer is
 * the clock's now when the profile first reaches it, and again on a PUT with {@code redeploy_on_update}
 * {@code All} (Jamf's "Redistribute profile"); a "Newly Assigned" update leaves existing installs alone.
 * Like Jamf, {@code redeploy_on_update} always reads back as {@code Newly Assigned}, whatever was sent
 * (deploymenttheory/terraform-provider-jamfpro#887, #185).
 * Payloads follow the Classic API's handling wire-probed in Jamf-Concepts/jamf-cli#310 and
 * jamf/terraform-provider-jamfplatform#305 (Jamf PI-827): the {@code <payloads>} text is
 * entity-decoded once more and must then be a well-formed plist, else 409 "Unable to update the
 * database" (so a plist with {@code &amp;} in a value is refused unless escaped once more, and a
 * stored payload that was decoded is refused when sent back as read); payload types Jamf does not
 * re-render are stored with one extra entity layer in their string values. With
 * {@link #rerenderScepPayloads(boolean)} on, SCEP payloads are re-rendered the way Jamf re-renders
 * payloads it knows: keys outside Apple's SCEP payload are dropped (the Dynamic-Microsoft CA keys
 * scephub writes are unverified; this shows what happens if Jamf does not keep them).
 * All state sits behind this object's lock.
 */
public final class JamfSimulator implements VendorSimulator {

    /** Seconds an access token lives; Jamf makes this a per-client setting, so clients must read expires_in. */
    public static final long TOKEN_LIFETIME_SECONDS = 1200;
    /** How long the certificates the sandbox's computers enrol for are valid (Okta's CA decides; one year here). */
    public static final java.time.Duration CERTIFICATE_VALIDITY = java.time.Duration.ofDays(365);
    public static final String HEALTHY_COMPUTER = "MAC-HEALTHY-01";
    public static final String BROKEN_COMPUTER = "MAC-BROKEN-02";
    /** The only value Jamf reports for {@code redeploy_on_update}, whatever a write sent. */
    public static final String NEWLY_ASSIGNED = "Newly Assigned";
    private static final Pattern FILTER = Pattern.compile("(general\\.name|hardware\\.serialNumber)==\"?([^\",;]*)\"?");

    /** A stored configuration profile as the Classic API holds it. */
    public record Profile(long id, String name, String description, String level, String uuid, String redeployOnUpdate,
                          String distributionMethod, String payloads, List<Group> includedGroups, List<Group> excludedGroups) {
        public Profile {
            includedGroups = List.copyOf(includedGroups);
            excludedGroups = List.copyOf(excludedGroups);
        }
    }

    /** A computer group: Smart Groups survive re-enrolment, static ones do not. */
    public record Group(long id, String name, boolean smart) {
    }

    /** A seeded computer and its group memberships. */
    record Computer(long id, String name, String serial, String udid, List<Long> groupIds, boolean installsProfiles) {
    }

    private final ObjectMapper json;
    private final SandboxOptions options;
    private final Clock clock;
    private final Map<Long, Profile> profiles = new TreeMap<>();
    private final Map<Long, Group> groups = new TreeMap<>();
    private final Map<Long, Computer> computers = new TreeMap<>();
    /** {@link #computers} in id order, rebuilt after a change. */
    private List<Computer> computerList;
    private final Map<String, Instant> tokens = new HashMap<>();
    /** Per profile id: per computer id, when the computer last installed the profile. */
    private final Map<Long, Map<Long, Instant>> installs = new HashMap<>();
    private final Map<Long, Instant> redeployed = new HashMap<>();
    /** Top-level PayloadIdentifier by stored payloads text, see {@link #identifier(Profile)}. */
    private final Map<String, Optional<String>> identifiers = new HashMap<>();
    /** Computers that stopped processing MDM commands: what Jamf queues for them stays pending. */
    private final java.util.Set<Long> silent = new java.util.HashSet<>();
    /** Per computer id: how many InstallProfile commands it processed (scope entries and redeploys). */
    private final Map<Long, Integer> installCommands = new HashMap<>();
    /** Per "group id/computer id": how often a write added the computer to the static group. */
    private final Map<String, Integer> additions = new HashMap<>();
    private long nextGroupId;
    private final Map<Long, Webhook> webhooks = new TreeMap<>();
    private long nextWebhookId;
    private long nextProfileId;
    private int tokensIssued;
    private boolean rerenderScep;
    /** Jamf's published guidance: no more than 5 concurrent connections. */
    public static final int MAX_CONCURRENT_CONNECTIONS = 5;
    private volatile boolean concurrencyGuidance;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** The keys of Apple's com.apple.security.scep PayloadContent (apple/device-management, mdm/profiles/com.apple.security.scep.yaml). */
    static final java.util.Set<String> APPLE_SCEP_KEYS = java.util.Set.of("URL", "Name", "Subject", "Challenge", "Keysize",
            "Key Type", "Key Usage", "CAFingerprint", "Retries", "RetryDelay", "KeyIsExtractable", "AllowAllAppsAccess",
            "SubjectAltName");

    JamfSimulator(ObjectMapper json, SandboxOptions options) {
        this.json = json;
        this.options = options;
        this.clock = options.clock();
        reset();
    }

    // ----- read-only views for tests and the demo -------------------------------------------

    /** Every stored profile, by id order. */
    public synchronized List<Profile> profiles() {
        return List.copyOf(profiles.values());
    }

    /** The stored profile named {@code name}. */
    public synchronized Optional<Profile> profile(String name) {
        return profiles.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every computer group. */
    public synchronized List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** When the profile was last PUT with {@code redeploy_on_update} {@code All}, if ever. */
    public synchronized Optional<Instant> redeployedAt(long profileId) {
        return Optional.ofNullable(redeployed.get(profileId));
    }

    /** When the named computer last installed the profile, if it has it. */
    public synchronized Optional<Instant> lastInstalled(long profileId, String computerName) {
        return computers.values().stream().filter(c -> c.name().equals(computerName)).findFirst()
                .map(c -> installs.getOrDefault(profileId, Map.of()).get(c.id()));
    }

    /**
     * From now on the named computer processes no MDM command (or again does): what Jamf queues for it, profile
     * installs and removals alike, stays pending, so it keeps the profile and certificate it has. Off after {@link #reset()}.
     */
    public synchronized void failMdmCommands(String computerName, boolean fails) {
        Computer c = computerNamed(computerName);
        if (fails) {
            silent.add(c.id());
        } else {
            silent.remove(c.id());
        }
    }

    /** How many profile installs the named computer processed; each one enrolled it for a new certificate. */
    public synchronized int installCommands(String computerName) {
        return installCommands.getOrDefault(computerNamed(computerName).id(), 0);
    }

    /** A computer group made by hand in the Jamf UI, with the named computers as its members (static) or none (smart); its id. */
    public synchronized long seedGroup(String name, boolean smart, List<String> memberNames) {
        long id = nextGroupId++;
        groups.put(id, new Group(id, name, smart));
        setMembers(id, memberNames.stream().map(n -> computerNamed(n).id()).toList(), true);
        profiles.values().forEach(p -> deliver(p, false));
        return id;
    }

    /** Adds the named computer to the static group named {@code groupName} as an admin in the Jamf UI would; scopes follow. */
    public synchronized void addToGroup(String groupName, String computerName) {
        Group g = groupByName(groupName);
        if (g == null || g.smart()) {
            throw new IllegalArgumentException("no static computer group " + groupName);
        }
        setMembers(g.id(), List.of(computerNamed(computerName).id()), true);
        profiles.values().forEach(p -> deliver(p, false));
    }

    /** How often a write added the named computer to a static group named {@code groupName}. */
    public synchronized int timesAdded(String groupName, String computerName) {
        Group g = groupByName(groupName);
        // By name: a group deleted and made again under its name counts on.
        return additions.getOrDefault(groupName + "/" + computerNamed(computerName).id(), 0);
    }

    /** The names of the computers in the group named {@code groupName}, by id order. */
    public synchronized List<String> members(String groupName) {
        Group g = groupByName(groupName);
        if (g == null) {
            throw new IllegalArgumentException("no computer group " + groupName);
        }
        return computers.values().stream().filter(c -> c.groupIds().contains(g.id())).map(Computer::name).toList();
    }

    private Computer computerNamed(String name) {
        return computers.values().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Jamf computer " + name));
    }

    /** How many access tokens were handed out (to check that clients cache them). */
    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    /**
     * When on, SCEP payloads are re-rendered on save like the payloads Jamf knows: PayloadContent keys
     * outside Apple's SCEP payload are dropped and values are stored as decoded. Off after {@link #reset()}.
     */
    public synchronized void rerenderScepPayloads(boolean on) {
        rerenderScep = on;
    }

    /** Replaces a stored profile's payloads as an admin editing it in the Jamf UI would (test helper). */
    public synchronized void replacePayloads(long profileId, String payloads) {
        Profile p = existing(profileId);
        profiles.put(profileId, new Profile(p.id(), p.name(), p.description(), p.level(), p.uuid(), p.redeployOnUpdate(),
                p.distributionMethod(), payloads, p.includedGroups(), p.excludedGroups()));
    }

    /** Changes a stored profile (name, scope, ...) as an admin editing it in the Jamf UI would (test helper). */
    public synchronized void editProfile(long profileId, java.util.function.UnaryOperator<Profile> edit) {
        Profile edited = edit.apply(existing(profileId));
        if (edited.id() != profileId) {
            throw new IllegalArgumentException("an edit cannot change the profile id");
        }
        profiles.put(profileId, edited);
    }

    /** Puts a profile in place as if an admin made it in the Jamf UI (no scephub marker unless the description has one). */
    public synchronized long seedProfile(String name, String description, String level, String payloads) {
        long id = nextProfileId++;
        profiles.put(id, new Profile(id, name, description, level, UUID.randomUUID().toString().toUpperCase(Locale.ROOT),
                "Newly Assigned", "Install Automatically", payloads, List.of(), List.of()));
        return id;
    }

    // ----- VendorSimulator ----------------------------------------------------------------------

    @Override
    public Vendor vendorOf(SimRequest request) {
        return Vendor.JAMF;
    }

    @Override
    public boolean isCreate(SimRequest request) {
        return request.method().equals("POST")
                && request.segments().equals(List.of("JSSResource", "osxconfigurationprofiles", "id", "0"));
    }

    /** The id of a profile without scephub's marker, as a create's 201 answer. */
    @Override
    public synchronized Optional<SimResponse> foreignAnswer(SimRequest request) {
        return profiles.values().stream().filter(p -> p.description() == null || !p.description().contains("[scephub:"))
                .findFirst().map(p -> xml(201, idXml(p.id())));
    }

    @Override
    public synchronized void reset() {
        profiles.clear();
        groups.clear();
        computers.clear();
        computerList = null;
        tokens.clear();
        installs.clear();
        redeployed.clear();
        silent.clear();
        installCommands.clear();
        additions.clear();
        webhooks.clear();
        nextGroupId = 4;
        nextWebhookId = 1;
        tokensIssued = 0;
        nextProfileId = 1;
        rerenderScep = false;
        concurrencyGuidance = false;
        maxInFlight.set(0);
        groups.put(1L, new Group(1, "ODA Macs", true));
        groups.put(2L, new Group(2, "ODA Pilot Macs", true));
        groups.put(3L, new Group(3, "Finance Static", false));
        computers.put(1L, new Computer(1, HEALTHY_COMPUTER, "C02HEALTHY01", "5A1B2C3D-0000-4000-8000-000000000001",
                List.of(1L, 2L), true));
        computers.put(2L, new Computer(2, BROKEN_COMPUTER, "C02BROKEN002", "5A1B2C3D-0000-4000-8000-000000000002",
                List.of(1L), false));
    }

    /**
     * Enrols {@code count} computers named {@code prefix-000001}... (serials {@code JSBX} plus the id) into the
     * group {@code groupId}, for fleets of any size; they install profiles created or redeployed afterwards.
     * Returns the first new computer's id.
     */
    public synchronized long addComputers(String prefix, int count, long groupId) {
        if (!groups.containsKey(groupId)) {
            throw new IllegalArgumentException("no computer group " + groupId);
        }
        long first = computers.isEmpty() ? 1 : ((java.util.TreeMap<Long, Computer>) computers).lastKey() + 1;
        for (int i = 0; i < count; i++) {
            long id = first + i;
            String number = String.format(Locale.ROOT, "%06d", i + 1);
            computers.put(id, new Computer(id, prefix + "-" + number, String.format(Locale.ROOT, "JSBX%08d", id),
                    UUID.nameUUIDFromBytes(("jamf-computer-" + id).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase(Locale.ROOT),
                    List.of(groupId), true));
        }
        computerList = null;
        return first;
    }

    /** How many computers are enrolled. */
    public synchronized int computerCount() {
        return computers.size();
    }

    private List<Computer> allComputers() {
        if (computerList == null) {
            computerList = List.copyOf(computers.values());
        }
        return computerList;
    }

    /**
     * Jamf Pro has no request-rate limit; Jamf's guidance is at most 5 concurrent connections
     * (developer.jamf.com, "Jamf Pro API Scalability Best Practices"). When on, a request arriving
     * while 5 are in flight gets 503 with Retry-After. Off after {@link #reset()}.
     */
    public void enforceConcurrencyGuidance(boolean on) {
        concurrencyGuidance = on;
    }

    /** The most requests that were in flight at once since the last {@link #reset()}. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    @Override
    public SimResponse handle(SimRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (concurrencyGuidance && now > MAX_CONCURRENT_CONNECTIONS) {
                return html(503, "Service Unavailable").withHeader("Retry-After", "1");
            }
            synchronized (this) {
                try {
                    return route(request);
                } catch (JamfError e) {
                    return e.response;
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public synchronized SimResponse faultResponse(Vendor vendor, Fault.Status fault) {
        SimResponse response = html(fault.status(), fault.status() == 429 ? "Too Many Requests" : "Error");
        return fault.retryAfter().map(value -> response.withHeader("Retry-After", value)).orElse(response);
    }

    // ----- routing -----------------------------------------------------------------------------

    private SimResponse route(SimRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.equals(List.of("api", "oauth", "token"))) {
            requireMethod(method, "POST");
            return token(request);
        }
        if (s.size() >= 2 && s.get(0).equals("JSSResource")) {
            authenticate(request, false);
            return classic(request, s.subList(1, s.size()));
        }
        if (s.size() >= 3 && s.get(0).equals("api") && s.get(1).equals("v1") && s.get(2).equals("computers-inventory")) {
            authenticate(request, true);
            requireMethod(method, "GET");
            return s.size() == 3 ? inventorySearch(request) : inventoryDetail(s.get(3));
        }
        throw new JamfError(html(404, "The server has not found anything matching the request URI"));
    }

    private SimResponse token(SimRequest request) {
        Map<String, List<String>> form = SimRequest.parseQuery(request.body());
        String grant = SimRequest.first(form, "grant_type");
        if (!"client_credentials".equals(grant)) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        if (!options.jamfClientId().equals(SimRequest.first(form, "client_id"))
                || !options.jamfClientSecret().equals(SimRequest.first(form, "client_secret"))) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\"}");
        }
        String token = "jamf-" + UUID.randomUUID();
        tokens.put(token, clock.instant().plusSeconds(TOKEN_LIFETIME_SECONDS));
        tokensIssued++;
        ObjectNode body = json.createObjectNode();
        body.put("access_token", token);
        body.put("scope", "api-role:scephub");
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME_SECONDS - 1);
        return SimResponse.json(200, body.toString());
    }

    private void authenticate(SimRequest request, boolean proApi) {
        String header = request.header("Authorization").orElse("");
        Instant expiry = header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
        if (expiry == null || !clock.instant().isBefore(expiry)) {
            throw new JamfError(proApi ? proError(401, "INVALID_TOKEN", null, "Unauthorized") : html(401, "Unauthorized"));
        }
    }

    private SimResponse classic(SimRequest request, List<String> s) {
        String method = request.method();
        if (s.get(0).equals("osxconfigurationprofiles")) {
            if (s.size() == 1) {
                requireMethod(method, "GET");
                return listProfiles();
            }
            if (s.size() == 3 && s.get(1).equals("id")) {
                long id = parseId(s.get(2));
                return switch (method) {
                    case "GET" -> xml(200, profileXml(existing(id)));
                    case "POST" -> createProfile(request, id);
                    case "PUT" -> updateProfile(request, existing(id));
                    case "DELETE" -> {
                        existing(id);
                        profiles.remove(id);
                        installs.remove(id);
                        redeployed.remove(id);
                        yield xml(200, idXml(id));
                    }
                    default -> throw new JamfError(html(405, "Method Not Allowed"));
                };
            }
        }
        if (s.get(0).equals("webhooks")) {
            return webhookRoute(request, s);
        }
        if (s.get(0).equals("computergroups")) {
            if (s.size() == 3 && s.get(1).equals("id") && (method.equals("POST") || method.equals("PUT"))) {
                return method.equals("POST") ? createGroup(request, parseId(s.get(2))) : updateGroup(request, s.get(2));
            }
            if (s.size() == 3 && s.get(1).equals("id") && method.equals("DELETE")) {
                return deleteGroup(parseId(s.get(2)));
            }
            requireMethod(method, "GET");
            if (s.size() == 1) {
                StringBuilder out = new StringBuilder("<computer_groups><size>").append(groups.size()).append("</size>");
                groups.values().forEach(g -> out.append("<computer_group><id>").append(g.id()).append("</id><name>")
                        .append(esc(g.name())).append("</name><is_smart>").append(g.smart()).append("</is_smart></computer_group>"));
                return xml(200, out.append("</computer_groups>").toString());
            }
            if (s.size() == 3 && (s.get(1).equals("name") || s.get(1).equals("id"))) {
                Group group = s.get(1).equals("name") ? groupByName(s.get(2)) : groups.get(parseId(s.get(2)));
                if (group == null) {
                    throw new JamfError(html(404, "The server has not found anything matching the request URI"));
                }
                return xml(200, groupXml(group));
            }
        }
        throw new JamfError(html(404, "The server has not found anything matching the request URI"));
    }

    // ----- webhooks (Classic /JSSResource/webhooks) -------------------------------------------

    /**
     * A Classic webhook, as Jamf's own jamf/terraform-provider-jamfplatform ({@code internal/resources/pro/webhook})
     * sends and reads it: a flat {@code <webhook>}; the password is write only (read back as a sentinel).
     */
    public record Webhook(long id, String name, boolean enabled, String url, String contentType, String event,
                          String authenticationType, String username, String password, String header) {
    }

    /** The 23 event names the Jamf provider wire-probed (schema_types.go {@code webhookEvents}). */
    static final java.util.Set<String> WEBHOOK_EVENTS = java.util.Set.of("ComputerAdded", "ComputerCheckIn",
            "ComputerInventoryCompleted", "ComputerPatchPolicyCompleted", "ComputerPolicyFinished", "ComputerPushCapabilityChanged",
            "DeviceAddedToDEP", "DeviceRateLimited", "JSSShutdown", "JSSStartup", "MobileDeviceCheckIn",
            "MobileDeviceCommandCompleted", "MobileDeviceEnrolled", "MobileDeviceInventoryCompleted", "MobileDevicePushSent",
            "MobileDeviceUnEnrolled", "PatchSoftwareTitleUpdated", "PushSent", "RestAPIOperation", "SCEPChallenge",
            "SmartGroupComputerMembershipChange", "SmartGroupMobileDeviceMembershipChange", "SmartGroupUserMembershipChange");
    static final java.util.Set<String> WEBHOOK_AUTH_TYPES = java.util.Set.of("NONE", "BASIC", "HEADER", "HASH_SIGNATURE", "MTLS");
    /** What Jamf answers for a stored password (modelled: the provider says only "a redaction sentinel"). */
    static final String REDACTED = "********";

    /** Every registered webhook, by id order. */
    public synchronized List<Webhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    /** A computer record (e.g. a Mac the demo enrols) in the given groups; installs profiles. Replaces one of that name. */
    public synchronized void addComputer(String name, String serial, List<Long> groupIds) {
        computers.values().removeIf(c -> c.name().equals(name));
        long id = computers.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        computers.put(id, new Computer(id, name, serial, UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().toUpperCase(Locale.ROOT), List.copyOf(groupIds), true));
        computerList = null;
    }

    /**
     * A Mac enrols now into the named groups: like a Mac entering a Smart Group's criteria, it installs at once every
     * profile whose scope it enters (and so enrols for their certificates).
     */
    public synchronized void enrolComputer(String name, String serial, List<String> groupNames) {
        List<Long> ids = groupNames.stream().map(n -> java.util.Objects.requireNonNull(groupByName(n), "no computer group " + n).id())
                .toList();
        addComputer(name, serial, ids);
        profiles.values().forEach(p -> deliver(p, false));
    }

    /** A webhook made by hand in the Jamf UI, for tests of foreign objects; its id. */
    public synchronized long seedWebhook(String name, String url, String event) {
        long id = nextWebhookId++;
        webhooks.put(id, new Webhook(id, name, true, url, "application/json", event, "NONE", "", "", ""));
        return id;
    }

    private SimResponse webhookRoute(SimRequest request, List<String> s) {
        String method = request.method();
        if (s.size() == 1) {
            requireMethod(method, "GET");
            StringBuilder out = new StringBuilder("<webhooks><size>").append(webhooks.size()).append("</size>");
            webhooks.values().forEach(w -> out.append("<webhook><id>").append(w.id()).append("</id><name>").append(esc(w.name()))
                    .append("</name></webhook>"));
            return xml(200, out.append("</webhooks>").toString());
        }
        if (s.size() == 3 && s.get(1).equals("id")) {
            long id = parseId(s.get(2));
            return switch (method) {
                case "GET" -> xml(200, webhookXml(existingWebhook(id)));
                case "POST" -> {
                    if (id != 0) {
                        throw new JamfError(html(409, "Error: ID in URL must be 0 to create"));
                    }
                    long newId = nextWebhookId++;
                    webhooks.put(newId, webhook(parse(request.body()), newId, null));
                    yield xml(201, "<webhook><id>" + newId + "</id></webhook>");
                }
                case "PUT" -> {
                    webhooks.put(id, webhook(parse(request.body()), id, existingWebhook(id)));
                    yield xml(201, "<webhook><id>" + id + "</id></webhook>");
                }
                case "DELETE" -> {
                    existingWebhook(id);
                    webhooks.remove(id);
                    yield xml(200, "<webhook><id>" + id + "</id></webhook>");
                }
                default -> throw new JamfError(html(405, "Method Not Allowed"));
            };
        }
        throw new JamfError(html(404, "The server has not found anything matching the request URI"));
    }

    /** Classic's PUT merges: an omitted element keeps the stored value. Validation as the Jamf provider wire-probed it. */
    private Webhook webhook(Element root, long id, Webhook current) {
        String name = text(root, "name").orElse(current == null ? null : current.name());
        if (name == null || name.isBlank()) {
            throw conflict("Problem with name");
        }
        String url = text(root, "url").orElse(current == null ? null : current.url());
        if (url == null || url.isBlank()) {
            throw conflict("Problem with url");
        }
        String event = text(root, "event").orElse(current == null ? null : current.event());
        if (event == null || !WEBHOOK_EVENTS.contains(event)) {
            throw conflict("Problem with event");
        }
        // Any other content type is silently stored as text/xml (schema_types.go, webhookContentTypes).
        String contentType = text(root, "content_type").orElse(current == null ? "text/xml" : current.contentType());
        if (!contentType.equals("application/json")) {
            contentType = "text/xml";
        }
        String auth = text(root, "authentication_type").orElse(current == null ? "NONE" : current.authenticationType());
        if (!WEBHOOK_AUTH_TYPES.contains(auth)) {
            throw conflict("Problem with authentication_type");
        }
        String username = text(root, "username").orElse(current == null ? "" : current.username());
        if (auth.equals("BASIC") && username.isBlank()) {
            throw conflict("Username is required");
        }
        String header = text(root, "header").orElse(current == null ? "" : current.header());
        if (auth.equals("HEADER") && header.isBlank()) {
            throw conflict("INVALID_REQUIRED");
        }
        String password = text(root, "password").orElse(current == null ? "" : current.password());
        boolean enabled = text(root, "enabled").map(Boolean::parseBoolean).orElse(current == null || current.enabled());
        return new Webhook(id, name, enabled, url, contentType, event, auth, username, password, header);
    }

    private Webhook existingWebhook(long id) {
        Webhook w = webhooks.get(id);
        if (w == null) {
            throw new JamfError(html(404, "The server has not found anything matching the request URI"));
        }
        return w;
    }

    private static String webhookXml(Webhook w) {
        return "<webhook><id>" + w.id() + "</id><name>" + esc(w.name()) + "</name><enabled>" + w.enabled() + "</enabled><url>"
                + esc(w.url()) + "</url><content_type>" + w.contentType() + "</content_type><event>" + w.event()
                + "</event><connection_timeout>5</connection_timeout><read_timeout>2</read_timeout><authentication_type>"
                + w.authenticationType() + "</authentication_type><username>" + esc(w.username()) + "</username><password>"
                + (w.password().isEmpty() ? "" : REDACTED) + "</password><header>" + esc(w.header()) + "</header>"
                + "<smart_group_id>-1</smart_group_id></webhook>";
    }

    /** What a Mac enrolling for a profile got from Jamf's SCEPChallenge webhook: the challenge, or why none. */
    public record ChallengeDelivery(Optional<String> challenge, String scepUrl, int status, String detail) {
    }

    /**
     * A Mac in scope of {@code profileName} installs it: the profile's SCEP payload has no challenge of its
     * own, so Jamf posts the SCEPChallenge event to every enabled webhook for that event and puts the first
     * 200 answer into the payload's {@code Challenge}. The body follows developer.jamf.com's webhooks page
     * as Fleet reproduces it for Smallstep ({@code webhook} id/name/webhookEvent/eventTimestamp; {@code event}
     * scepServerUrl/payloadIdentifier/payloadTypes); which Classic key marks a payload "Dynamic" is not known,
     * so every SCEP payload without a {@code Challenge} asks.
     */
    public ChallengeDelivery deliverScepPayload(String computerName, String profileName) {
        List<Webhook> targets;
        String scepUrl;
        String payloadIdentifier;
        synchronized (this) {
            Profile profile = profile(profileName).orElseThrow(() -> new IllegalArgumentException("no Jamf profile " + profileName));
            Computer computer = computers.values().stream().filter(c -> c.name().equals(computerName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no Jamf computer " + computerName));
            if (!inScope(profile, computer)) {
                return new ChallengeDelivery(Optional.empty(), "", 0, computerName + " is not in scope of " + profileName);
            }
            Element top = topDict(parseDocument(unlayered(profile.payloads()), "payloads"));
            Element scep = scepPayload(top).orElseThrow(() -> new IllegalArgumentException(profileName + " has no SCEP payload"));
            Element content = valueElement(scep, "PayloadContent");
            scepUrl = valueOf(content, "URL");
            payloadIdentifier = valueOf(scep, "PayloadIdentifier");
            if (valueOf(content, "Challenge") != null) {
                return new ChallengeDelivery(Optional.of(valueOf(content, "Challenge")), scepUrl, 0, "static Challenge in the payload");
            }
            targets = webhooks.values().stream().filter(w -> w.enabled() && w.event().equals("SCEPChallenge")).toList();
        }
        if (targets.isEmpty()) {
            return new ChallengeDelivery(Optional.empty(), scepUrl, 0, "no enabled SCEPChallenge webhook");
        }
        ChallengeDelivery last = null;
        for (Webhook w : targets) {
            last = post(w, scepUrl, payloadIdentifier);
            if (last.challenge().isPresent()) {
                return last;
            }
        }
        return last;
    }

    private ChallengeDelivery post(Webhook w, String scepUrl, String payloadIdentifier) {
        ObjectNode body = json.createObjectNode();
        body.putObject("webhook").put("id", w.id()).put("name", w.name()).put("webhookEvent", "SCEPChallenge")
                .put("eventTimestamp", clock.millis());
        ObjectNode event = body.putObject("event");
        event.put("scepServerUrl", scepUrl).put("payloadIdentifier", payloadIdentifier);
        event.putArray("payloadTypes").add("com.apple.security.scep");
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(w.url()))
                .timeout(java.time.Duration.ofSeconds(5)).header("Content-Type", w.contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()));
        if (w.authenticationType().equals("BASIC")) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (w.username() + ":" + w.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(5)).build()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && !answer.body().isBlank()) {
                return new ChallengeDelivery(Optional.of(answer.body().trim()), scepUrl, 200, "webhook " + w.id() + " answered");
            }
            return new ChallengeDelivery(Optional.empty(), scepUrl, answer.statusCode(), "webhook " + w.id() + " answered HTTP "
                    + answer.statusCode() + ": " + answer.body());
        } catch (java.io.IOException e) {
            return new ChallengeDelivery(Optional.empty(), scepUrl, 0, "webhook " + w.id() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChallengeDelivery(Optional.empty(), scepUrl, 0, "interrupted");
        }
    }

    private static Optional<Element> scepPayload(Element top) {
        Element list = top == null ? null : valueElement(top, "PayloadContent");
        if (list == null) {
            return Optional.empty();
        }
        for (Element dict : children(list, "dict")) {
            if ("com.apple.security.scep".equals(valueOf(dict, "PayloadType"))) {
                return Optional.of(dict);
            }
        }
        return Optional.empty();
    }

    /** The stored plist with the extra entity layer of PI-827 taken off its string values again. */
    private static String unlayered(String stored) {
        Document doc = parseDocument(stored, "payloads");
        org.w3c.dom.NodeList strings = doc.getElementsByTagName("string");
        for (int i = 0; i < strings.getLength(); i++) {
            Node n = strings.item(i);
            n.setTextContent(decodeEntitiesOnce(n.getTextContent()));
        }
        return serialize(doc);
    }

    private SimResponse listProfiles() {
        StringBuilder out = new StringBuilder("<os_x_configuration_profiles><size>").append(profiles.size()).append("</size>");
        profiles.values().forEach(p -> out.append("<os_x_configuration_profile><id>").append(p.id()).append("</id><name>")
                .append(esc(p.name())).append("</name></os_x_configuration_profile>"));
        return xml(200, out.append("</os_x_configuration_profiles>").toString());
    }

    private SimResponse createProfile(SimRequest request, long id) {
        if (id != 0) {
            throw new JamfError(html(409, "Error: ID in URL must be 0 to create"));
        }
        Element root = parse(request.body());
        Element general = child(root, "general").orElseThrow(() -> conflict("Problem with general"));
        String name = text(general, "name").filter(n -> !n.isBlank()).orElseThrow(() -> conflict("Problem with name"));
        requireUniqueName(name, -1);
        String uuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        // Jamf makes the profile its own: the top-level identity becomes the profile's uuid.
        String payloads = rewriteTopLevelIdentity(stored(text(general, "payloads").orElse("")), uuid);
        Scope scope = scope(root, new Scope(List.of(), List.of()));
        long newId = nextProfileId++;
        profiles.put(newId, new Profile(newId, name, text(general, "description").orElse(""),
                storedLevel(text(general, "level").orElse("System")), uuid,
                NEWLY_ASSIGNED,
                text(general, "distribution_method").orElse("Install Automatically"), payloads, scope.include, scope.exclude));
        deliver(profiles.get(newId), false);
        return xml(201, idXml(newId));
    }

    private SimResponse updateProfile(SimRequest request, Profile current) {
        Element root = parse(request.body());
        Optional<Element> general = child(root, "general");
        String name = general.flatMap(g -> text(g, "name")).orElse(current.name());
        requireUniqueName(name, current.id());
        Scope scope = scope(root, new Scope(current.includedGroups(), current.excludedGroups()));
        profiles.put(current.id(), new Profile(current.id(), name,
                general.flatMap(g -> text(g, "description")).orElse(current.description()),
                general.flatMap(g -> text(g, "level")).map(JamfSimulator::storedLevel).orElse(current.level()),
                current.uuid(),
                NEWLY_ASSIGNED,
                general.flatMap(g -> text(g, "distribution_method")).orElse(current.distributionMethod()),
                general.flatMap(g -> text(g, "payloads")).map(this::stored).orElse(current.payloads()), scope.include,
                scope.exclude));
        boolean all = general.flatMap(g -> text(g, "redeploy_on_update")).filter("All"::equals).isPresent();
        if (all) {
            redeployed.put(current.id(), clock.instant());
        }
        deliver(profiles.get(current.id()), all);
        return xml(201, idXml(current.id()));
    }

    /**
     * Installs the profile on the in-scope computers that install profiles: all of them when
     * {@code everyone} (redeploy All), else only those that do not have it yet; out-of-scope ones lose it.
     */
    private void deliver(Profile p, boolean everyone) {
        Map<Long, Instant> byComputer = installs.computeIfAbsent(p.id(), id -> new HashMap<>());
        Instant now = clock.instant();
        for (Computer c : computers.values()) {
            if (silent.contains(c.id())) {
                // The RemoveProfile or InstallProfile command stays pending: nothing changes on the Mac.
                continue;
            }
            if (c.installsProfiles() && inScope(p, c)) {
                if (everyone || !byComputer.containsKey(c.id())) {
                    byComputer.put(c.id(), now);
                    installCommands.merge(c.id(), 1, Integer::sum);
                }
            } else {
                byComputer.remove(c.id());
            }
        }
    }

    /**
     * {@code POST /JSSResource/computergroups/id/0}: a static group (with {@code <computers>}) or a Smart Group
     * (criteria are not evaluated here: it starts empty). Duplicate names are a 409 as for profiles.
     */
    private SimResponse createGroup(SimRequest request, long id) {
        if (id != 0) {
            throw new JamfError(html(409, "Error: ID in URL must be 0 to create"));
        }
        Element root = parse(request.body());
        String name = text(root, "name").filter(n -> !n.isBlank()).orElseThrow(() -> conflict("Problem with name"));
        if (groupByName(name) != null) {
            throw conflict("Duplicate name");
        }
        boolean smart = text(root, "is_smart").map(Boolean::parseBoolean).orElse(false);
        long newId = nextGroupId++;
        groups.put(newId, new Group(newId, name, smart));
        if (!smart) {
            child(root, "computers").ifPresent(list -> setMembers(newId, computersIn(list), true));
        }
        return xml(201, "<computer_group><id>" + newId + "</id></computer_group>");
    }

    /**
     * {@code PUT /JSSResource/computergroups/id/{id}}: a new name; for a static group {@code <computers>} replaces
     * the members, {@code <computer_additions>} / {@code <computer_deletions>} add and remove some (developer.jamf.com,
     * updatecomputergroupbyid). Jamf then recalculates every profile's scope: computers that leave it get the profile
     * removed, computers that enter it get it installed.
     */
    private SimResponse updateGroup(SimRequest request, String rawId) {
        Group group = groups.get(parseId(rawId));
        if (group == null) {
            throw new JamfError(html(404, "The server has not found anything matching the request URI"));
        }
        Element root = parse(request.body());
        Optional<String> name = text(root, "name").filter(n -> !n.isBlank());
        if (name.isPresent() && !name.get().equals(group.name())) {
            if (groupByName(name.get()) != null) {
                throw conflict("Duplicate name");
            }
            group = new Group(group.id(), name.get(), group.smart());
            groups.put(group.id(), group);
        }
        boolean membership = child(root, "computers").isPresent() || child(root, "computer_additions").isPresent()
                || child(root, "computer_deletions").isPresent();
        if (membership && group.smart()) {
            throw conflict("Problem with computers: a smart group's members come from its criteria");
        }
        long gid = group.id();
        child(root, "computers").ifPresent(list -> {
            computers.values().stream().filter(c -> c.groupIds().contains(gid)).map(Computer::id).toList()
                    .forEach(cid -> setMembers(gid, List.of(cid), false));
            setMembers(gid, computersIn(list), true);
        });
        child(root, "computer_additions").ifPresent(list -> {
            List<Long> added = computersIn(list);
            String groupName = groups.get(gid).name();
            added.forEach(cid -> additions.merge(groupName + "/" + cid, 1, Integer::sum));
            setMembers(gid, added, true);
        });
        child(root, "computer_deletions").ifPresent(list -> setMembers(gid, computersIn(list), false));
        if (membership) {
            profiles.values().forEach(p -> deliver(p, false));
        }
        return xml(201, "<computer_group><id>" + gid + "</id></computer_group>");
    }

    /**
     * {@code DELETE /JSSResource/computergroups/id/{id}} (developer.jamf.com, deletecomputergroupbyid). What Jamf does with
     * a group a profile's scope still names is not documented; the sandbox refuses it with a 409, stricter than Jamf may
     * be, so a connector that deletes a group it still scopes a profile with fails here.
     */
    private SimResponse deleteGroup(long id) {
        Group group = groups.get(id);
        if (group == null) {
            throw new JamfError(html(404, "The server has not found anything matching the request URI"));
        }
        boolean scoped = profiles.values().stream().anyMatch(p -> p.includedGroups().stream().anyMatch(g -> g.id() == id)
                || p.excludedGroups().stream().anyMatch(g -> g.id() == id));
        if (scoped) {
            throw conflict("Problem with computer group: it is in the scope of a configuration profile");
        }
        computers.values().stream().filter(c -> c.groupIds().contains(id)).map(Computer::id).toList()
                .forEach(cid -> setMembers(id, List.of(cid), false));
        groups.remove(id);
        return xml(200, "<computer_group><id>" + id + "</id></computer_group>");
    }

    /** The computers a {@code <computer>} list names by id, serial number or name (Jamf's first match); 409 for an unknown one. */
    private List<Long> computersIn(Element list) {
        List<Long> ids = new ArrayList<>();
        for (Element e : children(list, "computer")) {
            Optional<Computer> found = text(e, "id").map(JamfSimulator::parseIdOrZero).map(computers::get)
                    .or(() -> text(e, "serial_number").flatMap(sn -> computers.values().stream().filter(c -> c.serial().equals(sn)).findFirst()))
                    .or(() -> text(e, "name").flatMap(n -> computers.values().stream().filter(c -> c.name().equals(n)).findFirst()));
            ids.add(found.orElseThrow(() -> conflict("Problem with computer in computer group")).id());
        }
        return ids;
    }

    private void setMembers(long groupId, List<Long> computerIds, boolean member) {
        for (long id : computerIds) {
            Computer c = computers.get(id);
            List<Long> groupIds = new ArrayList<>(c.groupIds());
            groupIds.remove(groupId);
            if (member) {
                groupIds.add(groupId);
            }
            computers.put(id, new Computer(c.id(), c.name(), c.serial(), c.udid(), groupIds, c.installsProfiles()));
        }
        computerList = null;
    }

    private static boolean inScope(Profile p, Computer c) {
        return p.includedGroups().stream().anyMatch(g -> c.groupIds().contains(g.id()))
                && p.excludedGroups().stream().noneMatch(g -> c.groupIds().contains(g.id()));
    }

    /** Jamf's wire values are System and User; the UI label "Computer Level" is not one and silently lands as User. */
    private static String storedLevel(String sent) {
        return switch (sent.trim()) {
            case "System", "Computer" -> "System";
            default -> "User";
        };
    }

    private void requireUniqueName(String name, long self) {
        if (profiles.values().stream().anyMatch(p -> p.name().equals(name) && p.id() != self)) {
            throw conflict("Duplicate name");
        }
    }

    private record Scope(List<Group> include, List<Group> exclude) {
    }

    private Scope scope(Element root, Scope current) {
        Optional<Element> scope = child(root, "scope");
        if (scope.isEmpty()) {
            return current;
        }
        List<Group> include = child(scope.get(), "computer_groups").map(this::groupsIn).orElse(current.include);
        List<Group> exclude = child(scope.get(), "exclusions").flatMap(e -> child(e, "computer_groups"))
                .map(this::groupsIn).orElse(current.exclude);
        return new Scope(include, exclude);
    }

    private List<Group> groupsIn(Element list) {
        List<Group> out = new ArrayList<>();
        for (Element g : children(list, "computer_group")) {
            Optional<Group> byId = text(g, "id").map(JamfSimulator::parseIdOrZero).map(groups::get);
            Group found = byId.orElseGet(() -> text(g, "name").map(this::groupByName).orElse(null));
            if (found == null) {
                throw conflict("Problem with computer group in scope");
            }
            out.add(found);
        }
        return out;
    }

    private Group groupByName(String name) {
        return groups.values().stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }

    private SimResponse inventorySearch(SimRequest request) {
        String filter = request.param("filter").orElse("");
        List<Computer> found = new ArrayList<>();
        Matcher m = FILTER.matcher(filter);
        List<String[]> terms = new ArrayList<>();
        while (m.find()) {
            terms.add(new String[] {m.group(1), m.group(2)});
        }
        if (!filter.isEmpty() && terms.isEmpty()) {
            throw new JamfError(proError(400, "INVALID_RSQL_FILTER", "filter", "Invalid RSQL filter: " + filter));
        }
        if (terms.isEmpty()) {
            // Unfiltered: page the id-ordered list in place, O(page) however large the inventory.
            found = allComputers();
        }
        for (Computer c : terms.isEmpty() ? List.<Computer>of() : computers.values()) {
            boolean match = terms.stream().anyMatch(t -> (t[0].equals("general.name") ? c.name() : c.serial())
                    .equalsIgnoreCase(t[1]));
            if (match) {
                found.add(c);
            }
        }
        int page = intParam(request, "page", 0, 0);
        int pageSize = intParam(request, "page-size", 100, 1);
        ObjectNode body = json.createObjectNode();
        body.put("totalCount", found.size());
        ArrayNode results = body.putArray("results");
        List<String> sections = request.query().getOrDefault("section", List.of());
        boolean withProfiles = sections.contains("CONFIGURATION_PROFILES");
        boolean withCertificates = sections.contains("CERTIFICATES");
        long from = Math.min((long) page * pageSize, found.size());
        found.subList((int) from, (int) Math.min(from + pageSize, found.size())).forEach(c -> {
            ObjectNode r = results.addObject();
            r.put("id", Long.toString(c.id()));
            r.put("udid", c.udid());
            r.putObject("general").put("name", c.name());
            r.putObject("hardware").put("serialNumber", c.serial());
            if (withProfiles) {
                installedProfiles(c, r.putArray("configurationProfiles"));
            }
            if (withCertificates) {
                certificates(c, r.putArray("certificates"));
            }
        });
        return SimResponse.json(200, body.toString());
    }

    /** A Jamf Pro API paging parameter: a whole number of at least {@code min}, else Jamf's 400. */
    private int intParam(SimRequest request, String name, int fallback, int min) {
        Optional<String> raw = request.param(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new JamfError(proError(400, "INVALID_FIELD", name, name + " must be a whole number of at least " + min));
    }

    /**
     * The identity certificate each installed SCEP profile left in the computer's keychain, in the
     * Jamf Pro API ComputerCertificate shape: issued at the install, valid {@link #CERTIFICATE_VALIDITY},
     * the profile's identifier in the subject (as Jamf appends it to redistributed profiles' subjects).
     */
    private void certificates(Computer c, ArrayNode into) {
        Instant now = clock.instant();
        for (Profile p : profiles.values()) {
            Instant at = installs.getOrDefault(p.id(), Map.of()).get(c.id());
            if (at == null) {
                continue;
            }
            String identifier = identifier(p);
            Instant expires = at.plus(CERTIFICATE_VALIDITY);
            String serial = Long.toHexString(java.util.Objects.hash(p.id(), c.id(), at.toEpochMilli()) & 0xffffffffL).toUpperCase(Locale.ROOT);
            ObjectNode cert = into.addObject();
            cert.put("commonName", c.name());
            cert.put("identity", true);
            cert.put("expirationDate", expires.toString());
            cert.put("username", "");
            cert.put("lifecycleStatus", expires.isAfter(now) ? "ACTIVE" : "INACTIVE");
            cert.put("certificateStatus", !expires.isAfter(now) ? "EXPIRED"
                    : expires.isBefore(now.plus(java.time.Duration.ofDays(30))) ? "EXPIRING" : "ISSUED");
            cert.put("subjectName", "CN=" + c.name() + ", OU=" + identifier);
            cert.put("serialNumber", serial);
            cert.put("sha1Fingerprint", UUID.nameUUIDFromBytes((serial + c.id()).getBytes(StandardCharsets.UTF_8)).toString()
                    .replace("-", "") + serial.substring(0, Math.min(8, serial.length())).toLowerCase(Locale.ROOT));
            cert.put("issuedDate", at.toString());
        }
    }

    private SimResponse inventoryDetail(String rawId) {
        Computer c = computers.get(parseIdOrZero(rawId));
        if (c == null) {
            throw new JamfError(proError(404, "INVALID_ID", "id", "Computer not found"));
        }
        ObjectNode body = json.createObjectNode();
        body.put("id", Long.toString(c.id()));
        body.put("udid", c.udid());
        body.putObject("general").put("name", c.name());
        body.putObject("hardware").put("serialNumber", c.serial());
        installedProfiles(c, body.putArray("configurationProfiles"));
        return SimResponse.json(200, body.toString());
    }

    private void installedProfiles(Computer c, ArrayNode installed) {
        for (Profile p : profiles.values()) {
            Instant at = installs.getOrDefault(p.id(), Map.of()).get(c.id());
            if (at != null) {
                ObjectNode row = installed.addObject();
                row.put("id", Long.toString(p.id()));
                row.put("username", "");
                row.put("lastInstalled", at.toString());
                row.put("removable", false);
                row.put("displayName", p.name());
                row.put("profileIdentifier", identifier(p));
            }
        }
    }

    // ----- XML ---------------------------------------------------------------------------------

    private String profileXml(Profile p) {
        StringBuilder out = new StringBuilder("<os_x_configuration_profile><general>");
        out.append("<id>").append(p.id()).append("</id><name>").append(esc(p.name())).append("</name><description>")
                .append(esc(p.description())).append("</description><site><id>-1</id><name>None</name></site>")
                .append("<category><id>-1</id><name>No category assigned</name></category><distribution_method>")
                .append(esc(p.distributionMethod())).append("</distribution_method><user_removable>false</user_removable><level>")
                .append(p.level()).append("</level><uuid>").append(p.uuid()).append("</uuid><redeploy_on_update>")
                .append(esc(p.redeployOnUpdate())).append("</redeploy_on_update><payloads>").append(esc(p.payloads()))
                .append("</payloads></general><scope><all_computers>false</all_computers><all_jss_users>false</all_jss_users>")
                .append("<computers/>");
        groupList(out, p.includedGroups());
        out.append("<buildings/><departments/><jss_users/><jss_user_groups/><limitations/><exclusions><computers/>");
        groupList(out, p.excludedGroups());
        return out.append("<buildings/><departments/><users/><user_groups/></exclusions></scope>")
                .append("<self_service><use_for_self_service>false</use_for_self_service></self_service>")
                .append("</os_x_configuration_profile>").toString();
    }

    private static void groupList(StringBuilder out, List<Group> list) {
        out.append("<computer_groups>");
        list.forEach(g -> out.append("<computer_group><id>").append(g.id()).append("</id><name>").append(esc(g.name()))
                .append("</name></computer_group>"));
        out.append("</computer_groups>");
    }

    private String groupXml(Group g) {
        StringBuilder out = new StringBuilder("<computer_group><id>").append(g.id()).append("</id><name>").append(esc(g.name()))
                .append("</name><is_smart>").append(g.smart()).append("</is_smart><site><id>-1</id><name>None</name></site>");
        if (g.smart()) {
            out.append("<criteria><size>1</size><criterion><name>Operating System</name><priority>0</priority><and_or>and</and_or>")
                    .append("<search_type>like</search_type><value>macOS</value><opening_paren>false</opening_paren>")
                    .append("<closing_paren>false</closing_paren></criterion></criteria>");
        } else {
            out.append("<criteria><size>0</size></criteria>");
        }
        out.append("<computers>");
        computers.values().stream().filter(c -> c.groupIds().contains(g.id())).forEach(c -> out.append("<computer><id>")
                .append(c.id()).append("</id><name>").append(esc(c.name())).append("</name><serial_number>").append(c.serial())
                .append("</serial_number></computer>"));
        return out.append("</computers></computer_group>").toString();
    }

    private static String idXml(long id) {
        return "<os_x_configuration_profile><id>" + id + "</id></os_x_configuration_profile>";
    }

    /**
     * What Jamf keeps of submitted {@code <payloads>} text: decoded once more (a bare {@code &} or
     * {@code <} left in a value is a 409), then either re-rendered (SCEP with the switch on: unknown
     * keys dropped, values as decoded) or kept with one extra entity layer in its string values.
     */
    private String stored(String submitted) {
        if (submitted.isBlank()) {
            return submitted;
        }
        String decoded = decodeEntitiesOnce(submitted);
        Document doc;
        try {
            doc = parseDocument(decoded, "payloads");
        } catch (JamfError e) {
            throw conflict("Unable to update the database");
        }
        boolean rerendered = rerenderScep && dropUnknownScepKeys(doc);
        if (!rerendered) {
            addEntityLayer(doc.getDocumentElement());
        }
        return serialize(doc);
    }

    /** One round of XML entity decoding over the whole text, as Jamf's validator does. */
    static String decodeEntitiesOnce(String text) {
        Matcher m = Pattern.compile("&(lt|gt|amp|quot|apos|#(\\d+)|#x([0-9a-fA-F]+));").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> m.group(2) != null ? new String(Character.toChars(Integer.parseInt(m.group(2))))
                        : new String(Character.toChars(Integer.parseInt(m.group(3), 16)));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Removes PayloadContent keys outside Apple's SCEP payload from every SCEP payload; true if there was one. */
    private static boolean dropUnknownScepKeys(Document doc) {
        boolean found = false;
        org.w3c.dom.NodeList dicts = doc.getElementsByTagName("dict");
        for (int i = 0; i < dicts.getLength(); i++) {
            Element dict = (Element) dicts.item(i);
            if (!"com.apple.security.scep".equals(valueOf(dict, "PayloadType"))) {
                continue;
            }
            found = true;
            Element content = valueElement(dict, "PayloadContent");
            if (content == null || !content.getTagName().equals("dict")) {
                continue;
            }
            for (Element key : children(content, "key")) {
                if (!APPLE_SCEP_KEYS.contains(key.getTextContent())) {
                    Element value = nextElement(key);
                    content.removeChild(key);
                    if (value != null) {
                        content.removeChild(value);
                    }
                }
            }
        }
        return found;
    }

    private static String valueOf(Element dict, String key) {
        Element value = valueElement(dict, key);
        return value == null ? null : value.getTextContent();
    }

    private static Element valueElement(Element dict, String key) {
        for (Element k : children(dict, "key")) {
            if (k.getTextContent().equals(key)) {
                return nextElement(k);
            }
        }
        return null;
    }

    /** Jamf PI-827: string values of payloads it does not re-render are stored one entity layer deeper. */
    private static void addEntityLayer(Element element) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals("string")) {
                    e.setTextContent(esc(e.getTextContent()));
                } else {
                    addEntityLayer(e);
                }
            }
        }
    }

    private static String serialize(Document doc) {
        try {
            Transformer t = WRITERS.get().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            if (doc.getDoctype() != null) {
                t.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, doc.getDoctype().getPublicId());
                t.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, doc.getDoctype().getSystemId());
            }
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("could not write the plist", e);
        }
    }

    /** Replaces the PayloadUUID and PayloadIdentifier of the plist's top dict (not of the payloads inside it). */
    static String rewriteTopLevelIdentity(String plist, String uuid) {
        if (plist.isBlank()) {
            return plist;
        }
        Document doc = parseDocument(plist, "payloads");
        Element dict = topDict(doc);
        if (dict == null) {
            return plist;
        }
        for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element key && key.getTagName().equals("key")
                    && (key.getTextContent().equals("PayloadUUID") || key.getTextContent().equals("PayloadIdentifier"))) {
                Element value = nextElement(key);
                if (value != null) {
                    value.setTextContent(uuid);
                }
            }
        }
        return serialize(doc);
    }

    /**
     * The identifier a profile's installs carry: its payloads' top-level PayloadIdentifier, else its UUID. Parsed once
     * per stored payloads text, not once per computer listed: an inventory page of 100 Macs would otherwise parse the
     * same XML 200 times, which made the simulator, not the client, the cost of paging a large inventory.
     */
    private String identifier(Profile p) {
        Optional<String> known = identifiers.get(p.payloads());
        if (known == null) {
            known = topLevelIdentifier(p.payloads());
            if (identifiers.size() >= 64) {
                identifiers.clear();
            }
            identifiers.put(p.payloads(), known);
        }
        return known.orElse(p.uuid());
    }

    private static Optional<String> topLevelIdentifier(String plist) {
        if (plist.isBlank()) {
            return Optional.empty();
        }
        Element dict = topDict(parseDocument(plist, "payloads"));
        for (Node n = dict == null ? null : dict.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element key && key.getTagName().equals("key") && key.getTextContent().equals("PayloadIdentifier")) {
                Element value = nextElement(key);
                return Optional.ofNullable(value).map(Element::getTextContent);
            }
        }
        return Optional.empty();
    }

    private static Element topDict(Document doc) {
        return children(doc.getDocumentElement(), "dict").stream().findFirst().orElse(null);
    }

    private static Element nextElement(Node node) {
        for (Node n = node.getNextSibling(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element parse(String body) {
        return parseDocument(body, "body").getDocumentElement();
    }

    /**
     * One parser per server thread, configured once: looking up and configuring a JAXP factory for every parse (three
     * per profile written) was most of the simulator's cost of a profile. Each parse still checks the whole document.
     */
    private static final ThreadLocal<DocumentBuilder> PARSERS = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Apple plists carry a DOCTYPE; it is read but never fetched.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser with the features the simulator needs", e);
        }
    });
    /** As {@link #PARSERS}, for writing a plist back. */
    private static final ThreadLocal<TransformerFactory> WRITERS = ThreadLocal.withInitial(TransformerFactory::newInstance);

    private static Document parseDocument(String text, String what) {
        DocumentBuilder builder = PARSERS.get();
        try {
            return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw conflict("Problem with " + what + ": not well-formed XML");
        } finally {
            builder.reset();
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(Element::getTextContent).map(String::trim);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }


    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new JamfError(html(404, "The server has not found anything matching the request URI"));
        }
    }

    private static long parseIdOrZero(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Profile existing(long id) {
        Profile p = profiles.get(id);
        if (p == null) {
            throw new JamfError(html(404, "The server has not found anything matching the request URI"));
        }
        return p;
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new JamfError(html(405, "Method Not Allowed"));
        }
    }

    private static JamfError conflict(String message) {
        return new JamfError(html(409, "Error: " + message));
    }

    /** Classic API errors are small HTML pages, not XML. */
    private static SimResponse html(int status, String message) {
        return SimResponse.text(status, "text/html;charset=UTF-8", "<html><head><title>Status page</title></head><body>"
                + "<p>" + status + "</p><p>" + esc(message) + "</p><p>You can get technical details here.</p></body></html>");
    }

    private SimResponse proError(int status, String code, String field, String description) {
        ObjectNode body = json.createObjectNode();
        body.put("httpStatus", status);
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("field", field);
        error.put("description", description);
        error.put("id", "0");
        return SimResponse.json(status, body.toString());
    }

    private static SimResponse xml(int status, String body) {
        return SimResponse.text(status, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    /** An error answer thrown out of the routing. */
    private static final class JamfError extends RuntimeException {
        private final transient SimResponse response;

        JamfError(SimResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
