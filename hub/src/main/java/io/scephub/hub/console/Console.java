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
            "/console.css");
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9/._~%?=&-]*");
    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final HubSettings.Console settings;
    private final OidcSignIn oidc;
    private final ConsoleSessions sessions;
    private final ConsoleData data;
    private final SyncQueue syncs;
    private final ConsoleHistory history;
    private final Templates templates = new Templates();
    private final boolean alwaysSecure;

    public Console(HubSettings.Console settings, OidcSignIn oidc, ConsoleSessions sessions, ConsoleData data, SyncQueue syncs) {
        this.settings = settings;
        this.oidc = oidc;
        this.sessions = sessions;
        this.data = data;
        this.syncs = syncs;
        this.history = new ConsoleHistory(data.auditLog(), data.deviceStateCounts());
        // Okta sends the browser back over https: the console is behind TLS, whatever the proxy says.
        this.alwaysSecure = settings.redirectUri().regionMatches(true, 0, "https:", 0, 6);
    }

    /** The console for {@code settings}: resolves the client secret now, reads scephub.yaml through {@code config} per page. */
    public static Console create(HubSettings.Console settings, io.scephub.config.SecretResolver secrets,
                                 java.util.function.Supplier<io.scephub.config.ScephubConfig> config, javax.sql.DataSource dataSource,
                                 SyncQueue syncs, java.time.Clock clock, io.scephub.core.http.VendorHttp http) {
        return new Console(settings, new OidcSignIn(settings, secrets.resolve(settings.clientSecret()), http),
                new ConsoleSessions(dataSource, clock), new ConsoleData(config, dataSource, clock), syncs);
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
        routes.get("/", ctx -> page(ctx, "Overview", "/", session -> templates.render("overview",
                layout(ctx, "Overview", "/", session, null), data.overview())));
        routes.get("/enrollments/{name}", ctx -> page(ctx, "Enrollment", "/", session -> {
            String name = ctx.pathParam("name");
            return data.enrollment(name).map(e -> templates.render("enrollment", layout(ctx, "Enrollment " + e.name(), "/", session, null), e))
                    .orElseGet(() -> notFound(ctx, session, "No enrollment named " + name + " in scephub.yaml."));
        }));
        routes.get("/syncs", ctx -> page(ctx, "Sync runs", "/syncs", session -> templates.render("syncs",
                layout(ctx, "Sync runs", "/syncs", session, null),
                data.syncs(Optional.ofNullable(ctx.queryParam("cursor")), session.role().mayQueueSyncs()))));
        routes.get("/syncs/{id}", ctx -> page(ctx, "Sync run", "/syncs", session -> data.sync(ctx.pathParam("id"))
                .map(run -> templates.render("sync", layout(ctx, "Sync run " + run.shortId(), "/syncs", session, run.active() ? "2" : null), run))
                .orElseGet(() -> notFound(ctx, session, "No sync run with that id."))));
        routes.post("/syncs", ctx -> guarded(ctx, () -> queueSync(ctx)));
        routes.get("/renewals", ctx -> page(ctx, "Renewals", "/renewals", session -> templates.render("renewals",
                layout(ctx, "Renewal waves", "/renewals", session, null), history.renewals(data.now()))));
        routes.get("/challenges", ctx -> page(ctx, "Challenges", "/challenges", session -> templates.render("challenges",
                layout(ctx, "Challenge decisions", "/challenges", session, null), history.challenges(data.now()))));
        routes.get("/audit", ctx -> page(ctx, "Audit log", "/audit", session -> templates.render("audit",
                layout(ctx, "Audit log", "/audit", session, null), data.audit())));
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
        Optional<ConsoleRole> role = ConsoleRole.of(identity.groups(), settings);
        if (role.isEmpty()) {
            log.warn("console_sign_in_refused subject={} reason=no_console_group", identity.subject());
            message(ctx, 403, "Not allowed", new ConsoleViews.Message("You are signed in to Okta as " + identity.displayName()
                    + ", but not in a console group", "Viewers: " + String.join(", ", settings.viewers()) + ". Operators: "
                    + String.join(", ", settings.operators()) + ". Ask an Okta admin to add you to one (the groups reach scephub in the "
                    + settings.groupsClaim() + " claim).", null, null));
            return;
        }
        ConsoleSession session = sessions.create(identity.subject(), identity.displayName(), role.get());
        setCookie(ctx, SESSION_COOKIE, session.id(), "/", (int) ConsoleSessions.SESSION_LIFETIME.toSeconds());
        log.info("console_signed_in subject={} role={}", identity.subject(), role.get().label());
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
        if (!session.get().role().mayQueueSyncs()) {
            log.warn("console_forbidden subject={} action=queue_sync reason=role", session.get().subject());
            forbidden(ctx, session.get(), "Only operators may queue syncs; you are signed in as a viewer.");
            return;
        }
        String mode = Optional.ofNullable(ctx.formParam("mode")).orElse("");
        if (!mode.equals("sync") && !mode.equals("dry-run")) {
            message(ctx, 400, "Bad request", new ConsoleViews.Message("Unknown kind of run", "Choose Queue sync or Queue dry run.", "/syncs",
                    "Back to sync runs"));
            return;
        }
        String enrollment = Optional.ofNullable(ctx.formParam("enrollment")).orElse("").trim();
        List<String> targets = enrollment.isEmpty() ? List.of() : List.of(enrollment);
        if (!targets.isEmpty() && !data.enrollmentNames().contains(enrollment)) {
            message(ctx, 400, "Bad request", new ConsoleViews.Message("Unknown enrollment", "scephub.yaml defines no such enrollment.",
                    "/syncs", "Back to sync runs"));
            return;
        }
        SyncQueue.Queued queued = syncs.queue(new SyncRequest(SyncTrigger.API, "console:" + session.get().subject(), Optional.empty(),
                mode.equals("dry-run"), targets));
        log.info("sync_requested client=console subject={} run={} dry_run={}", session.get().subject(), queued.run().id(),
                mode.equals("dry-run"));
        ctx.redirect(ConsoleData.runHref(queued.run().id()), HttpStatus.SEE_OTHER);
    }

    // ----- pages --------------------------------------------------------------------------------

    /** Renders a page for a signed-in viewer or operator; anyone else is sent to sign in (GET) first. */
    private void page(Context ctx, String title, String section, PageBody body) {
        guarded(ctx, () -> {
            Optional<ConsoleSession> session = currentSession(ctx);
            if (session.isEmpty()) {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/auth/login?next=" + urlEncode(localPath(next)), HttpStatus.FOUND);
                return;
            }
            ctx.status(200).contentType("text/html; charset=utf-8").result(body.render(session.get()));
        });
    }

    /** A page body for the signed-in session. */
    private interface PageBody {
        String render(ConsoleSession session);
    }

    private ConsoleViews.Layout layout(Context ctx, String title, String section, ConsoleSession session, String refresh) {
        List<ConsoleViews.NavItem> nav = List.of(
                new ConsoleViews.NavItem("Overview", "/", section.equals("/")),
                new ConsoleViews.NavItem("Sync runs", "/syncs", section.equals("/syncs")),
                new ConsoleViews.NavItem("Renewals", "/renewals", section.equals("/renewals")),
                new ConsoleViews.NavItem("Challenges", "/challenges", section.equals("/challenges")),
                new ConsoleViews.NavItem("Audit", "/audit", section.equals("/audit")));
        return new ConsoleViews.Layout(title, nav, session == null ? null : session.displayName(),
                session == null ? null : session.role().label(), session == null ? null : session.csrfToken(),
                Ages.time(data.now()), refresh);
    }

    private String notFound(Context ctx, ConsoleSession session, String text) {
        ctx.status(404);
        return templates.render("message", layout(ctx, "Not found", "", session, null),
                new ConsoleViews.Message("Not found", text, "/", "Overview"));
    }

    private void forbidden(Context ctx, ConsoleSession session, String text) {
        ctx.status(403).contentType("text/html; charset=utf-8").result(templates.render("message", layout(ctx, "Forbidden", "", session, null),
                new ConsoleViews.Message("Forbidden", text, "/", "Overview")));
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
