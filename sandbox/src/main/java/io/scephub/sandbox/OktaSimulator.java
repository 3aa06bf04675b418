package io.scephub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Okta's admin API as in docs/contracts/okta-device-access.md: exactly the routes Okta's generated
 * route table lists for certificate authorities (read only) and registration authorities (SCEP
 * configurations), the dynamic challenge, groups, SSWS and private_key_jwt auth with scopes,
 * rate-limit headers and paging. Any other route is 404. All state sits behind this object's lock.
 */
public final class OktaSimulator implements VendorSimulator {

    static final List<String> SEED_GROUPS = List.of("ODA Windows Pilot", "ODA Macs", "Kiosks", "Everyone");
    private static final int UNENFORCED_LIMIT = 10_000;
    /** The largest {@code limit} Okta serves on the lists scephub reads. */
    private static final int MAX_PAGE_LIMIT = 200;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public static final String SCOPE_CA_MANAGE = "okta.certificateAuthorities.manage";
    public static final String SCOPE_CA_READ = "okta.certificateAuthorities.read";
    private static final DateTimeFormatter OKTA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SEARCH = Pattern.compile(
            "^\\s*profile\\.name\\s+(eq|sw)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");
    /** scephub's ownership marker in a description; its name is the enrollment, the delegated challenge's audience. */
    private static final Pattern SCEPHUB_MARKER = Pattern.compile("\\[scephub:[a-z0-9.-]+/([A-Za-z0-9._-]+)\\]");
    private static final Pattern UUID_FORM = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ObjectMapper json;
    private final SandboxOptions options;
    private final Clock clock;
    private final Ids ids;
    private final List<byte[]> oktaChainDer;
    private final Pki pki;
    private final Pki.Issued issuingCa;
    private final Instant startedAt;
    private volatile String baseUrl = "http://127.0.0.1";
    private final OktaOidcProvider oidc;
    private volatile ScepServer scep;

    private final Map<String, Ca> cas = new TreeMap<>();
    private final Map<String, Ra> ras = new TreeMap<>();
    private final Map<String, ObjectNode> groups = new TreeMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private boolean deviceAccessApi = true;
    private Set<String> grantedScopes = DEFAULT_GRANTED_SCOPES;
    private final Set<String> usedAssertionIds = new HashSet<>();
    private final List<TokenExchange> tokenExchanges = new ArrayList<>();
    private Duration tokenLifetime = TOKEN_LIFETIME;
    private boolean dpopRequired;
    private int pageLimit = MAX_PAGE_LIMIT;
    /** Opaque {@code after} cursors handed out in Link headers → the last id of the page they follow. */
    private final Map<String, String> cursors = new HashMap<>();
    /** The bucket of {@code GET /api/v1/certificateAuthorities/{caId}/cert}. */
    public static final String CA_CHAIN_BUCKET = "/api/v1/certificateAuthorities/{caId}/cert";

    private long rateWindowMinute = -1;
    private int rateWindowCount;
    private boolean publishedLimits;
    /** Requests per published bucket in the current minute, when {@link #enforcePublishedRateLimits} is on. */
    private final Map<String, Integer> bucketCounts = new HashMap<>();

    /**
     * Okta's published per-minute org limits for the endpoints scephub calls (developer.okta.com
     * "Management rate limits"), the lowest across plans so that what passes here passes on every
     * org: {@code /api/v1/certificateAuthorities} 100 (150 on Enterprise), {@code /api/v1/groups}
     * 100 (Integrator Free Plan; 500-600 on paid plans), {@code /api/v1/groups/{id}} 100, most other
     * {@code /api/v1} 100. The CA chain read ({@code .../{caId}/cert}) is an endpoint of its own, not
     * the create and list bucket; its limit is not published, so the lowest published one (100) stands
     * for it. scephub's client assumes the same (docs/rate-limits.md). Each bucket's window is the
     * calendar minute: every bucket resets at :00, as {@code X-Rate-Limit-Reset} says.
     */
    /** The scopes this sandbox models (names as a real org's authorization server lists them; see okta-admin/README.md). */
    public static final Set<String> MODELLED_SCOPES = Set.of(SCOPE_CA_MANAGE, SCOPE_CA_READ, "okta.groups.manage", "okta.groups.read");
    /** What the sandbox's service app is granted until {@link #grantScopes} says otherwise. */
    public static final Set<String> DEFAULT_GRANTED_SCOPES = MODELLED_SCOPES;

    public static final Map<String, Integer> PUBLISHED_LIMITS = Map.of("/api/v1/certificateAuthorities", 100,
            CA_CHAIN_BUCKET, 100, "/api/v1/groups", 100, "/api/v1/groups/{id}", 100, "/api/v1", 100);

    OktaSimulator(ObjectMapper json, SandboxOptions options, Ids ids, Pki pki) {
        this.json = json;
        this.options = options;
        this.clock = options.clock();
        this.ids = ids;
        this.startedAt = clock.instant();
        Instant notBefore = startedAt.minus(Duration.ofDays(1));
        // RSA: SCEP clients encrypt their requests to these certificates (see Pki.rsaCaCertificate).
        Pki.Issued root = pki.rsaCaCertificate("CN=Okta Device Access Root CA (sandbox),O=Okta Sandbox", null,
                notBefore, Duration.ofDays(3650));
        Pki.Issued issuing = pki.rsaCaCertificate("CN=Okta Device Access Issuing CA (sandbox),O=Okta Sandbox", root,
                notBefore, Duration.ofDays(1825));
        this.pki = pki;
        this.issuingCa = issuing;
        this.oidc = new OktaOidcProvider(json, ids);
        try {
            this.oktaChainDer = List.of(issuing.certificate().getEncoded(), root.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("could not encode the sandbox Okta CA", e);
        }
        reset();
    }

    void bind(String base) {
        this.baseUrl = base;
        oidc.bind(base);
    }

    /** The org authorization server's OpenID Connect endpoints, for the scephub console's sign-in. */
    public OktaOidcProvider oidc() {
        return oidc;
    }

    /** Serves Okta's SCEP endpoints and dynamic challenge URLs with {@code server} (see {@link ScepServer}). */
    void serveScepWith(ScepServer server) {
        this.scep = server;
    }

    /**
     * The SCEP configuration {@code raId} under the CA {@code caId} (matched in any case: SCEP URLs
     * carry it upper-case), as the SCEP service needs it.
     */
    synchronized Optional<ScepConfiguration> scepConfiguration(String caId, String raId) {
        Ra ra = ras.get(raId);
        if (ra == null || !ra.caId.equalsIgnoreCase(caId)) {
            return Optional.empty();
        }
        Ca ca = cas.get(ra.caId);
        List<String> audiences = new ArrayList<>(List.of("okta-scep:" + ra.id));
        Matcher marker = SCEPHUB_MARKER.matcher(ra.description == null ? "" : ra.description);
        if (marker.find()) {
            audiences.add(0, "okta-scep:" + marker.group(1));
        }
        return Optional.of(new ScepConfiguration(ra.id, ra.caId, ca.chainDer,
                ca.type.equals("OKTA") ? Optional.of(issuingCa) : Optional.empty(), ra.platform, ra.challengeType,
                ra.status.equals("ACTIVE"), ra.secret, ra.username, ra.password, ra.tenantId, List.copyOf(audiences)));
    }

    // ----- read-only views for tests and the demo -------------------------------------------

    /** Every CA (Okta's own first by id order, as the API lists them). */
    public synchronized List<JsonNode> certificateAuthorities() {
        return cas.values().stream().map(ca -> (JsonNode) caJson(ca)).toList();
    }

    /** Every RA across all CAs, as GET returns them (no password or secret). */
    public synchronized List<JsonNode> registrationAuthorities() {
        return ras.values().stream().map(ra -> (JsonNode) raJson(ra, false)).toList();
    }

    /** Every group. */
    public synchronized List<JsonNode> groups() {
        return groups.values().stream().map(group -> (JsonNode) group.deepCopy()).toList();
    }

    /** The static challenge last issued for a STATIC RA (what a device would have to present). */
    public synchronized Optional<String> staticSecret(String raId) {
        return Optional.ofNullable(ras.get(raId)).map(ra -> ra.secret);
    }

    /** Where devices enrol for an RA: what Okta shows as its {@code scepUrl}. */
    public synchronized Optional<String> scepUrl(String raId) {
        return Optional.ofNullable(ras.get(raId)).map(this::scepUrl);
    }

    private String scepUrl(Ra ra) {
        // Real Okta SCEP URLs carry the CA id as 40 upper-case hex digits (fleetdm/fleet#30879).
        return baseUrl + "/pki/" + ra.caId.toUpperCase(java.util.Locale.ROOT) + "/scep/" + ra.id;
    }

    /** The current dynamic-challenge password of a DYNAMIC RA. */
    public synchronized Optional<String> dynamicPassword(String raId) {
        return Optional.ofNullable(ras.get(raId)).map(ra -> ra.password);
    }

    /**
     * Switches the Device Access SCEP admin routes ({@code /api/v1/certificateAuthorities…}) on or off;
     * off, every one answers 404 as on an org that does not offer them to scephub; the SCEP service and
     * each dynamic configuration's challenge URL, which devices and MDMs call, stay on. On after {@link #reset()}.
     */
    public synchronized void deviceAccessApi(boolean on) {
        deviceAccessApi = on;
    }

    /** Caps every page at {@code max} items whatever {@code limit} asks (Okta's own cap is 200), to make lists page; 200 after {@link #reset()}. */
    public synchronized void pageLimit(int max) {
        if (max < 1 || max > MAX_PAGE_LIMIT) {
            throw new IllegalArgumentException("page limit must be 1 to " + MAX_PAGE_LIMIT + ", got " + max);
        }
        pageLimit = max;
    }

    /** Access tokens issued from now on last {@code lifetime} ({@code expires_in}); an hour after {@link #reset()}. */
    public synchronized void accessTokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Forgets every access token issued so far, as when an admin revokes them: the next call with one is 401. */
    public synchronized void revokeAccessTokens() {
        accessTokens.clear();
    }

    /**
     * When on, the service app requires Demonstrating Proof of Possession ("Require DPoP" in its
     * settings): a token request without a {@code DPoP} header is refused with {@code invalid_dpop_proof}.
     * Off after {@link #reset()}.
     */
    public synchronized void requireDpop(boolean on) {
        dpopRequired = on;
    }

    /** A token request the org authorization server granted: its form as sent and the access token it issued. */
    public record TokenExchange(Map<String, String> form, String accessToken) {
    }

    /** Every granted token request since {@link #reset()}, in order. */
    public synchronized List<TokenExchange> tokenExchanges() {
        return List.copyOf(tokenExchanges);
    }

    /** The scopes the sandbox's service app is granted from now on (tokens already issued keep theirs). */
    public synchronized void grantScopes(Set<String> scopes) {
        grantedScopes = Set.copyOf(scopes);
    }

    /** What the Admin Console shows once after "Add SCEP configuration" → Generate. */
    public record ConsoleConfiguration(String raId, String caId, String scepUrl, Optional<String> secretKey,
                                       Optional<String> challengeUrl, Optional<String> username, Optional<String> password) {
    }

    /**
     * Adds a SCEP configuration as an admin does in the Admin Console (Security > Device
     * integrations > Device Access > Add SCEP configuration), with Okta's own CA; works while the
     * API routes are switched off.
     *
     * @param challengeType STATIC, DYNAMIC or DELEGATED
     */
    public synchronized ConsoleConfiguration addScepConfigurationInConsole(String name, String platform, String challengeType) {
        Instant now = clock.instant();
        Ra ra = ras.get(seedRegistrationAuthority(name, "Added in the Admin Console", platform, challengeType));
        ObjectNode shown = raJson(ra, true);
        return new ConsoleConfiguration(ra.id, ra.caId, scepUrl(ra), Optional.ofNullable(ra.secret),
                Optional.ofNullable(shown.path("dynamic").path("challengeUrl").textValue()), Optional.ofNullable(ra.username),
                Optional.ofNullable(ra.password));
    }

    /** Uploads a custom CA chain (PEM) as an admin does in the Admin Console; the API has no route for it. Returns its id. */
    public synchronized String uploadCustomCaInConsole(String name, String chainPem) {
        List<byte[]> chain = parseChain(chainPem);
        Ca ca = new Ca(Ids.sha1Hex(chain.get(0)), "CUSTOM", name, null, chain, clock.instant());
        cas.putIfAbsent(ca.id, ca);
        return ca.id;
    }

    /** Okta's own CA chain as PEM, issuing CA first, root last (what {@code /cert} returns). */
    public String oktaCaChainPem() {
        StringBuilder pem = new StringBuilder();
        oktaChainDer.forEach(der -> pem.append(Pki.pem(der)));
        return pem.toString();
    }

    /**
     * A device certificate issued by Okta's own (sandbox) issuing CA, as PEM, valid from a day ago for
     * a year: what a device enrolled through Okta's SCEP would hold. Without the Device Access
     * extension it stands for a certificate from a misconfigured CA template, for the demo's broken device.
     */
    public String issueDeviceCertificate(String subjectDn, boolean withDeviceAccessExtension) {
        Instant notBefore = clock.instant().minus(Duration.ofDays(1));
        return Pki.pem(pki.deviceCertificate(subjectDn, issuingCa, notBefore, Duration.ofDays(365), withDeviceAccessExtension));
    }

    /** The id of Okta's own CA. */
    public String oktaCaId() {
        return Ids.sha1Hex(oktaChainDer.get(0));
    }

    // ----- VendorSimulator ----------------------------------------------------------------------

    @Override
    public Vendor vendorOf(SimRequest request) {
        return Vendor.OKTA;
    }

    /** A SCEP configuration made by hand under Okta's CA (static challenge, Windows), for tests of foreign objects; its id. */
    public String seedRegistrationAuthority(String name, String description) {
        return seedRegistrationAuthority(name, description, "WINDOWS", "STATIC");
    }

    /**
     * A SCEP configuration made by hand under Okta's CA, with any description (null for none), platform
     * (MACOS, WINDOWS) and challenge type (STATIC, DYNAMIC; DELEGATED gets the options' tenant and app); its id.
     */
    public synchronized String seedRegistrationAuthority(String name, String description, String platform, String challengeType) {
        Ra ra = newRa(cas.get(oktaCaId()), name, description, platform, challengeType, clock.instant());
        if (challengeType.equals("DELEGATED")) {
            ra.tenantId = options.tenantId();
            ra.appId = options.clientId();
        }
        ras.put(ra.id, ra);
        return ra.id;
    }

    /** A group made by hand in the Admin Console (type OKTA_GROUP); its id. */
    public synchronized String seedGroup(String name) {
        ObjectNode group = group(name, "OKTA_GROUP", "Seeded by the sandbox");
        return group.get("id").asText();
    }

    private ObjectNode group(String name, String type, String description) {
        ObjectNode group = json.createObjectNode();
        group.put("id", Ids.stableOkta("00g", name));
        group.put("created", OKTA_TIME.format(startedAt));
        group.put("lastUpdated", OKTA_TIME.format(startedAt));
        group.put("type", type);
        ObjectNode profile = group.putObject("profile");
        profile.put("name", name);
        profile.put("description", description);
        groups.put(group.get("id").asText(), group);
        return group;
    }

    @Override
    public boolean isCreate(SimRequest request) {
        List<String> s = request.segments();
        return request.method().equals("POST") && s.size() >= 3 && s.get(0).equals("api") && s.get(1).equals("v1")
                && s.get(2).equals("certificateAuthorities") && s.size() == 5 && s.get(4).equals("registrationAuthorities");
    }

    /** A SCEP configuration without a marker, as a create's 201 body. */
    @Override
    public synchronized Optional<SimResponse> foreignAnswer(SimRequest request) {
        return ras.values().stream().filter(ra -> ra.description == null || !ra.description.contains("[scephub:")).findFirst()
                .map(ra -> SimResponse.json(201, write(raJson(ra, false))));
    }

    @Override
    public synchronized void reset() {
        cas.clear();
        ras.clear();
        groups.clear();
        accessTokens.clear();
        deviceAccessApi = true;
        grantedScopes = DEFAULT_GRANTED_SCOPES;
        usedAssertionIds.clear();
        tokenExchanges.clear();
        tokenLifetime = TOKEN_LIFETIME;
        dpopRequired = false;
        pageLimit = MAX_PAGE_LIMIT;
        cursors.clear();
        rateWindowMinute = -1;
        rateWindowCount = 0;
        bucketCounts.clear();
        publishedLimits = false;
        oidc.reset();
        Ca okta = new Ca(oktaCaId(), "OKTA", "Okta Device Access CA", "Okta's own certificate authority",
                oktaChainDer, startedAt);
        cas.put(okta.id, okta);
        for (String name : SEED_GROUPS) {
            boolean everyone = name.equals("Everyone");
            group(name, everyone ? "BUILT_IN" : "OKTA_GROUP", everyone ? "All users in your organization" : "Seeded by the sandbox");
        }
    }

    @Override
    public synchronized SimResponse handle(SimRequest request) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        if (minute != rateWindowMinute) {
            rateWindowMinute = minute;
            rateWindowCount = 0;
            bucketCounts.clear();
        }
        rateWindowCount++;
        SimResponse response;
        String bucket = bucket(request.path());
        if (publishedLimits && bucket != null) {
            int used = bucketCounts.merge(bucket, 1, Integer::sum);
            int limit = PUBLISHED_LIMITS.get(bucket);
            response = used > limit
                    ? error(429, "E0000047", "API call exceeded rate limit due to too many requests.", List.of())
                    : routed(request, now);
            return response.withHeader("X-Rate-Limit-Limit", Integer.toString(limit))
                    .withHeader("X-Rate-Limit-Remaining", Integer.toString(Math.max(0, limit - used)))
                    .withHeader("X-Rate-Limit-Reset", Long.toString((rateWindowMinute + 1) * 60));
        }
        if (options.oktaRateLimitPerMinute() > 0 && rateWindowCount > options.oktaRateLimitPerMinute()) {
            response = error(429, "E0000047", "API call exceeded rate limit due to too many requests.", List.of());
        } else {
            try {
                response = route(request, now);
            } catch (OktaError e) {
                response = error(e);
            }
        }
        return withRateHeaders(response);
    }

    private SimResponse routed(SimRequest request, Instant now) {
        try {
            return route(request, now);
        } catch (OktaError e) {
            return error(e);
        }
    }

    /**
     * When on, each published per-endpoint bucket is enforced per minute with 429 E0000047 and the
     * bucket's own X-Rate-Limit-* headers (the token endpoint is not in a management bucket). Off
     * after {@link #reset()}; off, the single org-wide limit of the options applies as before.
     */
    public synchronized void enforcePublishedRateLimits(boolean on) {
        publishedLimits = on;
    }

    /** The published bucket a path counts against, or null for none. */
    public static String bucket(String path) {
        if (path.matches("/api/v1/certificateAuthorities/[^/]+/cert")) {
            return CA_CHAIN_BUCKET;
        }
        if (path.startsWith("/api/v1/certificateAuthorities")) {
            return "/api/v1/certificateAuthorities";
        }
        if (path.equals("/api/v1/groups")) {
            return "/api/v1/groups";
        }
        if (path.startsWith("/api/v1/groups/")) {
            return "/api/v1/groups/{id}";
        }
        return path.startsWith("/api/v1/") ? "/api/v1" : null;
    }

    @Override
    public synchronized SimResponse faultResponse(Vendor vendor, Fault.Status fault) {
        SimResponse response = switch (fault.status()) {
            case 429 -> error(429, "E0000047", "API call exceeded rate limit due to too many requests.", List.of());
            case 401 -> error(401, "E0000011", "Invalid token provided", List.of());
            case 403 -> error(403, "E0000006", "You do not have permission to perform the requested action", List.of());
            case 404 -> error(404, "E0000007", "Not found: Resource not found", List.of());
            default -> fault.status() >= 500
                    ? error(fault.status(), "E0000009", "Internal Server Error", List.of())
                    : error(fault.status(), "E0000001", "Api validation failed", List.of());
        };
        response = withRateHeaders(response);
        if (fault.status() == 429) {
            response = replaceHeader(response, "X-Rate-Limit-Remaining", "0");
        }
        if (fault.retryAfter().isPresent()) {
            response = response.withHeader("Retry-After", fault.retryAfter().get());
            if (fault.status() == 429) {
                // An injected throttle says when to come back; Okta's reset header must agree with it.
                response = replaceHeader(response, "X-Rate-Limit-Reset", Long.toString(resetAfter(fault.retryAfter().get())));
            }
        }
        return response;
    }

    // ----- routing -----------------------------------------------------------------------------

    private SimResponse route(SimRequest request, Instant now) {
        if (oidc.handles(request)) {
            return oidc.handle(request, now);
        }
        List<String> s = request.segments();
        String method = request.method();
        if (scep != null && ScepServer.isScepPath(s)) {
            return scep.scep(request, now);
        }
        if (scep != null && ScepServer.isChallengePath(s)) {
            return scep.challenge(request, now);
        }
        if (s.equals(List.of("oauth2", "v1", "token"))) {
            requireMethod(method, "POST");
            return token(request, now);
        }
        if (s.size() < 3 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
            throw notFound(request.path());
        }
        List<String> rest = s.subList(2, s.size());
        if (rest.get(0).equals("certificateAuthorities") && !deviceAccessApi) {
            throw notFound(request.path());
        }
        Set<String> scopes = authenticate(request, now);
        if (!rest.get(0).equals("groups") && !rest.get(0).equals("certificateAuthorities")) {
            throw notFound(request.path());
        }
        requireScope(scopes, rest.get(0), method);
        if (rest.get(0).equals("groups")) {
            if (rest.size() == 1) {
                requireMethod(method, "GET");
                return listGroups(request);
            }
            if (rest.size() == 2) {
                requireMethod(method, "GET");
                ObjectNode group = groups.get(rest.get(1));
                if (group == null) {
                    throw notFound(rest.get(1) + " (UserGroup)");
                }
                return ok(group);
            }
            throw notFound(request.path());
        }
        if (!rest.get(0).equals("certificateAuthorities")) {
            throw notFound(request.path());
        }
        if (rest.size() == 1) {
            requireMethod(method, "GET");
            return listCas(request);
        }
        String caId = rest.get(1);
        if (rest.size() == 2) {
            // POST /api/v1/certificateAuthorities/bootstrap is in Okta's route table but its shape is unknown: not modelled.
            requireMethod(method, "GET");
            return ok(caJson(ca(caId)));
        }
        if (rest.size() == 3 && rest.get(2).equals("cert")) {
            requireMethod(method, "GET");
            Ca ca = ca(caId);
            StringBuilder pem = new StringBuilder();
            ca.chainDer.forEach(der -> pem.append(Pki.pem(der)));
            return SimResponse.text(200, "text/plain", pem.toString());
        }
        if (!rest.get(2).equals("registrationAuthorities")) {
            throw notFound(request.path());
        }
        Ca ca = ca(caId);
        if (rest.size() == 3) {
            return switch (method) {
                case "GET" -> listRas(ca, request);
                case "POST" -> createRa(ca, request, now);
                default -> throw methodNotAllowed();
            };
        }
        Ra ra = ra(ca, rest.get(3));
        if (rest.size() == 4) {
            return switch (method) {
                case "GET" -> ok(raJson(ra, false));
                case "PUT" -> updateRa(ra, request, now);
                case "DELETE" -> {
                    ras.remove(ra.id);
                    yield SimResponse.empty(204);
                }
                default -> throw methodNotAllowed();
            };
        }
        if (rest.size() == 5 && rest.get(4).equals("resetPassword")) {
            requireMethod(method, "POST");
            return resetPassword(ra, now);
        }
        throw notFound(request.path());
    }

    // ----- auth --------------------------------------------------------------------------------

    /** The scopes the request carries; an API token (SSWS) acts with its admin's role, so with every scope. */
    private Set<String> authenticate(SimRequest request, Instant now) {
        String authorization = request.header("Authorization").orElse("");
        if (authorization.equals("SSWS " + options.oktaApiToken())) {
            return MODELLED_SCOPES;
        }
        if (authorization.startsWith("Bearer ")) {
            AccessToken token = accessTokens.get(authorization.substring("Bearer ".length()));
            if (token != null && token.expiry().isAfter(now)) {
                return token.scopes();
            }
        }
        throw new OktaError(401, "E0000011", "Invalid token provided", List.of());
    }

    /** Reads need the family's .read or .manage scope, writes its .manage scope; else 403 insufficient_scope. */
    private static void requireScope(Set<String> scopes, String family, String method) {
        String manage = "okta." + family + ".manage";
        String read = "okta." + family + ".read";
        boolean ok = scopes.contains(manage) || (method.equals("GET") && scopes.contains(read));
        if (!ok) {
            throw new OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                    List.of("The access token provided does not contain the required scopes: "
                            + (method.equals("GET") ? read + " or " + manage : manage)), manage);
        }
    }

    private record AccessToken(Instant expiry, Set<String> scopes) {
    }

    private SimResponse token(SimRequest request, Instant now) {
        Map<String, List<String>> form = SimRequest.parseQuery(request.body());
        String grantType = SimRequest.first(form, "grant_type");
        if (!"client_credentials".equals(grantType)) {
            return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].");
        }
        if (!JWT_BEARER.equals(SimRequest.first(form, "client_assertion_type")) || SimRequest.first(form, "client_assertion") == null) {
            return oauthError(401, "invalid_client", "Client authentication failed: client_assertion_type must be " + JWT_BEARER + " with a client_assertion (private_key_jwt).");
        }
        JwtAssertion assertion;
        try {
            assertion = JwtAssertion.parse(SimRequest.first(form, "client_assertion"), json);
        } catch (IllegalArgumentException e) {
            return oauthError(401, "invalid_client", e.getMessage());
        }
        String clientId = options.oktaClientId();
        if (!clientId.equals(assertion.claim("iss")) || !clientId.equals(assertion.claim("sub"))) {
            return oauthError(401, "invalid_client", "The client_assertion iss and sub must both be a registered client id.");
        }
        String formClientId = SimRequest.first(form, "client_id");
        if (formClientId != null && !formClientId.equals(clientId)) {
            return oauthError(401, "invalid_client", "client_id does not match the client_assertion.");
        }
        String audience = baseUrl + "/oauth2/v1/token";
        if (!assertion.audienceIs(audience)) {
            return oauthError(401, "invalid_client", "The audience (aud) claim of the client_assertion must be " + audience + ".");
        }
        JsonNode exp = assertion.payload().get("exp");
        if (exp == null || !exp.canConvertToLong() || exp.asLong() <= now.getEpochSecond()) {
            return oauthError(401, "invalid_client", "The client_assertion has no exp claim or has expired.");
        }
        String jti = assertion.claim("jti");
        if (jti == null || !usedAssertionIds.add(jti)) {
            return oauthError(401, "invalid_client", "The client_assertion jti claim is missing or was already used.");
        }
        if (options.oktaClientPublicKey().isPresent() && !assertion.verify(options.oktaClientPublicKey().get())) {
            return oauthError(401, "invalid_client", "The client_assertion signature is invalid.");
        }
        if (dpopRequired && request.header("DPoP").isEmpty()) {
            return oauthError(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
        }
        String scope = SimRequest.first(form, "scope");
        if (scope == null || scope.isBlank()) {
            return oauthError(400, "invalid_scope", "The authorization server requires a scope for client_credentials.");
        }
        Set<String> requested = new java.util.LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
        for (String each : requested) {
            if (!MODELLED_SCOPES.contains(each) || !grantedScopes.contains(each)) {
                return oauthError(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed: " + each);
            }
        }
        String accessToken = fakeJwt(clientId, now);
        accessTokens.put(accessToken, new AccessToken(now.plus(tokenLifetime), Set.copyOf(requested)));
        Map<String, String> sent = new LinkedHashMap<>();
        form.forEach((name, values) -> sent.put(name, values.get(0)));
        tokenExchanges.add(new TokenExchange(Map.copyOf(sent), accessToken));
        ObjectNode body = json.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("access_token", accessToken);
        body.put("scope", scope.trim());
        return ok(body);
    }

    private String fakeJwt(String subject, Instant now) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"RS256\",\"kid\":\"sandbox\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"iss\":\"" + baseUrl + "\",\"sub\":\"" + subject + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plus(tokenLifetime).getEpochSecond() + ",\"jti\":\"" + ids.base62(20)
                + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + ids.base62(43);
    }

    private SimResponse oauthError(int status, String error, String description) {
        ObjectNode body = json.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return SimResponse.json(status, write(body));
    }

    // ----- certificate authorities ---------------------------------------------------------------

    private SimResponse listCas(SimRequest request) {
        Optional<String> type = request.param("type");
        if (type.isPresent() && !type.get().equals("ROOT") && !type.get().equals("CUSTOM")) {
            throw validation("type", "type: must be ROOT or CUSTOM, got \"" + type.get() + "\"");
        }
        List<ObjectNode> items = cas.values().stream()
                .filter(ca -> type.isEmpty() || (type.get().equals("ROOT") ? ca.type.equals("OKTA") : ca.type.equals("CUSTOM")))
                .map(this::caJson).toList();
        return page(items, request, type.map(value -> "type=" + value).orElse(""));
    }

    private List<byte[]> parseChain(String text) {
        List<X509CertificateHolder> holders;
        if (text.contains("-----BEGIN")) {
            holders = Pki.parsePemChain(text);
        } else {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("neither PEM nor base64 DER");
            }
            holders = List.of(Pki.parseDer(der));
        }
        BasicConstraints constraints = BasicConstraints.fromExtensions(holders.get(0).getExtensions());
        if (constraints == null || !constraints.isCA()) {
            throw new IllegalArgumentException("the first certificate is not a CA certificate (basicConstraints cA)");
        }
        List<byte[]> ders = new ArrayList<>();
        for (X509CertificateHolder holder : holders) {
            try {
                ders.add(holder.getEncoded());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("a certificate could not be re-encoded");
            }
        }
        return ders;
    }

    private ObjectNode caJson(Ca ca) {
        X509CertificateHolder first = Pki.parseDer(ca.chainDer.get(0));
        ObjectNode node = json.createObjectNode();
        node.put("id", ca.id);
        node.put("type", ca.type);
        node.put("name", ca.name);
        node.put("description", ca.description);
        node.put("status", "ACTIVE");
        try {
            node.put("subject", new X500Principal(first.getSubject().getEncoded()).getName(X500Principal.RFC2253));
        } catch (java.io.IOException e) {
            node.put("subject", first.getSubject().toString());
        }
        node.put("notAfter", OKTA_TIME.format(first.getNotAfter().toInstant()));
        node.put("created", OKTA_TIME.format(ca.created));
        node.putObject("_links").putObject("cert").put("href", baseUrl + "/api/v1/certificateAuthorities/" + ca.id + "/cert");
        return node;
    }

    private Ca ca(String caId) {
        Ca ca = cas.get(caId);
        if (ca == null) {
            throw notFound(caId + " (CertificateAuthority)");
        }
        return ca;
    }

    // ----- registration authorities ---------------------------------------------------------------

    private SimResponse listRas(Ca ca, SimRequest request) {
        List<ObjectNode> items = ras.values().stream().filter(ra -> ra.caId.equals(ca.id))
                .map(ra -> raJson(ra, false)).toList();
        return page(items, request, "");
    }

    private SimResponse createRa(Ca ca, SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        List<String> causes = new ArrayList<>();
        rejectUnknown(body, Set.of("name", "description", "platform", "challengeType", "delegated"), causes);
        String name = validName(body, causes);
        String description = optionalText(body, "description", causes);
        String platform = enumValue(body, "platform", List.of("MACOS", "WINDOWS"), causes);
        String challengeType = enumValue(body, "challengeType", List.of("STATIC", "DYNAMIC", "DELEGATED"), causes);
        String[] delegated = delegated(body, challengeType, causes);
        if ("MACOS".equals(platform) && ca.type.equals("CUSTOM")) {
            causes.add("platform: MACOS requires Okta's own CA; a custom CA is only supported for WINDOWS");
        }
        throwIfAny(causes);
        Ra ra = newRa(ca, name, description, platform, challengeType, now);
        if (delegated != null) {
            ra.tenantId = delegated[0];
            ra.appId = delegated[1];
        }
        ras.put(ra.id, ra);
        return SimResponse.json(201, write(raJson(ra, true)));
    }

    private Ra newRa(Ca ca, String name, String description, String platform, String challengeType, Instant now) {
        Ra ra = new Ra();
        ra.id = ids.okta("rac");
        ra.caId = ca.id;
        ra.name = name;
        ra.description = description;
        ra.platform = platform;
        ra.challengeType = challengeType;
        ra.status = "ACTIVE";
        ra.created = now;
        ra.lastUpdated = now;
        switch (challengeType) {
            case "STATIC" -> ra.secret = ids.secret256();
            case "DYNAMIC" -> {
                ra.username = "okta-" + ids.lowerAlnum(6);
                ra.password = ids.secret256();
            }
            default -> { }
        }
        return ra;
    }

    private SimResponse updateRa(Ra ra, SimRequest request, Instant now) {
        ObjectNode body = objectBody(request);
        List<String> causes = new ArrayList<>();
        rejectUnknown(body, Set.of("name", "description", "platform", "challengeType", "delegated", "caId",
                "id", "status", "scepUrl", "dynamic", "created", "lastUpdated", "_links"), causes);
        String name = validName(body, causes);
        String description = optionalText(body, "description", causes);
        immutable(body, "platform", ra.platform, causes);
        immutable(body, "challengeType", ra.challengeType, causes);
        immutable(body, "caId", ra.caId, causes);
        immutable(body, "id", ra.id, causes);
        String[] delegated = delegated(body, ra.challengeType, causes);
        throwIfAny(causes);
        ra.name = name;
        ra.description = description;
        if (delegated != null) {
            ra.tenantId = delegated[0];
            ra.appId = delegated[1];
        }
        ra.lastUpdated = now;
        return ok(raJson(ra, false));
    }

    private SimResponse resetPassword(Ra ra, Instant now) {
        if (!ra.challengeType.equals("DYNAMIC")) {
            throw validation("challengeType", "challengeType: resetPassword is only for DYNAMIC registration authorities, this one is "
                    + ra.challengeType);
        }
        ra.password = ids.secret256();
        ra.lastUpdated = now;
        ObjectNode body = json.createObjectNode();
        body.put("username", ra.username);
        body.put("password", ra.password);
        return ok(body);
    }

    private ObjectNode raJson(Ra ra, boolean withPassword) {
        ObjectNode node = json.createObjectNode();
        node.put("id", ra.id);
        node.put("caId", ra.caId);
        node.put("name", ra.name);
        node.put("description", ra.description);
        node.put("platform", ra.platform);
        node.put("challengeType", ra.challengeType);
        node.put("status", ra.status);
        node.put("scepUrl", scepUrl(ra));
        if (ra.challengeType.equals("DELEGATED")) {
            ObjectNode delegated = node.putObject("delegated");
            delegated.put("tenantId", ra.tenantId);
            delegated.put("appId", ra.appId);
        }
        if (ra.challengeType.equals("DYNAMIC")) {
            ObjectNode dynamic = node.putObject("dynamic");
            dynamic.put("challengeUrl", baseUrl + "/api/v1/certificateAuthorities/" + ra.caId
                    + "/registrationAuthorities/" + ra.id + "/challenge");
            dynamic.put("username", ra.username);
            if (withPassword) {
                dynamic.put("password", ra.password);
            }
        }
        node.put("created", OKTA_TIME.format(ra.created));
        node.put("lastUpdated", OKTA_TIME.format(ra.lastUpdated));
        return node;
    }

    private Ra ra(Ca ca, String raId) {
        Ra ra = ras.get(raId);
        if (ra == null || !ra.caId.equals(ca.id)) {
            throw notFound(raId + " (RegistrationAuthority)");
        }
        return ra;
    }

    private String[] delegated(ObjectNode body, String challengeType, List<String> causes) {
        JsonNode delegated = body.get("delegated");
        boolean present = delegated != null && !delegated.isNull();
        if (!"DELEGATED".equals(challengeType)) {
            if (present) {
                causes.add("delegated: only allowed when challengeType is DELEGATED");
            }
            return null;
        }
        if (!present || !delegated.isObject()) {
            causes.add("delegated: required for DELEGATED, an object with tenantId and appId (UUIDs)");
            return null;
        }
        var fields = delegated.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!field.equals("tenantId") && !field.equals("appId")) {
                causes.add("delegated." + field + ": unknown property");
            }
        }
        String tenantId = delegated.path("tenantId").asText("");
        String appId = delegated.path("appId").asText("");
        if (!UUID_FORM.matcher(tenantId).matches()) {
            causes.add("delegated.tenantId: must be a UUID (the Entra tenant id)");
        }
        if (!UUID_FORM.matcher(appId).matches()) {
            causes.add("delegated.appId: must be a UUID (the Intune app id)");
        }
        return new String[] {tenantId, appId};
    }

    // ----- groups ----------------------------------------------------------------------------------

    private SimResponse listGroups(SimRequest request) {
        Optional<String> search = request.param("search");
        Optional<String> q = request.param("q");
        List<ObjectNode> items = new ArrayList<>(groups.values());
        String carried = "";
        if (search.isPresent()) {
            Matcher matcher = SEARCH.matcher(search.get());
            if (!matcher.matches()) {
                throw new OktaError(400, "E0000031", "Invalid search criteria.",
                        List.of("search: supported here is profile.name eq \"...\" or profile.name sw \"...\""));
            }
            String value = matcher.group(2).replaceAll("\\\\(.)", "$1");
            boolean exact = matcher.group(1).equals("eq");
            items = items.stream().filter(group -> {
                String name = group.path("profile").path("name").asText();
                return exact ? name.equals(value) : name.startsWith(value);
            }).toList();
            carried = "search=" + URLEncoder.encode(search.get(), StandardCharsets.UTF_8).replace("+", "%20");
        } else if (q.isPresent()) {
            String prefix = q.get().toLowerCase(java.util.Locale.ROOT);
            items = items.stream().filter(group -> group.path("profile").path("name").asText()
                    .toLowerCase(java.util.Locale.ROOT).startsWith(prefix)).toList();
            carried = "q=" + URLEncoder.encode(q.get(), StandardCharsets.UTF_8).replace("+", "%20");
        }
        return page(items, request, carried);
    }

    // ----- paging, errors, helpers -----------------------------------------------------------------

    /**
     * One page in id order, at most {@link #pageLimit} items; the {@code after} cursor is opaque (Okta
     * says to take it from the Link header, never to build it), so a client that builds one is refused.
     */
    private SimResponse page(List<ObjectNode> all, SimRequest request, String carriedQuery) {
        int limit = 20;
        Optional<String> limitParam = request.param("limit");
        if (limitParam.isPresent()) {
            try {
                limit = Integer.parseInt(limitParam.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw validation("limit", "limit: must be a positive integer, got \"" + limitParam.get() + "\"");
            }
        }
        limit = Math.min(limit, pageLimit);
        List<ObjectNode> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(node -> node.path("id").asText()));
        Optional<String> after = request.param("after");
        List<ObjectNode> remaining = after.map(cursor -> {
            String lastId = cursors.get(cursor);
            if (lastId == null) {
                throw validation("after", "after: \"" + cursor + "\" is not a cursor this org handed out; follow the Link header");
            }
            return sorted.stream().filter(node -> node.path("id").asText().compareTo(lastId) > 0).toList();
        }).orElse(sorted);
        List<ObjectNode> pageItems = remaining.subList(0, Math.min(limit, remaining.size()));
        ArrayNode body = json.createArrayNode();
        pageItems.forEach(body::add);
        String prefix = baseUrl + request.path() + "?" + (carriedQuery.isEmpty() ? "" : carriedQuery + "&");
        SimResponse response = SimResponse.json(200, write(body))
                .withHeader("Link", "<" + prefix + "limit=" + limit + ">; rel=\"self\"");
        if (remaining.size() > pageItems.size()) {
            String cursor = ids.hex128();
            cursors.put(cursor, pageItems.get(pageItems.size() - 1).path("id").asText());
            response = response.withHeader("Link", "<" + prefix + "limit=" + limit + "&after=" + cursor + ">; rel=\"next\"");
        }
        return response;
    }

    private SimResponse withRateHeaders(SimResponse response) {
        int limit = options.oktaRateLimitPerMinute() > 0 ? options.oktaRateLimitPerMinute() : UNENFORCED_LIMIT;
        return response.withHeader("X-Rate-Limit-Limit", Integer.toString(limit))
                .withHeader("X-Rate-Limit-Remaining", Integer.toString(Math.max(0, limit - rateWindowCount)))
                .withHeader("X-Rate-Limit-Reset", Long.toString((rateWindowMinute + 1) * 60));
    }

    private long resetAfter(String retryAfter) {
        long millis;
        try {
            millis = Math.round(Double.parseDouble(retryAfter.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            millis = 0;
        }
        return (clock.instant().plusMillis(millis).toEpochMilli() + 999) / 1000;
    }

    private static SimResponse replaceHeader(SimResponse response, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.put(name, List.of(value));
        return new SimResponse(response.status(), headers, response.body(), response.binary());
    }

    private SimResponse error(OktaError e) {
        SimResponse response = error(e.status, e.code, e.summary, e.causes);
        return e.missingScope == null ? response : response.withHeader("WWW-Authenticate", "Bearer realm=\"IdpOrgAuthServer\", "
                + "error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", "
                + "scope=\"" + e.missingScope + "\"");
    }

    private SimResponse error(int status, String code, String summary, List<String> causes) {
        ObjectNode body = json.createObjectNode();
        body.put("errorCode", code);
        body.put("errorSummary", summary);
        body.put("errorLink", code);
        body.put("errorId", "oae" + ids.base62(22));
        ArrayNode causeNodes = body.putArray("errorCauses");
        causes.forEach(cause -> causeNodes.addObject().put("errorSummary", cause));
        return SimResponse.json(status, write(body));
    }

    private SimResponse ok(JsonNode body) {
        return SimResponse.json(200, write(body));
    }

    private String write(JsonNode node) {
        return SimJson.write(json, node);
    }

    private ObjectNode objectBody(SimRequest request) {
        try {
            JsonNode node = json.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // answered below, as Okta answers any unparsable body
        }
        throw new OktaError(400, "E0000003", "The request body was not well-formed.",
                List.of("body: expected a JSON object"));
    }

    private static void rejectUnknown(ObjectNode body, Set<String> allowed, List<String> causes) {
        body.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                causes.add(field + ": unknown property");
            }
        });
    }

    private static String validName(ObjectNode body, List<String> causes) {
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty() || name.asText().length() > 100) {
            causes.add("name: required, 1 to 100 characters");
            return null;
        }
        return name.asText();
    }

    private static String optionalText(ObjectNode body, String field, List<String> causes) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            causes.add(field + ": must be a string");
            return null;
        }
        return value.asText();
    }

    private static String enumValue(ObjectNode body, String field, List<String> allowed, List<String> causes) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !allowed.contains(value.asText())) {
            causes.add(field + ": must be one of " + String.join(", ", allowed)
                    + (value == null ? " (missing)" : ", got " + value));
            return null;
        }
        return value.asText();
    }

    private static void immutable(ObjectNode body, String field, String current, List<String> causes) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.asText().equals(current)) {
            causes.add(field + ": immutable, is " + current + "; create a new registration authority instead");
        }
    }

    private static void throwIfAny(List<String> causes) {
        if (!causes.isEmpty()) {
            String field = causes.get(0).substring(0, causes.get(0).indexOf(':'));
            throw new OktaError(400, "E0000001", "Api validation failed: " + field, causes);
        }
    }

    private static OktaError validation(String field, String cause) {
        return new OktaError(400, "E0000001", "Api validation failed: " + field, List.of(cause));
    }

    private static OktaError notFound(String what) {
        return new OktaError(404, "E0000007", "Not found: Resource not found: " + what, List.of());
    }

    private static OktaError methodNotAllowed() {
        return new OktaError(405, "E0000022", "The endpoint does not support the provided HTTP method", List.of());
    }

    private static void requireMethod(String method, String expected) {
        VendorSimulator.requireMethod(method, expected, OktaSimulator::methodNotAllowed);
    }


    private static final class OktaError extends RuntimeException {
        final int status;
        final String code;
        final String summary;
        final List<String> causes;

        /** The scope a 403 asks for, sent back in {@code WWW-Authenticate}; null otherwise. */
        final String missingScope;

        OktaError(int status, String code, String summary, List<String> causes) {
            this(status, code, summary, causes, null);
        }

        OktaError(int status, String code, String summary, List<String> causes, String missingScope) {
            super(code + " " + summary, null, false, false);
            this.status = status;
            this.code = code;
            this.summary = summary;
            this.causes = causes;
            this.missingScope = missingScope;
        }
    }

    private static final class Ca {
        final String id;
        final String type;
        String name;
        String description;
        final List<byte[]> chainDer;
        final Instant created;

        Ca(String id, String type, String name, String description, List<byte[]> chainDer, Instant created) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.description = description;
            this.chainDer = chainDer;
            this.created = created;
        }
    }

    private static final class Ra {
        String id;
        String caId;
        String name;
        String description;
        String platform;
        String challengeType;
        String status;
        String tenantId;
        String appId;
        String username;
        String password;
        String secret;
        Instant created;
        Instant lastUpdated;
    }
}
