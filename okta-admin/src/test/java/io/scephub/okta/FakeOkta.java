package io.scephub.okta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An in-memory Okta on 127.0.0.1 that follows docs/contracts/okta-device-access.md: auth, paging
 * with opaque cursors in Link headers, validation (unknown members refused), error bodies.
 */
final class FakeOkta extends Dispatcher implements AutoCloseable {
    static final String API_TOKEN = "00canary-SSWS-token-3f9a1c";
    private static final Pattern CA = Pattern.compile("/api/v1/certificateAuthorities/([0-9a-f]{40})(/cert)?");
    private static final Pattern RAS = Pattern.compile("/api/v1/certificateAuthorities/([0-9a-f]{40})/registrationAuthorities");
    private static final Pattern RA = Pattern.compile(
            "/api/v1/certificateAuthorities/([0-9a-f]{40})/registrationAuthorities/(rac[A-Za-z0-9]{17})(/(resetPassword))?");
    private static final Set<String> RA_CREATE = Set.of("name", "description", "platform", "challengeType", "delegated");
    private static final Set<String> RA_UPDATE = Set.of("name", "description", "delegated");

    final MockWebServer server = new MockWebServer();
    final ObjectMapper mapper = new ObjectMapper();
    final Map<String, Map<String, Object>> cas = new ConcurrentHashMap<>();
    final Map<String, List<byte[]>> chains = new ConcurrentHashMap<>();
    final Map<String, Map<String, Object>> ras = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** When set, the next POST is carried out and then answered with this 5xx status, as a lost answer would look. */
    volatile Integer failNextPostAfterDoingIt;
    final Set<String> validBearerTokens = ConcurrentHashMap.newKeySet();
    final String oktaCaId;
    /** When set, every /api/v1/certificateAuthorities route answers 404, as on an org that does not offer them. */
    volatile boolean routesOff;
    /** Server-side page size cap, to force paging in tests. */
    volatile int pageSize = 200;
    /** Answers token requests when set; otherwise the token endpoint is 404. */
    volatile Function<RecordedRequest, MockResponse> tokenEndpoint;
    private final Map<String, List<Map<String, Object>>> cursors = new ConcurrentHashMap<>();
    private final Map<String, Integer> cursorOffsets = new ConcurrentHashMap<>();
    final List<Map<String, Object>> groups = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeOkta() throws IOException {
        server.setDispatcher(this);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        List<byte[]> oktaChain = TestPki.caChain("Okta Device Access").der();
        oktaCaId = sha1(oktaChain.get(0));
        Map<String, Object> okta = new LinkedHashMap<>();
        okta.put("id", oktaCaId);
        okta.put("type", "OKTA");
        okta.put("name", "Okta Device Access CA");
        okta.put("status", "ACTIVE");
        cas.put(oktaCaId, okta);
        chains.put(oktaCaId, oktaChain);
    }

    String orgUrl() {
        return server.url("/").toString();
    }

    HttpUrl base() {
        return server.url("/");
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        HttpUrl url = request.getRequestUrl();
        String path = url.encodedPath();
        String method = request.getMethod();
        try {
            if (path.equals("/oauth2/v1/token") && method.equals("POST")) {
                return tokenEndpoint == null ? error(404, "E0000007", "Not found: token") : tokenEndpoint.apply(request);
            }
            String auth = request.getHeader("Authorization");
            boolean authorised = ("SSWS " + API_TOKEN).equals(auth)
                    || (auth != null && auth.startsWith("Bearer ") && validBearerTokens.contains(auth.substring(7)));
            if (!authorised) {
                return error(401, "E0000011", "Invalid token provided");
            }
            if (routesOff && path.startsWith("/api/v1/certificateAuthorities")) {
                return error(404, "E0000007", "Not found: Resource not found: " + path);
            }
            MockResponse answer = route(method, url, path, request);
            Integer lost = failNextPostAfterDoingIt;
            if (lost != null && method.equals("POST")) {
                failNextPostAfterDoingIt = null;
                return error(lost, "E0000009", "Internal Server Error");
            }
            return answer;
        } catch (IOException e) {
            return error(400, "E0000003", "The request body was not well-formed.");
        }
    }

    private MockResponse route(String method, HttpUrl url, String path, RecordedRequest request) throws IOException {
        if (path.equals("/api/v1/groups")) {
            Matcher m = Pattern.compile("profile\\.name eq \"(.*)\"").matcher(url.queryParameter("search"));
            String name = m.matches() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : "";
            return page(url, groups.stream().filter(g -> name.equals(((Map<?, ?>) g.get("profile")).get("name"))).toList());
        }
        if (path.equals("/api/v1/certificateAuthorities")) {
            if (method.equals("GET")) {
                String type = url.queryParameter("type");
                List<Map<String, Object>> list = cas.values().stream()
                        .filter(ca -> type == null || ("ROOT".equals(type) && "OKTA".equals(ca.get("type")))).toList();
                return page(url, list);
            }
            return error(405, "E0000022", "The endpoint does not support the provided HTTP method");
        }
        Matcher ra = RA.matcher(path);
        if (ra.matches()) {
            return registrationAuthority(method, ra.group(1), ra.group(2), ra.group(4), request);
        }
        Matcher ras = RAS.matcher(path);
        if (ras.matches()) {
            if (!cas.containsKey(ras.group(1))) {
                return error(404, "E0000007", "Not found: Resource not found: " + ras.group(1) + " (CertificateAuthority)");
            }
            if (method.equals("GET")) {
                return page(url, this.ras.values().stream().filter(r -> r.get("caId").equals(ras.group(1))).toList());
            }
            return createRa(ras.group(1), body(request));
        }
        Matcher ca = CA.matcher(path);
        if (ca.matches()) {
            return certificateAuthority(method, ca.group(1), ca.group(2) != null, request);
        }
        return error(404, "E0000022", "The endpoint does not support the provided HTTP method");
    }

    private MockResponse certificateAuthority(String method, String caId, boolean cert, RecordedRequest request) throws IOException {
        Map<String, Object> ca = cas.get(caId);
        if (ca == null) {
            return error(404, "E0000007", "Not found: Resource not found: " + caId + " (CertificateAuthority)");
        }
        if (cert) {
            return new MockResponse().setHeader("Content-Type", "text/plain").setBody(CertificateChains.toPem(chains.get(caId)));
        }
        return method.equals("GET") ? json(200, ca) : error(405, "E0000022", "The endpoint does not support the provided HTTP method");
    }

    /** Puts a custom CA into Okta, as an admin uploading it in the console would (the API has no route for it). */
    String seedCustomCa(String name, List<byte[]> der) {
        String id = sha1(der.get(0));
        Map<String, Object> ca = new LinkedHashMap<>();
        ca.put("id", id);
        ca.put("type", "CUSTOM");
        ca.put("name", name);
        ca.put("status", "ACTIVE");
        cas.put(id, ca);
        chains.put(id, der);
        return id;
    }

    private MockResponse createRa(String caId, Map<String, Object> body) {
        if (!RA_CREATE.containsAll(body.keySet())) {
            return error(400, "E0000001", "Api validation failed: registrationAuthority", "unknown member");
        }
        String platform = String.valueOf(body.get("platform"));
        String challenge = String.valueOf(body.get("challengeType"));
        if (!Set.of("MACOS", "WINDOWS").contains(platform) || !Set.of("STATIC", "DYNAMIC", "DELEGATED").contains(challenge)) {
            return error(400, "E0000001", "Api validation failed: platform", "platform or challengeType not in the enum");
        }
        if (body.containsKey("delegated") != challenge.equals("DELEGATED")) {
            return error(400, "E0000001", "Api validation failed: delegated", "delegated: required exactly for DELEGATED");
        }
        if (platform.equals("MACOS") && "CUSTOM".equals(cas.get(caId).get("type"))) {
            return error(400, "E0000001", "Api validation failed: platform", "platform: macOS requires Okta as the CA");
        }
        String raId = "rac" + String.format("%017d", ids.incrementAndGet()).replace('0', 'a');
        Map<String, Object> ra = new LinkedHashMap<>();
        ra.put("id", raId);
        ra.put("caId", caId);
        ra.put("name", body.get("name"));
        ra.put("description", body.get("description"));
        ra.put("platform", platform);
        ra.put("challengeType", challenge);
        ra.put("status", "ACTIVE");
        ra.put("scepUrl", base().resolve("/pki/" + caId + "/scep/" + raId).toString());
        if (body.containsKey("delegated")) {
            ra.put("delegated", body.get("delegated"));
        }
        if (challenge.equals("DYNAMIC")) {
            Map<String, Object> dynamic = new LinkedHashMap<>();
            dynamic.put("challengeUrl", base().resolve("/api/v1/certificateAuthorities/" + caId
                    + "/registrationAuthorities/" + raId + "/challenge").toString());
            dynamic.put("username", "okta-" + Integer.toString(100000 + ids.get(), 36));
            ra.put("dynamic", dynamic);
        }
        ras.put(raId, ra);
        Map<String, Object> created = deepCopy(ra);
        if (created.get("dynamic") instanceof Map<?, ?> d) {
            @SuppressWarnings("unchecked")
            Map<String, Object> dynamic = (Map<String, Object>) d;
            dynamic.put("password", "pw-" + UUID.randomUUID());
        }
        return json(201, created);
    }

    private MockResponse registrationAuthority(String method, String caId, String raId, String lifecycle, RecordedRequest request)
            throws IOException {
        Map<String, Object> ra = ras.get(raId);
        if (ra == null || !ra.get("caId").equals(caId)) {
            return error(404, "E0000007", "Not found: Resource not found: " + raId + " (RegistrationAuthority)");
        }
        if (lifecycle != null) {
            if (!method.equals("POST")) {
                return error(405, "E0000022", "The endpoint does not support the provided HTTP method");
            }
            return ra.get("challengeType").equals("DYNAMIC")
                    ? json(200, Map.of("username", ((Map<?, ?>) ra.get("dynamic")).get("username"), "password", "new-pw"))
                    : error(400, "E0000001", "Api validation failed: challengeType", "only DYNAMIC");
        }
        switch (method) {
            case "GET":
                return json(200, ra);
            case "PUT": {
                Map<String, Object> body = body(request);
                if (!RA_UPDATE.containsAll(body.keySet())) {
                    return error(400, "E0000001", "Api validation failed: registrationAuthority", "platform, challengeType and caId are immutable");
                }
                ra.put("name", body.get("name"));
                ra.put("description", body.get("description"));
                if (body.containsKey("delegated")) {
                    ra.put("delegated", body.get("delegated"));
                }
                return json(200, ra);
            }
            case "DELETE":
                ras.remove(raId);
                return new MockResponse().setResponseCode(204);
            default:
                return error(405, "E0000022", "The endpoint does not support the provided HTTP method");
        }
    }

    /** One page; the cursor is an opaque random string the client must take from the Link header. */
    private MockResponse page(HttpUrl url, List<Map<String, Object>> all) {
        String after = url.queryParameter("after");
        List<Map<String, Object>> items = after == null ? all : cursors.getOrDefault(after, List.of());
        int offset = after == null ? 0 : cursorOffsets.getOrDefault(after, 0);
        int limit = Math.min(url.queryParameter("limit") == null ? 20 : Integer.parseInt(url.queryParameter("limit")), pageSize);
        List<Map<String, Object>> page = new ArrayList<>(items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size())));
        MockResponse response = json(200, page);
        response.addHeader("Link", "<" + url + ">; rel=\"self\"");
        if (offset + limit < items.size()) {
            String cursor = UUID.randomUUID().toString().replace("-", "");
            cursors.put(cursor, List.copyOf(items));
            cursorOffsets.put(cursor, offset + limit);
            HttpUrl next = url.newBuilder().removeAllQueryParameters("after")
                    .setQueryParameter("limit", String.valueOf(limit)).addQueryParameter("after", cursor).build();
            response.addHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return response;
    }

    MockResponse json(int status, Object body) {
        try {
            return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                    .setHeader("X-Rate-Limit-Limit", "600").setHeader("X-Rate-Limit-Remaining", "599")
                    .setHeader("X-Rate-Limit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 60))
                    .setHeader("X-Okta-Request-Id", "req-" + UUID.randomUUID())
                    .setBody(mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    MockResponse error(int status, String code, String summary, String... causes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code);
        body.put("errorSummary", summary);
        body.put("errorLink", code);
        body.put("errorId", "oae" + UUID.randomUUID().toString().replace("-", "").substring(0, 19));
        body.put("errorCauses", java.util.Arrays.stream(causes).map(c -> Map.of("errorSummary", c)).toList());
        return json(status, body);
    }

    /** Puts an object straight into Okta, as an admin clicking in the console would. */
    Map<String, Object> seedRa(String caId, String name, String description, String platform, String challenge) {
        String raId = "rac" + String.format("%017d", ids.incrementAndGet()).replace('0', 'b');
        Map<String, Object> ra = new LinkedHashMap<>();
        ra.put("id", raId);
        ra.put("caId", caId);
        ra.put("name", name);
        if (description != null) {
            ra.put("description", description);
        }
        ra.put("platform", platform);
        ra.put("challengeType", challenge);
        ra.put("status", "ACTIVE");
        ra.put("scepUrl", base().resolve("/pki/" + caId + "/scep/" + raId).toString());
        ras.put(raId, ra);
        return ra;
    }

    List<RecordedRequest> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.getMethod().equals(method) && r.getRequestUrl().encodedPath().startsWith(pathPrefix))
                .toList();
    }

    private Map<String, Object> body(RecordedRequest request) throws IOException {
        return mapper.readValue(request.getBody().clone().readUtf8(), new TypeReference<>() {
        });
    }

    private Map<String, Object> deepCopy(Map<String, Object> map) {
        return mapper.convertValue(mapper.valueToTree(map), new TypeReference<>() {
        });
    }

    static String sha1(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
