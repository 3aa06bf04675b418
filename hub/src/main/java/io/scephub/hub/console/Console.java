package io.scephub.hub.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.scephub.config.HubSettings;
import io.scephub.hub.server.ServerExtension;
import io.scephub.hub.sync.SyncQueue;
import io.scephub.hub.sync.SyncRequest;
import io.scephub.hub.sync.SyncTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console: server-rendered pages at {@code /} over what the state store holds, behind an
 * Okta sign-in (OIDC code flow with PKCE). Sessions live in HttpOnly SameSite=Lax cookies (Secure behind
 * TLS); every POST carries the session's CSRF token; a strict Content-Security-Policy allows no script at all.
 */
public final class Console implements ServerExtension {
    static final String SESSION_COOKIE = "scephub-session";
    static final String SIGN_IN_COOKIE = "scephub-signin";
    /** No scripts, no inline styles, nothing from elsewhere; forms post only here; never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";
    private static final List<String> PAGE_PREFIXES = List.of("/enrollments", "/syncs", "/renewals", "/challenges", "/audit", "/auth",
            "/console.css", "/tenants");
    /** Where one tenant's pages hang: {@code /tenants/NAME/syncs} and so on. */
    private static final String TENANT = "/tenants/{tenant}";
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9/._~%?=&-]*");
    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final HubSettings.Console settings;
    private final OidcSignIn oidc;
    private final ConsoleSessions sessions;
    private final ConsoleData data;
    private final Function<String, Optional<SyncQueue>> queues;
    private final Templates templates = new Templates();
    private final boolean alwaysSecure;

    /**
     * @param queues each tenant's sync queue by tenant name (empty: no such tenant); a file without tenants: is the tenant
     *               {@code default}
     */
    public Console(HubSettings.Console settings, OidcSignIn oidc, ConsoleSessions sessions, ConsoleData data,
                   Function<String, Optional<SyncQueue>> queues) {
        this.settings = settings;
        this.oidc = oidc;
        this.sessions = sessions;
        this.data = data;
        this.queues = queues;
        // Okta sends the browser back over https: the console is behind TLS, whatever the proxy says.
        this.alwaysSecure = settings.redirectUri().regionMatches(true, 0, "https:", 0, 6);
    }

    /** The console for {@code settings}: resolves the client secret now, reads scephub.yaml through {@code config} per page. */
    public static Console create(HubSettings.Console settings, io.scephub.config.SecretResolver secrets,
                                 java.util.function.Supplier<io.scephub.config.ScephubConfig> config, javax.sql.DataSource dataSource,
                                 Function<String, Optional<SyncQueue>> queues, java.time.Clock clock, io.scephub.core.http.VendorHttp http) {
        return new Console(settings, new OidcSignIn(settings, secrets.resolve(settings.clientSecret()), http),
                new ConsoleSessions(dataSource, clock), new ConsoleData(config, dataSource, clock), queues);
    }

    @Override
    public boolean owns(String path) {
        return path.equals("/") || PAGE_PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(ctx -> {
            if (owns(ctx.path())) {
                securityHeaders(ctx);
            }
        });
        routes.get("/console.css", this::stylesheet);
        routes.get("/auth/login", ctx -> guarded(ctx, () -> login(ctx)));
        routes.get("/auth/callback", ctx -> guarded(ctx, () -> callback(ctx)));
        routes.post("/auth/logout", ctx -> guarded(ctx, () -> logout(ctx)));
        routes.get("/auth/signed-out", ctx -> guarded(ctx, () -> message(ctx, 200, "Signed out",
                new ConsoleViews.Message("You are signed out of the console", "Your Okta session may still be open; sign out of Okta too on"
                        + " a shared computer.", "/auth/login", "Sign in again"))));
        routes.get("/", ctx -> page(ctx, session -> overview(ctx, session)));
        routes.get(TENANT, ctx -> tenantPage(ctx, "/", (scope, session) -> templates.render("overview",
                layout(ctx, "Overview", scope, session, null), scope.data().tenantOverview())));
        for (String prefix : List.of("", TENANT)) {
            routes.get(prefix + "/enrollments/{name}", ctx -> tenantPage(ctx, "/", (scope, session) -> {
                String name = ctx.pathParam("name");
                return scope.data().enrollment(name).map(e -> templates.render("enrollment",
                                layout(ctx, "Enrollment " + e.name(), scope, session, null), e))
                        .orElseGet(() -> notFound(ctx, session, "No enrollment named " + name + " in scephub.yaml."));
            }));
            routes.get(prefix + "/syncs", ctx -> tenantPage(ctx, "/syncs", (scope, session) -> templates.render("syncs",
                    layout(ctx, "Sync runs", scope, session, null),
                    scope.data().syncs(Optional.ofNullable(ctx.queryParam("cursor")), scope.role().mayQueueSyncs()))));
            routes.get(prefix + "/syncs/{id}", ctx -> tenantPage(ctx, "/syncs", (scope, session) -> scope.data()
                    .sync(ctx.pathParam("id"))
                    .map(run -> templates.render("sync", layout(ctx, "Sync run " + run.shortId(), scope, session, run.active() ? "2" : null),
                            run))
                    .orElseGet(() -> notFound(ctx, session, "No sync run with that id."))));
            routes.post(prefix + "/syncs", ctx -> guarded(ctx, () -> queueSync(ctx)));
            routes.get(prefix + "/renewals", ctx -> tenantPage(ctx, "/renewals", (scope, session) -> templates.render(
                    "renewals", layout(ctx, "Renewal waves", scope, session, null), scope.history().renewals(data.now()))));
            routes.get(prefix + "/challenges", ctx -> tenantPage(ctx, "/challenges", (scope, session) ->
                    templates.render("challenges", layout(ctx, "Challenge decisions", scope, session, null),
                            scope.history().challenges(data.now()))));
            routes.get(prefix + "/audit", ctx -> tenantPage(ctx, "/audit", (scope, session) -> templates.render("audit",
                    layout(ctx, "Audit log", scope, session, null), scope.data().audit())));
        }
    }

    // ----- tenants ------------------------------------------------------------------------------

    /**
     * One tenant's pages as one person sees them: its data under its base path, and their role there.
     *
     * @param section the page's navigation entry ({@code /syncs}), for the current-page mark
     */
    record Scope(String tenant, ConsoleData data, ConsoleRole role, String section) {
        ConsoleHistory history() {
            return new ConsoleHistory(data.auditLog(), data.deviceStateCounts());
        }
    }

    /** The overview at {@code /}: every tenant this person may see, one section each. */
    private String overview(Context ctx, ConsoleSession session) {
        io.scephub.config.ScephubConfig file = data.file();
        List<String> visible = session.access().visible(file.tenantNames());
        if (visible.isEmpty()) {
            return forbiddenPage(ctx, session, "You may not see any tenant of this scephub (server.console.tenants).");
        }
        Scope top = new Scope(file.tenanted() ? null : io.scephub.config.Tenant.DEFAULT, data,
                file.tenanted() ? null : session.access().roleIn(io.scephub.config.Tenant.DEFAULT).orElseThrow(), "/");
        return templates.render("overview", layout(ctx, "Overview", top, session, null), data.overview(visible));
    }

    /**
     * Renders a tenant's page: at {@code /tenants/NAME/...}, or unscoped for a file without tenants:. With tenants an
     * unscoped page is redirected to the same page of the {@code default} tenant or else the first tenant this person may see.
     * An unknown tenant is 404; a tenant this person may not see is 403, as a token restricted to other tenants gets on the API.
     */
    private void tenantPage(Context ctx, String section, TenantBody body) {
        page(ctx, session -> {
            io.scephub.config.ScephubConfig file = data.file();
            List<String> visible = session.access().visible(file.tenantNames());
            String tenant = ctx.pathParamMap().get("tenant");
            if (tenant == null) {
                if (file.tenanted()) {
                    String target = visible.contains(io.scephub.config.Tenant.DEFAULT) ? io.scephub.config.Tenant.DEFAULT
                            : visible.isEmpty() ? null : visible.get(0);
                    if (target == null) {
                        return forbiddenPage(ctx, session, "You may not see any tenant of this scephub (server.console.tenants).");
                    }
                    ctx.redirect(ConsoleData.tenantBase(target) + ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
                            HttpStatus.FOUND);
                    return null;
                }
                tenant = io.scephub.config.Tenant.DEFAULT;
            }
            Optional<Scope> scope = scope(ctx, session, tenant, section);
            if (scope.isEmpty()) {
                return tenantRefusal(ctx, session, tenant);
            }
            return body.render(scope.get(), session);
        });
    }

    /** The scope of {@code tenant} for this request, if the tenant exists and the session may see it. */
    private Optional<Scope> scope(Context ctx, ConsoleSession session, String tenant, String section) {
        io.scephub.config.ScephubConfig file = data.file();
        if (!file.tenantNames().contains(tenant)) {
            return Optional.empty();
        }
        Optional<ConsoleRole> role = session.access().roleIn(tenant);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        boolean scoped = ctx.pathParamMap().containsKey("tenant");
        return Optional.of(new Scope(tenant, data.scoped(tenant, scoped ? ConsoleData.tenantBase(tenant) : ""), role.get(), section));
    }

    /** 404 for a tenant scephub.yaml does not name, 403 for one this person may not see. */
    private String tenantRefusal(Context ctx, ConsoleSession session, String tenant) {
        if (!data.file().tenantNames().contains(tenant)) {
            return notFound(ctx, session, "No tenant named " + tenant + " in scephub.yaml.");
        }
        log.warn("console_forbidden subject={} tenant={} path={} reason=tenant", session.subject(), tenant, ctx.path());
        return forbiddenPage(ctx, session, "You may not see tenant " + tenant + " (server.console.tenants).");
    }

    /** A tenant page's body for the signed-in session. */
    private interface TenantBody {
        String render(Scope scope, ConsoleSession session);
    }

    // ----- sign-in ------------------------------------------------------------------------------

    private void login(Context ctx) {
        String next = localPath(ctx.queryParam("next"));
        if (currentSession(ctx).isPresent()) {
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        String verifier = OidcSignIn.newCodeVerifier();
        ConsoleSessions.PendingSignIn pending = sessions.begin(sessions.randomToken(), sessions.randomToken(), verifier, next);
        URI authorize;
        try {
            authorize = oidc.authorizationUri(pending.state(), pending.nonce(), pending.codeVerifier());
        } catch (OidcSignIn.SignInFailed e) {
            log.warn("console_sign_in_unavailable reason=\"{}\"", e.getMessage());
            message(ctx, 503, "Sign-in unavailable", new ConsoleViews.Message("Okta cannot be reached", e.getMessage(), "/auth/login?next="
                    + urlEncode(next), "Try again"));
            return;
        }
        setCookie(ctx, SIGN_IN_COOKIE, pending.binding(), "/auth", (int) ConsoleSessions.SIGN_IN_LIFETIME.toSeconds());
        ctx.redirect(authorize.toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx) {
        Optional<ConsoleSessions.PendingSignIn> pending = sessions.complete(ctx.queryParam("state"), ctx.cookie(cookieName(ctx, SIGN_IN_COOKIE)));
        clearCookie(ctx, SIGN_IN_COOKIE, "/auth");
        if (pending.isEmpty()) {
            message(ctx, 400, "Sign-in expired", new ConsoleViews.Message("This sign-in cannot be completed",
                    "It expired, was already used, or was started in another browser.", "/auth/login", "Sign in again"));
            return;
        }
        OidcSignIn.Identity identity;
        try {
            identity = oidc.complete(ctx.queryString(), pending.get().state(), pending.get().codeVerifier(), pending.get().nonce());
        } catch (OidcSignIn.SignInFailed e) {
            log.warn("console_sign_in_failed reason=\"{}\"", e.getMessage());
            message(ctx, 401, "Sign-in failed", new ConsoleViews.Message("Sign-in failed", e.getMessage(), "/auth/login", "Sign in again"));
            return;
        }
        ConsoleAccess access = ConsoleAccess.of(identity.groups(), settings);
        if (access.isEmpty()) {
            log.warn("console_sign_in_refused subject={} reason=no_console_group", identity.subject());
            message(ctx, 403, "Not allowed", new ConsoleViews.Message("You are signed in to Okta as " + identity.displayName()
                    + ", but not in a console group", "Viewers: " + String.join(", ", settings.viewers()) + ". Operators: "
                    + String.join(", ", settings.operators()) + ". Ask an Okta admin to add you to one (the groups reach scephub in the "
                    + settings.groupsClaim() + " claim).", null, null));
            return;
        }
        ConsoleSession session = sessions.create(identity.subject(), identity.displayName(), access);
        setCookie(ctx, SESSION_COOKIE, session.id(), "/", (int) ConsoleSessions.SESSION_LIFETIME.toSeconds());
        log.info("console_signed_in subject={} role={} tenant_roles=\"{}\"", identity.subject(),
                access.everywhere().map(ConsoleRole::label).orElse("none"), access.encodePerTenant());
        ctx.redirect(pending.get().next(), HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        Optional<ConsoleSession> session = currentSession(ctx);
        if (session.isPresent()) {
            if (!csrfMatches(ctx, session.get())) {
                forbidden(ctx, session.get(), "The form was not sent by this console (CSRF token missing or wrong).");
                return;
            }
            sessions.end(session.get().id());
            log.info("console_signed_out subject={}", session.get().subject());
        }
        clearCookie(ctx, SESSION_COOKIE, "/");
        ctx.redirect("/auth/signed-out", HttpStatus.SEE_OTHER);
    }

    // ----- queueing -----------------------------------------------------------------------------

    private void queueSync(Context ctx) {
        Optional<ConsoleSession> session = currentSession(ctx);
        if (session.isEmpty()) {
            message(ctx, 403, "Forbidden", new ConsoleViews.Message("Sign in first", "Only a signed-in operator may queue a sync.",
                    "/auth/login?next=/syncs", "Sign in"));
            return;
        }
        if (!csrfMatches(ctx, session.get())) {
            log.warn("console_forbidden subject={} action=queue_sync reason=csrf", session.get().subject());
            forbidden(ctx, session.get(), "The form was not sent by this console (CSRF token missing or wrong).");
            return;
        }
        String tenant = ctx.pathParamMap().get("tenant");
        if (tenant == null) {
            if (data.file().tenanted()) {
                // Which tenant an unscoped POST means is never guessed: the forms post to /tenants/NAME/syncs.
                message(ctx, 404, "Not found", new ConsoleViews.Message("Choose a tenant", "This scephub serves several tenants; queue"
                        + " a sync from a tenant's Sync runs page.", "/", "Overview"));
                return;
            }
            tenant = io.scephub.config.Tenant.DEFAULT;
        }
        Optional<Scope> scope = scope(ctx, session.get(), tenant, "/syncs");
        Optional<SyncQueue> queue = queues.apply(tenant);
        if (scope.isEmpty() || queue.isEmpty()) {
            String page = tenantRefusal(ctx, session.get(), tenant);
            ctx.contentType("text/html; charset=utf-8").result(page);
            return;
        }
        String back = scope.get().data().base() + "/syncs";
        if (!scope.get().role().mayQueueSyncs()) {
            log.warn("console_forbidden subject={} tenant={} action=queue_sync reason=role", session.get().subject(), tenant);
            forbidden(ctx, session.get(), "Only operators may queue syncs; you are signed in as a viewer"
                    + (data.file().tenanted() ? " of tenant " + tenant : "") + ".");
            return;
        }
        String mode = Optional.ofNullable(ctx.formParam("mode")).orElse("");
        if (!mode.equals("sync") && !mode.equals("dry-run")) {
            message(ctx, 400, "Bad request", new ConsoleViews.Message("Unknown kind of run", "Choose Queue sync or Queue dry run.", back,
                    "Back to sync runs"));
            return;
        }
        String enrollment = Optional.ofNullable(ctx.formParam("enrollment")).orElse("").trim();
        List<String> targets = enrollment.isEmpty() ? List.of() : List.of(enrollment);
        if (!targets.isEmpty() && !scope.get().data().enrollmentNames().contains(enrollment)) {
            message(ctx, 400, "Bad request", new ConsoleViews.Message("Unknown enrollment", "scephub.yaml defines no such enrollment.",
                    back, "Back to sync runs"));
            return;
        }
        SyncQueue.Queued queued = queue.get().queue(new SyncRequest(SyncTrigger.API, "console:" + session.get().subject(), Optional.empty(),
                mode.equals("dry-run"), targets));
        log.info("sync_requested client=console subject={} tenant={} run={} dry_run={}", session.get().subject(), tenant,
                queued.run().id(), mode.equals("dry-run"));
        ctx.redirect(scope.get().data().runHref(queued.run().id()), HttpStatus.SEE_OTHER);
    }

    // ----- pages --------------------------------------------------------------------------------

    /**
     * Renders a page for a signed-in viewer or operator; anyone else is sent to sign in (GET) first. A body that
     * answered itself (a redirect) returns null.
     */
    private void page(Context ctx, PageBody body) {
        guarded(ctx, () -> {
            Optional<ConsoleSession> session = currentSession(ctx);
            if (session.isEmpty()) {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/auth/login?next=" + urlEncode(localPath(next)), HttpStatus.FOUND);
                return;
            }
            ctx.status(200);
            String html = body.render(session.get());
            if (html != null) {
                ctx.contentType("text/html; charset=utf-8").result(html);
            }
        });
    }

    /** A page body for the signed-in session. */
    private interface PageBody {
        String render(ConsoleSession session);
    }

    /** The frame of a page of {@code scope}'s tenant (a null tenant: the overview of every tenant the person may see). */
    private ConsoleViews.Layout layout(Context ctx, String title, Scope scope, ConsoleSession session, String refresh) {
        String base = scope == null ? "" : scope.data().base();
        String section = scope == null ? "" : scope.section();
        List<ConsoleViews.NavItem> nav = List.of(
                new ConsoleViews.NavItem("Overview", base + "/", section.equals("/")),
                new ConsoleViews.NavItem("Sync runs", base + "/syncs", section.equals("/syncs")),
                new ConsoleViews.NavItem("Renewals", base + "/renewals", section.equals("/renewals")),
                new ConsoleViews.NavItem("Challenges", base + "/challenges", section.equals("/challenges")),
                new ConsoleViews.NavItem("Audit", base + "/audit", section.equals("/audit")));
        io.scephub.config.ScephubConfig file = session == null ? null : data.file();
        boolean tenanted = file != null && file.tenanted();
        String tenant = scope == null ? null : scope.tenant();
        List<ConsoleViews.NavItem> tenants = !tenanted ? List.of() : session.access().visible(file.tenantNames()).stream()
                .map(t -> new ConsoleViews.NavItem(t, ConsoleData.tenantBase(t) + "/", t.equals(tenant))).toList();
        String role = session == null ? null : scope != null && scope.role() != null ? scope.role().label()
                : session.access().everywhere().map(ConsoleRole::label).orElse("per tenant");
        return new ConsoleViews.Layout(title, nav, session == null ? null : session.displayName(), role,
                session == null ? null : session.csrfToken(), Ages.time(data.now()), refresh, base, tenanted ? tenant : null, tenants);
    }

    private String notFound(Context ctx, ConsoleSession session, String text) {
        ctx.status(404);
        return templates.render("message", layout(ctx, "Not found", null, session, null),
                new ConsoleViews.Message("Not found", text, "/", "Overview"));
    }

    private String forbiddenPage(Context ctx, ConsoleSession session, String text) {
        ctx.status(403);
        return templates.render("message", layout(ctx, "Forbidden", null, session, null),
                new ConsoleViews.Message("Forbidden", text, "/", "Overview"));
    }

    private void forbidden(Context ctx, ConsoleSession session, String text) {
        ctx.contentType("text/html; charset=utf-8").result(forbiddenPage(ctx, session, text));
    }

    private void message(Context ctx, int status, String title, ConsoleViews.Message message) {
        ConsoleViews.Layout layout = new ConsoleViews.Layout(title, List.of(), null, null, null, null, null);
        ctx.status(status).contentType("text/html; charset=utf-8").result(templates.render("message", layout, message));
    }

    /** Console errors are pages, never the API's JSON; the log names the failure's type only (messages may quote data). */
    private void guarded(Context ctx, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            log.error("console_request_failed method={} path={} error={}", ctx.method(), ctx.path(), e.getClass().getSimpleName(), e);
            message(ctx, 500, "Error", new ConsoleViews.Message("Something went wrong", "The console could not read the state store or"
                    + " scephub.yaml; see the hub's log.", "/", "Overview"));
        }
    }

    private void stylesheet(Context ctx) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream("/io/scephub/hub/console/static/console.css")) {
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.status(200).contentType("text/css; charset=utf-8").header("Cache-Control", "public, max-age=3600").result(in.readAllBytes());
        }
    }

    // ----- sessions, cookies, headers -----------------------------------------------------------

    private Optional<ConsoleSession> currentSession(Context ctx) {
        return sessions.find(ctx.cookie(cookieName(ctx, SESSION_COOKIE)));
    }

    private static boolean csrfMatches(Context ctx, ConsoleSession session) {
        String sent = ctx.formParam("csrf");
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private boolean secure(Context ctx) {
        if (alwaysSecure || "https".equalsIgnoreCase(ctx.scheme())) {
            return true;
        }
        String forwarded = ctx.header("X-Forwarded-Proto");
        return settings.trustForwardedProto() && forwarded != null && forwarded.split(",")[0].trim().equalsIgnoreCase("https");
    }

    /** Over TLS the session cookie takes the __Host- prefix: Secure, Path=/ and no Domain, so no sibling host can set it. */
    private String cookieName(Context ctx, String base) {
        return secure(ctx) && base.equals(SESSION_COOKIE) ? "__Host-" + base : base;
    }

    private void setCookie(Context ctx, String base, String value, String path, int maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", cookieName(ctx, base) + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    private void clearCookie(Context ctx, String base, String path) {
        ctx.res().addHeader("Set-Cookie", cookieName(ctx, base) + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    private void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        if (!ctx.path().equals("/console.css")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (secure(ctx)) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** Only a path on this server (never {@code //host} or a scheme), else the overview. */
    static String localPath(String next) {
        if (next == null || !LOCAL_PATH.matcher(next).matches() || next.startsWith("//") || next.startsWith("/auth/")) {
            return "/";
        }
        return next;
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
