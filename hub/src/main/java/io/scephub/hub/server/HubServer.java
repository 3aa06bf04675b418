package io.scephub.hub.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.challenge.DecisionJson;
import io.scephub.core.devices.DeviceStatusReader;
import io.scephub.hub.devices.DeviceStatusFeed;
import io.scephub.hub.devices.DeviceStatusWriter;
import io.scephub.hub.notify.Delivery;
import io.scephub.hub.notify.DeliveryJson;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.sync.SyncQueue;
import io.scephub.hub.sync.SyncRequest;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRunJson;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncStatus;
import io.scephub.hub.sync.SyncTrigger;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's REST API on Javalin: health, readiness, Prometheus metrics and delegated-challenge
 * verification, the sync trigger ({@code POST /api/v1/syncs}, {@code GET /api/v1/syncs},
 * {@code GET /api/v1/syncs/{id}}) and its own description ({@code GET /openapi.yaml}), with
 * bearer-token authentication (everything but {@link #PUBLIC_PATHS}), a body size limit and RFC 9457
 * errors for everything, Jetty's own errors included. Plain HTTP: terminate TLS in front of it.
 */
public final class HubServer implements AutoCloseable {
    /** Far above a verify request (a 16 KiB token and a CSR), far below anything that costs memory. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String CLIENT_ATTRIBUTE = "scephub.client";
    /** The token set a request was authenticated with; its tenant checks use the same set, whatever a reload swaps in meanwhile. */
    private static final String TOKENS_ATTRIBUTE = "scephub.tokens";
    /** Set once a route answered with its own problem, so the generic status handlers leave it alone. */
    private static final String PROBLEM_SENT = "scephub.problem-sent";
    /** The tenant of a file without tenants:, which the unscoped routes serve. */
    static final String DEFAULT_TENANT = io.scephub.config.Tenant.DEFAULT;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** More enrollments than any scephub.yaml holds; bounds the work one request can name. */
    static final int MAX_SYNC_TARGETS = 100;
    /** Request bodies are flat objects: anything nested deeper is refused before it is built. */
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 100;
    /** Paths answered without a token: probes (a kubelet has no token) and the API description. */
    static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/healthz", "/readyz", "/openapi.yaml");
    /** Where docs/openapi.yaml is packaged (the hub's pom copies it). */
    static final String OPENAPI_RESOURCE = "/io/scephub/hub/server/openapi.yaml";
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final Logger log = LoggerFactory.getLogger(HubServer.class);

    /** The body of {@code POST /api/v1/syncs}; both members are optional. */
    record SyncBody(Boolean dryRun, List<String> enrollments) {
    }

    /** The body of {@code POST /api/v1/challenges/verify}. */
    record VerifyRequest(String token, String csr) {
    }

    private final HubSettings.Listen listen;
    /** Replaced whole when server.tokens or the values behind their references change while serving ({@link #replaceTokens}). */
    private volatile ApiTokens tokens;
    private final ChallengeVerification challenges;
    private final DataSource database;
    private final PrometheusMeterRegistry metrics;
    private final Clock clock;
    private final int maxBodyBytes;
    private final SyncQueue syncs;
    private final DeviceStatusFeed devices;
    private final RequestBodies bodies;
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private Javalin app;
    private final java.util.List<ServerExtension> extensions = new java.util.ArrayList<>();
    /** Each tenant's sync queue and device feed, for /api/v1/tenants/{tenant}/...; null: only the unscoped routes. */
    private volatile java.util.Map<String, TenantEndpoints> tenants;

    /**
     * What one tenant's routes answer from: its sync runs, its devices (null feed: 503) and its delegated-challenge
     * verification (its own signers and audit partition; null: 503).
     */
    public record TenantEndpoints(SyncQueue syncs, DeviceStatusFeed devices, ChallengeVerification challenges) {
        /** Without challenge verification: the tenant's verify route answers 503. */
        public TenantEndpoints(SyncQueue syncs, DeviceStatusFeed devices) {
            this(syncs, devices, null);
        }
    }

    /**
     * {@code metrics} is what {@code GET /metrics} serves: pass the registry {@code challenges} counts in.
     * {@code syncs} takes {@code POST /api/v1/syncs} requests and answers {@code GET /api/v1/syncs/{id}}.
     */
    public HubServer(HubSettings.Listen listen, ApiTokens tokens, ChallengeVerification challenges, DataSource database,
                     PrometheusMeterRegistry metrics, Clock clock, int maxBodyBytes, SyncQueue syncs) {
        this(listen, tokens, challenges, database, metrics, clock, maxBodyBytes, syncs, null);
    }

    /** As above; {@code devices} answers {@code GET /api/v1/devices} (null: that endpoint answers 503). */
    public HubServer(HubSettings.Listen listen, ApiTokens tokens, ChallengeVerification challenges, DataSource database,
                     PrometheusMeterRegistry metrics, Clock clock, int maxBodyBytes, SyncQueue syncs, DeviceStatusFeed devices) {
        this.devices = devices;
        this.listen = Objects.requireNonNull(listen, "listen");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.database = Objects.requireNonNull(database, "database");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxBodyBytes = maxBodyBytes;
        this.syncs = Objects.requireNonNull(syncs, "syncs");
        this.bodies = new RequestBodies(maxBodyBytes);
    }

    /** Without sync endpoints behind it: {@code /api/v1/syncs} answers 503. */
    public HubServer(HubSettings.Listen listen, ApiTokens tokens, ChallengeVerification challenges, DataSource database,
                     PrometheusMeterRegistry metrics, Clock clock, int maxBodyBytes) {
        this(listen, tokens, challenges, database, metrics, clock, maxBodyBytes, SyncQueue.unavailable());
    }

    public HubServer(HubSettings.Listen listen, ApiTokens tokens, ChallengeVerification challenges, DataSource database,
                     PrometheusMeterRegistry metrics, Clock clock) {
        this(listen, tokens, challenges, database, metrics, clock, DEFAULT_MAX_BODY_BYTES);
    }

    /** Serves {@code extension}'s routes too (the console, connectors' hooks); call before {@link #start()}. */
    public synchronized HubServer with(ServerExtension extension) {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        this.extensions.add(Objects.requireNonNull(extension, "extension"));
        return this;
    }

    /**
     * Serves {@code /api/v1/tenants/{tenant}/syncs} (and {@code /syncs/{id}}, {@code /devices}) for these
     * tenants, in the file's order; the unscoped routes then are the {@code default} tenant's, and answer
     * 404 naming the tenant routes when there is no such tenant. Call before {@link #start()}.
     */
    public synchronized HubServer withTenants(java.util.Map<String, TenantEndpoints> endpoints) {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        this.tenants = new java.util.LinkedHashMap<>(endpoints);
        return this;
    }

    /**
     * Serves {@code tenant}'s routes too from now on (a tenant added to scephub.yaml while serving); a tenant already
     * served keeps its endpoints. Only for a server with {@link #withTenants}.
     */
    public synchronized void addTenant(String tenant, TenantEndpoints endpoints) {
        if (tenants == null) {
            throw new IllegalStateException("this server serves no tenant routes");
        }
        java.util.Map<String, TenantEndpoints> next = new java.util.LinkedHashMap<>(tenants);
        next.putIfAbsent(tenant, Objects.requireNonNull(endpoints, "endpoints"));
        tenants = next;
    }

    /** Stops serving {@code tenant}'s routes (a tenant removed from scephub.yaml while serving): they answer 404 from now on. */
    public synchronized void removeTenant(String tenant) {
        if (tenants == null) {
            throw new IllegalStateException("this server serves no tenant routes");
        }
        java.util.Map<String, TenantEndpoints> next = new java.util.LinkedHashMap<>(tenants);
        next.remove(tenant);
        tenants = next;
    }

    /** Serves {@code tenant} from {@code endpoints} from now on, in place of what it served it from (e.g. its new signers). */
    public synchronized void replaceTenant(String tenant, TenantEndpoints endpoints) {
        if (tenants == null || !tenants.containsKey(tenant)) {
            throw new IllegalStateException("this server does not serve tenant " + tenant);
        }
        java.util.Map<String, TenantEndpoints> next = new java.util.LinkedHashMap<>(tenants);
        next.put(tenant, Objects.requireNonNull(endpoints, "endpoints"));
        tenants = next;
    }

    /** Authenticates with {@code replacement} from the next request on; a request under way keeps the set it began with. */
    public void replaceTokens(ApiTokens replacement) {
        this.tokens = Objects.requireNonNull(replacement, "tokens");
        log.info("server_tokens_replaced clients={}", replacement);
    }

    /** How many requests are sending their bodies right now (at most {@link RequestBodies#MAX_CONCURRENT_READS}). */
    int bodiesBeingRead() {
        return bodies.readingNow();
    }

    /** Binds and starts serving; port 0 picks a free port (see {@link #uri()}). */
    public synchronized HubServer start() {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        app = Javalin.create(config -> {
            RequestBodies.configure(config.jetty, listen.host(), listen.port());
            config.http.maxRequestSize = maxBodyBytes;
            config.startup.showJavalinBanner = false;
            // Jetty answers some errors itself (bad request line, 414, 431) before any route runs.
            ProblemErrorHandler errors = new ProblemErrorHandler(maxBodyBytes);
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(errors);
                context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new VerifyRoute()), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            routes(config.routes);
        });
        app.start();
        log.info("server_started url={} clients={}", uri(), tokens);
        return this;
    }

    /** The base URL the server is reachable at, with the bound port. */
    public URI uri() {
        String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
        return URI.create("http://" + host + ":" + port());
    }

    public int port() {
        if (app == null) {
            throw new IllegalStateException("the server is not started");
        }
        return app.port();
    }

    private void routes(RoutesConfig routes) {
        routes.before(ctx -> authenticate(ctx.req(), ctx.res()));
        routes.get("/healthz", ctx -> send(ctx, 200, ok("ok")));
        routes.get("/readyz", this::ready);
        routes.get("/openapi.yaml", this::openApi);
        routes.get("/metrics", this::metrics);
        routes.post("/api/v1/syncs", ctx -> queueSync(ctx, unscoped(ctx)));
        routes.get("/api/v1/syncs", ctx -> listSyncs(ctx, unscoped(ctx)));
        routes.get("/api/v1/syncs/{id}", ctx -> getSync(ctx, unscoped(ctx)));
        routes.get("/api/v1/devices", ctx -> listDevices(ctx, unscoped(ctx)));
        routes.get("/api/v1/tenants", this::listTenants);
        routes.post("/api/v1/tenants/{tenant}/syncs", ctx -> queueSync(ctx, scoped(ctx)));
        routes.get("/api/v1/tenants/{tenant}/syncs", ctx -> listSyncs(ctx, scoped(ctx)));
        routes.get("/api/v1/tenants/{tenant}/syncs/{id}", ctx -> getSync(ctx, scoped(ctx)));
        routes.get("/api/v1/tenants/{tenant}/devices", ctx -> listDevices(ctx, scoped(ctx)));
        routes.get("/api/v1/notifications", this::listNotifications);
        for (ServerExtension extension : extensions) {
            extension.register(routes);
        }
        routes.exception(Exception.class, (e, ctx) -> problem(ctx, problemFor(e, ctx.req())));
        routes.error(404, ctx -> {
            // A route's own 404 (no such run, no such tenant) already says what is missing, and so does an extension's own
            // page (the console's "Not found").
            boolean extensionPage = ctx.resultInputStream() != null && extensions.stream().anyMatch(e -> e.owns(ctx.path()));
            if (ctx.attribute(PROBLEM_SENT) == null && !extensionPage) {
                problem(ctx, new Problem(404, "not-found", "Not found", "no endpoint " + ctx.method() + " "
                        + printable(ctx.path()) + "; see GET /openapi.yaml"));
            }
        });
        routes.error(405, ctx -> problem(ctx, new Problem(405, "method-not-allowed", "Method not allowed",
                ctx.method() + " is not allowed on " + printable(ctx.path()))));
    }

    private ObjectNode ok(String status) {
        return json.createObjectNode().put("status", status).put("time", clock.instant().toString());
    }

    /** Every route's before-handler, and the verify routes' first step ({@link VerifyRoute}). */
    private void authenticate(HttpServletRequest req, HttpServletResponse res) {
        String path = req.getRequestURI();
        if (PUBLIC_PATHS.contains(path) || extensions.stream().anyMatch(e -> e.owns(path))) {
            return;
        }
        String header = req.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"scephub\"");
            throw Problem.unauthorized("send Authorization: Bearer <token> with a token configured in server.tokens");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"scephub\", error=\"invalid_request\"");
            throw Problem.unauthorized("the Authorization header must use the Bearer scheme");
        }
        ApiTokens seen = tokens;
        Optional<String> client = seen.authenticate(header.substring(7).trim());
        if (client.isEmpty()) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"scephub\", error=\"invalid_token\"");
            log.warn("request_unauthorized method={} path={} remote={}", method(req), path, req.getRemoteAddr());
            throw Problem.unauthorized("the bearer token is not one of server.tokens");
        }
        req.setAttribute(CLIENT_ATTRIBUTE, client.get());
        req.setAttribute(TOKENS_ATTRIBUTE, seen);
    }

    /** The method as Javalin routes it: {@code X-HTTP-Method-Override} when sent. */
    private static HandlerType method(HttpServletRequest req) {
        return HandlerType.findOrDefault(Optional.ofNullable(req.getHeader("X-HTTP-Method-Override")).orElse(req.getMethod()));
    }

    /** How an exception out of a route is answered, on Javalin's routes and on {@link VerifyRoute}. */
    private static Problem problemFor(Exception e, HttpServletRequest req) {
        if (e instanceof Problem problem) {
            return problem;
        }
        if (e instanceof UnsupportedOperationException) {
            return Problem.unavailable("this server was started without a sync scheduler: " + e.getMessage());
        }
        log.error("request_failed method={} path={} error={}", method(req), req.getRequestURI(), e.getClass().getSimpleName());
        return new Problem(500, "internal", "Internal error", "the request failed inside scephub; see its log");
    }

    /**
     * {@code POST /api/v1/challenges/verify} and {@code POST /api/v1/tenants/{tenant}/challenges/verify}, defined here only:
     * a servlet filter ahead of Javalin, because this is the route a fleet enrolling at once sends every CSR through, and
     * Javalin's per-request work, and the code it gives the JIT to compile, showed in {@code serve}'s profile
     * (docs/BENCHMARKS.md). It matches as Javalin's router would (an optional trailing slash, the tenant URL-decoded,
     * {@code X-HTTP-Method-Override}), authenticates with the before-handler every route has, reads the body through the
     * same limits and answers errors with the same problems; every other request goes on to Javalin.
     */
    private final class VerifyRoute extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
            java.util.regex.Matcher path = VERIFY_PATH.matcher(req.getRequestURI());
            if (!path.matches() || method(req) != HandlerType.POST) {
                chain.doFilter(req, res);
                return;
            }
            try {
                authenticate(req, res);
                String tenant = path.group(1);
                verifyChallenge(req, res, tenant == null ? unscopedChallenges(req) : scopedChallenges(req, pathParam(tenant)));
            } catch (Exception e) {
                Problem problem = problemFor(e, req);
                res.setStatus(problem.status());
                res.setContentType(PROBLEM_JSON);
                res.getOutputStream().write(problem.toJson(req.getRequestURI()).getBytes(charset(res)));
            }
        }
    }

    /** The verify routes as Javalin's router matches them: a path parameter is one or more characters but a slash. */
    private static final java.util.regex.Pattern VERIFY_PATH =
            java.util.regex.Pattern.compile("/api/v1(?:/tenants/([^/]+?))?/challenges/verify/?");

    /** A path parameter as Javalin decodes it (a literal '+' kept). */
    private static String pathParam(String raw) {
        if (raw.indexOf('+') < 0 && raw.indexOf('%') < 0) {
            return raw;
        }
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The charset Javalin encodes a String result in. */
    private static java.nio.charset.Charset charset(HttpServletResponse res) {
        try {
            return java.nio.charset.Charset.forName(res.getCharacterEncoding());
        } catch (RuntimeException e) {
            return java.nio.charset.Charset.defaultCharset();
        }
    }

    /** Where a request's sync and device routes point: one tenant's (or, unscoped without tenants, the server's own). */
    private record Target(Optional<String> tenant, SyncQueue syncs, DeviceStatusFeed devices) {
        String syncsPath() {
            return tenant.map(t -> "/api/v1/tenants/" + t + "/syncs").orElse("/api/v1/syncs");
        }

        String runPath(String id) {
            return tenant.map(t -> SyncRunJson.path(t, id)).orElse(SyncRunJson.path(id));
        }

        ObjectNode json(SyncRun run) {
            return tenant.map(t -> SyncRunJson.of(run, t)).orElse(SyncRunJson.of(run));
        }
    }

    /** The unscoped routes: the server's own queue, or with tenants the {@code default} tenant's. */
    private Target unscoped(Context ctx) {
        if (tenants == null) {
            return new Target(Optional.empty(), syncs, devices);
        }
        TenantEndpoints endpoints = tenants.get(DEFAULT_TENANT);
        if (endpoints == null) {
            throw new Problem(404, "tenant-required", "Tenant required", "this hub serves several tenants ("
                    + String.join(", ", tenants.keySet()) + "); use /api/v1/tenants/{tenant}" + ctx.path().substring("/api/v1".length()));
        }
        allow(ctx.req(), DEFAULT_TENANT);
        return new Target(Optional.empty(), endpoints.syncs(), endpoints.devices());
    }

    private Target scoped(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        if (tenants == null && tenant.equals(DEFAULT_TENANT)) {
            // A hub without tenants is the one tenant "default": its routes work under that name too.
            allow(ctx.req(), tenant);
            return new Target(Optional.of(tenant), syncs, devices);
        }
        TenantEndpoints endpoints = tenants == null ? null : tenants.get(tenant);
        if (endpoints == null) {
            throw new Problem(404, "not-found", "Not found", "no tenant " + printable(tenant) + "; GET /api/v1/tenants lists them");
        }
        allow(ctx.req(), tenant);
        return new Target(Optional.of(tenant), endpoints.syncs(), endpoints.devices());
    }

    /** The unscoped verify route: the server's own verification, or with tenants the {@code default} tenant's. */
    private ChallengeVerification unscopedChallenges(HttpServletRequest req) {
        if (tenants == null) {
            return challenges;
        }
        TenantEndpoints endpoints = tenants.get(DEFAULT_TENANT);
        if (endpoints == null) {
            throw new Problem(404, "tenant-required", "Tenant required", "this hub serves several tenants ("
                    + String.join(", ", tenants.keySet()) + "), each trusting its own signers; use /api/v1/tenants/{tenant}/challenges/verify");
        }
        allow(req, DEFAULT_TENANT);
        return available(endpoints.challenges(), DEFAULT_TENANT);
    }

    private ChallengeVerification scopedChallenges(HttpServletRequest req, String tenant) {
        if (tenants == null && tenant.equals(DEFAULT_TENANT)) {
            allow(req, tenant);
            return challenges;
        }
        TenantEndpoints endpoints = tenants == null ? null : tenants.get(tenant);
        if (endpoints == null) {
            throw new Problem(404, "not-found", "Not found", "no tenant " + printable(tenant) + "; GET /api/v1/tenants lists them");
        }
        allow(req, tenant);
        return available(endpoints.challenges(), tenant);
    }

    private static ChallengeVerification available(ChallengeVerification verification, String tenant) {
        if (verification == null) {
            throw Problem.unavailable("this server verifies no delegated challenges for tenant " + tenant);
        }
        return verification;
    }

    /** A token restricted to other tenants gets 403, whatever the route. */
    private void allow(HttpServletRequest req, String tenant) {
        String client = (String) req.getAttribute(CLIENT_ATTRIBUTE);
        if (!((ApiTokens) req.getAttribute(TOKENS_ATTRIBUTE)).allows(client, tenant)) {
            log.warn("request_forbidden client={} tenant={} path={}", client, tenant, req.getRequestURI());
            throw new Problem(403, "forbidden", "Forbidden", "the token of client " + client + " is not allowed tenant "
                    + tenant + " (server.tokens[].tenants)");
        }
    }

    /** {@code GET /api/v1/tenants}: the tenants this token may act on, with their routes. */
    private void listTenants(Context ctx) {
        String client = ctx.attribute(CLIENT_ATTRIBUTE);
        ApiTokens seen = ctx.attribute(TOKENS_ATTRIBUTE);
        ObjectNode answer = json.createObjectNode();
        var items = answer.putArray("items");
        java.util.Collection<String> names = tenants == null ? List.of(DEFAULT_TENANT) : tenants.keySet();
        for (String tenant : names) {
            if (seen.allows(client, tenant)) {
                items.addObject().put("name", tenant).putObject("links").put("syncs", "/api/v1/tenants/" + tenant + "/syncs")
                        .put("devices", "/api/v1/tenants/" + tenant + "/devices")
                        .put("challenges", "/api/v1/tenants/" + tenant + "/challenges/verify");
            }
        }
        send(ctx, 200, answer);
    }

    private void ready(Context ctx) {
        try (Connection c = database.getConnection()) {
            if (!c.isValid(2)) {
                throw Problem.unavailable("the state store does not answer");
            }
        } catch (SQLException e) {
            throw Problem.unavailable("the state store cannot be reached (SQLState " + e.getSQLState() + ")");
        }
        send(ctx, 200, ok("ready"));
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = HubServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new Problem(404, "not-found", "Not found", "this build does not include openapi.yaml");
            }
            ctx.status(200).contentType("application/yaml").result(in.readAllBytes());
        }
    }

    /** Prometheus text format 0.0.4, which every Prometheus version accepts whatever it asks for. */
    private void metrics(Context ctx) {
        ctx.status(200).contentType(PROMETHEUS_TEXT).result(metrics.scrape());
    }

    private void verifyChallenge(HttpServletRequest req, HttpServletResponse res, ChallengeVerification challenges) {
        VerifyRequest request = readJson(req, res, VerifyRequest.class);
        if (request.token() == null || request.token().isEmpty()) {
            throw Problem.badRequest("member \"token\" is required: the delegated challenge as a compact JWS string");
        }
        Optional<byte[]> csr = Optional.ofNullable(request.csr()).map(HubServer::csrBytes);
        String client = (String) req.getAttribute(CLIENT_ATTRIBUTE);
        ChallengeDecision decision;
        try {
            decision = challenges.verify(request.token(), csr, "rest:" + client);
        } catch (IllegalStateException e) {
            log.error("challenge_verify_failed client={} error={}", client, e.getClass().getSimpleName());
            throw Problem.unavailable("the state store is unavailable; nothing was decided, retry later");
        }
        byte[] answer = DecisionJson.bytes(decision);
        // Written to the response itself: Javalin's result() copies it through a new 8 KiB buffer per request, the largest
        // allocation of serve's verify path in its profile (docs/BENCHMARKS.md).
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(answer.length);
        try {
            res.getOutputStream().write(answer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Queues a sync. With an Idempotency-Key seen before, answers the original run (200) instead of
     * queueing another; with the same key but a different body, 422.
     */
    private void queueSync(Context ctx, Target target) {
        SyncQueue syncs = target.syncs();
        SyncBody body = readJson(ctx.req(), ctx.res(), SyncBody.class);
        List<String> enrollments = body.enrollments() == null ? List.of() : body.enrollments();
        if (enrollments.size() > MAX_SYNC_TARGETS) {
            throw Problem.badRequest("member \"enrollments\" lists " + enrollments.size() + " names; at most "
                    + MAX_SYNC_TARGETS + " are accepted");
        }
        if (enrollments.stream().anyMatch(Objects::isNull)) {
            throw Problem.badRequest("member \"enrollments\" must be an array of enrollment names (strings)");
        }
        String client = ctx.attribute(CLIENT_ATTRIBUTE);
        SyncRequest request;
        try {
            request = new SyncRequest(SyncTrigger.API, "api:" + client, Optional.ofNullable(ctx.header(IDEMPOTENCY_KEY)),
                    Boolean.TRUE.equals(body.dryRun()), enrollments);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        List<String> unknown;
        try {
            unknown = enrollments.isEmpty() ? List.of() : syncs.unknownEnrollments(enrollments);
        } catch (RuntimeException e) {
            // scephub.yaml was edited into something that does not load: the request is not at fault.
            log.error("sync_request_unchecked client={} error={}", (Object) ctx.attribute(CLIENT_ATTRIBUTE), e.getClass().getSimpleName());
            throw Problem.unavailable("scephub.yaml cannot be loaded to check the enrollment names; nothing was queued");
        }
        if (!unknown.isEmpty()) {
            List<Problem.FieldError> errors = unknown.stream().map(name -> new Problem.FieldError(
                    "enrollments[" + enrollments.indexOf(name) + "]", "\"" + printable(name) + "\" is not an enrollment in scephub.yaml"))
                    .toList();
            throw new Problem(422, "unknown-enrollment", "Unknown enrollment", errors.stream()
                    .map(e -> e.field() + ": " + e.detail()).collect(java.util.stream.Collectors.joining("; "))
                    + "; nothing was queued", errors);
        }
        SyncQueue.Queued queued = syncs.queue(request);
        if (!queued.created() && !queued.run().matches(request)) {
            throw new Problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was first used for run " + queued.run().id() + " with a different body;"
                            + " use a new key for a different request");
        }
        String location = target.runPath(queued.run().id());
        ObjectNode answer = json.createObjectNode().put("id", queued.run().id()).put("status", queued.run().status().value());
        answer.putObject("links").put("self", location);
        ctx.header("Location", location);
        log.info("sync_requested client={} run={} replayed={}", client, queued.run().id(), !queued.created());
        send(ctx, queued.created() ? 202 : 200, answer);
    }

    /** {@code GET /api/v1/notifications?limit=N&status=S}: notifications and their delivery outcome, newest first. */
    private void listNotifications(Context ctx) {
        onlyQueryParameters(ctx, List.of("limit", "status"), "limit or status");
        int limit = pageLimit(ctx, "a number");
        Optional<Delivery.Status> status = Optional.empty();
        String statusText = ctx.queryParam("status");
        if (statusText != null) {
            status = java.util.Arrays.stream(Delivery.Status.values()).filter(s -> s.value().equals(statusText)).findFirst();
            if (status.isEmpty()) {
                throw Problem.badRequest("status: \"" + printable(statusText) + "\" is not one of pending, delivered, failed");
            }
        }
        send(ctx, 200, DeliveryJson.list(new NotificationLog(database, clock).recent(limit, status)));
    }

    /** {@code GET /api/v1/syncs?limit=N&cursor=C&status=S}: runs newest first, a page at a time. */
    /**
     * Every device of one enrollment ({@code ?enrollment=}) or all, streamed as the MDMs page it out:
     * {@code ?format=json} (default) or {@code csv}. An unknown enrollment is 422 before anything is
     * sent; a vendor read failing after output began ends the body with its error.
     */
    private void listDevices(Context ctx, Target target) throws IOException {
        DeviceStatusFeed devices = target.devices();
        onlyQueryParameters(ctx, List.of("enrollment", "format"), "enrollment or format");
        String formatText = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        DeviceStatusWriter.Format format = DeviceStatusWriter.Format.named(formatText)
                .filter(f -> f != DeviceStatusWriter.Format.TEXT)
                .orElseThrow(() -> Problem.badRequest("format: \"" + printable(formatText) + "\" is not one of json, csv"));
        if (devices == null) {
            throw Problem.unavailable("this server has no configuration to read devices with");
        }
        Optional<String> enrollment = Optional.ofNullable(ctx.queryParam("enrollment")).filter(e -> !e.isBlank());
        ctx.status(200).contentType(format == DeviceStatusWriter.Format.CSV ? "text/csv; charset=utf-8" : "application/json");
        java.io.Writer body = new java.io.BufferedWriter(new java.io.OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        DeviceStatusWriter writer = new DeviceStatusWriter(format, body);
        try {
            devices.stream(enrollment, writer);
        } catch (DeviceStatusReader.UnknownEnrollment e) {
            throw new Problem(422, "unknown-enrollment", "Unknown enrollment", e.getMessage());
        } catch (io.scephub.core.error.ScephubException e) {
            log.warn("devices_failed code={}", e.code());
            throw new Problem(502, "vendor-read-failed", "Reading the MDM failed", e.getMessage());
        }
        body.flush();
    }

    /** A 400 naming the first query parameter not in {@code known}. */
    private static void onlyQueryParameters(Context ctx, List<String> known, String expected) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                throw Problem.badRequest("unknown query parameter \"" + printable(name) + "\"; expected " + expected);
            }
        }
    }

    /** {@code ?limit=N} (1 to {@link #MAX_PAGE_SIZE}, default {@link #DEFAULT_PAGE_SIZE}); else a 400 saying it is not {@code kind} in range. */
    private static int pageLimit(Context ctx, String kind) {
        String limitText = ctx.queryParam("limit");
        if (limitText == null) {
            return DEFAULT_PAGE_SIZE;
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw Problem.badRequest("limit: \"" + printable(limitText) + "\" is not " + kind + " from 1 to " + MAX_PAGE_SIZE);
        }
        return limit;
    }

    private void listSyncs(Context ctx, Target target) {
        SyncQueue syncs = target.syncs();
        onlyQueryParameters(ctx, List.of("limit", "cursor", "status"), "limit, cursor or status");
        int limit = pageLimit(ctx, "a whole number");
        Optional<SyncStatus> status = Optional.empty();
        String statusText = ctx.queryParam("status");
        if (statusText != null) {
            status = java.util.Arrays.stream(SyncStatus.values()).filter(s -> s.value().equals(statusText)).findFirst();
            if (status.isEmpty()) {
                throw Problem.badRequest("status: \"" + printable(statusText) + "\" is not one of "
                        + String.join(", ", java.util.Arrays.stream(SyncStatus.values()).map(SyncStatus::value).toList()));
            }
        }
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor"));
        SyncRuns.Page page;
        try {
            page = syncs.list(limit, cursor, status);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        ObjectNode answer = json.createObjectNode();
        var items = answer.putArray("items");
        page.runs().forEach(run -> items.add(target.json(run)));
        ObjectNode links = answer.putObject("links");
        String query = "limit=" + limit + status.map(s -> "&status=" + s.value()).orElse("");
        links.put("self", target.syncsPath() + "?" + query + cursor.map(c -> "&cursor=" + urlEncode(c)).orElse(""));
        page.next().ifPresent(next -> links.put("next", target.syncsPath() + "?" + query + "&cursor=" + urlEncode(next)));
        send(ctx, 200, answer);
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void getSync(Context ctx, Target target) {
        String id = ctx.pathParam("id");
        SyncRun run = target.syncs().find(id).orElseThrow(() -> new Problem(404, "not-found", "Not found",
                "no sync run " + printable(id) + "; POST " + target.syncsPath() + " answers the id of a queued run"));
        send(ctx, 200, target.json(run));
    }

    private static byte[] csrBytes(String csr) {
        if (csr.contains("-----BEGIN")) {
            return csr.getBytes(StandardCharsets.US_ASCII);
        }
        try {
            return Base64.getMimeDecoder().decode(csr.trim());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("member \"csr\" is neither PEM (-----BEGIN CERTIFICATE REQUEST-----) nor base64 DER");
        }
    }

    private <T> T readJson(HttpServletRequest req, HttpServletResponse res, Class<T> type) {
        String contentType = Optional.ofNullable(req.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            throw Problem.unsupportedMediaType();
        }
        byte[] body = bodies.read(req, res);
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw Problem.badRequest("the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw Problem.badRequest("unknown member \"" + printable(e.getPropertyName()) + "\"; expected only "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
        } catch (StreamConstraintsException e) {
            // Too deep, too long a number or string: Jackson stops before building it, and has no location to give.
            throw Problem.badRequest("the body exceeds a JSON limit (nesting depth " + MAX_NESTING_DEPTH + ", number length "
                    + MAX_NUMBER_LENGTH + " digits); a valid request is a flat object");
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the input; say where instead (when it knows).
            JsonLocation at = e.getLocation();
            throw Problem.badRequest("the body is not a valid JSON object of the expected shape"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw Problem.badRequest("the request body could not be read");
        }
    }

    private static String printable(String name) {
        return Problem.printable(name);
    }

    private static void send(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private void problem(Context ctx, Problem problem) {
        ctx.attribute(PROBLEM_SENT, Boolean.TRUE);
        ctx.status(problem.status()).contentType(PROBLEM_JSON).result(problem.toJson(ctx.path()));
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
