package io.scephub.hub.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.scephub.config.Tenant;
import io.scephub.core.model.DesiredState;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DynamicChallengeSource;
import io.scephub.core.spi.DynamicChallenges;
import io.scephub.core.spi.InboundEndpoint;
import io.scephub.core.spi.InboundEndpoints;
import io.scephub.core.spi.InboundRequest;
import io.scephub.core.spi.InboundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the endpoints connectors offer vendors ({@link InboundEndpoints}, e.g. Jamf's SCEPChallenge
 * webhook): each tenant's under {@code /hooks/tenants/<tenant>/<connector id>/…}, the {@code default} tenant's
 * (a file without {@code tenants:}) also under {@code /hooks/<connector id>/…}. A tenant's endpoints can be
 * replaced or removed while serving ({@link #mount}, {@link #unmount}). Each endpoint authenticates its caller
 * itself, so the server's bearer-token check is left out there; the hub knows no vendor by name.
 */
public final class ConnectorHooks implements ServerExtension {
    public static final String PREFIX = "/hooks/";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorHooks.class);

    private record Mounted(String tenant, String path, InboundEndpoint endpoint) {
        /** E.g. {@code POST /hooks/jamf/scep-challenge}. */
        String described() {
            return endpoint.method() + " " + path;
        }
    }

    /** Hook bodies are a vendor's small JSON event; read by the server's rules for bodies (rate, concurrency). */
    private final RequestBodies bodies = new RequestBodies(HubServer.DEFAULT_MAX_BODY_BYTES);
    /** By path; replaced as a whole, so a request sees one tenant's endpoints either before or after a reload. */
    private volatile Map<String, Mounted> mounted = Map.of();
    /** Each tenant's challenge source, handed to the one that replaces it (what it learned stays in memory). */
    private final Map<String, DynamicChallengeSource> challengeSources = new java.util.HashMap<>();

    /** Serves nothing until tenants are {@link #mount}ed. */
    public static ConnectorHooks empty() {
        return new ConnectorHooks();
    }

    /** The {@code default} tenant's endpoints of {@code connectors} for {@code state} (see {@link #mount}). */
    public static ConnectorHooks of(Map<String, Connector> connectors, DesiredState state) {
        ConnectorHooks hooks = empty();
        hooks.mount(Tenant.DEFAULT, connectors, state);
        return hooks;
    }

    /**
     * Serves {@code tenant}'s endpoints of {@code connectors} for {@code state} from now on, in place of those it had;
     * the identity connector's challenge source for {@code state} is handed to the others. The source the tenant had is
     * passed to the new one, which may keep what it learned (Okta's dynamic-challenge passwords). Returns the paths.
     */
    public synchronized List<String> mount(String tenant, Map<String, Connector> connectors, DesiredState state) {
        Optional<DynamicChallengeSource> previous = Optional.ofNullable(challengeSources.get(tenant));
        Optional<DynamicChallengeSource> challenges = connectors.values().stream().filter(DynamicChallenges.class::isInstance)
                .map(c -> ((DynamicChallenges) c).challenges(state, previous)).findFirst();
        List<Mounted> added = new ArrayList<>();
        connectors.forEach((id, connector) -> {
            if (connector instanceof InboundEndpoints endpoints) {
                for (InboundEndpoint e : endpoints.endpoints(state, challenges)) {
                    added.add(new Mounted(tenant, PREFIX + "tenants/" + tenant + "/" + id + e.path(), e));
                    if (tenant.equals(Tenant.DEFAULT)) {
                        added.add(new Mounted(tenant, PREFIX + id + e.path(), e));
                    }
                }
            }
        });
        Map<String, Mounted> next = without(tenant);
        added.forEach(m -> next.put(m.path(), m));
        mounted = Map.copyOf(next);
        challenges.ifPresentOrElse(c -> challengeSources.put(tenant, c), () -> challengeSources.remove(tenant));
        return added.stream().map(Mounted::described).toList();
    }

    /** Stops serving {@code tenant}'s endpoints: they answer as any unknown path from now on. */
    public synchronized void unmount(String tenant) {
        mounted = Map.copyOf(without(tenant));
        challengeSources.remove(tenant);
    }

    private Map<String, Mounted> without(String tenant) {
        Map<String, Mounted> next = new LinkedHashMap<>();
        mounted.forEach((path, m) -> {
            if (!m.tenant().equals(tenant)) {
                next.put(path, m);
            }
        });
        return next;
    }

    /** The paths served now, e.g. {@code POST /hooks/jamf/scep-challenge}, sorted, for the start-up message. */
    public List<String> paths() {
        return mounted.values().stream().map(Mounted::described).sorted().toList();
    }

    /**
     * Serves only these endpoints on {@code host:port} (the demo's stand-in for {@code scephub serve}, so the
     * sandbox's Jamf can call its webhook); stop it with {@code close()}.
     */
    public AutoCloseable startAlone(String host, int port) {
        io.javalin.Javalin app = io.javalin.Javalin.create(config -> {
            RequestBodies.configure(config.jetty, host, port);
            config.startup.showJavalinBanner = false;
            register(config.routes);
        });
        app.start();
        return app::stop;
    }

    @Override
    public boolean owns(String path) {
        return mounted.containsKey(path);
    }

    @Override
    public void register(RoutesConfig routes) {
        // One route for every hook path: which tenants' endpoints exist is looked up per request, so a reload needs no new route.
        routes.post(PREFIX + "<hook>", ConnectorHooks.this::answer);
        routes.get(PREFIX + "<hook>", ConnectorHooks.this::answer);
    }

    private void answer(Context ctx) {
        Mounted m = mounted.get(ctx.path());
        if (m == null || !m.endpoint().method().equals(ctx.method().name())) {
            ctx.status(404);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        byte[] body;
        try {
            body = bodies.read(ctx);
        } catch (Problem p) {
            // A vendor's webhook client reads a status and a line of text, not problem+json.
            ctx.status(p.status()).contentType("text/plain; charset=utf-8").result(p.getMessage());
            return;
        }
        InboundResponse response;
        try {
            response = m.endpoint().handler().apply(new InboundRequest(headers, body, ctx.ip()));
        } catch (RuntimeException e) {
            // A connector's failure is the vendor's 502, never a stack trace (its message may name internals, not secrets).
            LOG.warn("hook_failed path={} error={}", m.path(), e.getClass().getSimpleName());
            response = InboundResponse.text(502, "scephub could not answer: " + e.getClass().getSimpleName());
        }
        response.headers().forEach(ctx::header);
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
    }
}
