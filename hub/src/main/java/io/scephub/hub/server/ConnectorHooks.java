package io.scephub.hub.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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
 * webhook) under {@code /hooks/<connector id>/…}. Each endpoint authenticates its caller itself, so the
 * server's bearer-token check is left out there; the hub knows no vendor by name.
 */
public final class ConnectorHooks implements ServerExtension {
    public static final String PREFIX = "/hooks/";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorHooks.class);

    private record Mounted(String path, InboundEndpoint endpoint) {
    }

    private final List<Mounted> mounted;

    private ConnectorHooks(List<Mounted> mounted) {
        this.mounted = List.copyOf(mounted);
    }

    /**
     * The endpoints of {@code connectors} for {@code state}; the identity connector's challenge source for
     * {@code state} is handed to the others.
     */
    public static ConnectorHooks of(Map<String, Connector> connectors, DesiredState state) {
        Optional<DynamicChallengeSource> challenges = connectors.values().stream().filter(DynamicChallenges.class::isInstance)
                .map(c -> ((DynamicChallenges) c).challenges(state)).findFirst();
        List<Mounted> mounted = new ArrayList<>();
        connectors.forEach((id, connector) -> {
            if (connector instanceof InboundEndpoints endpoints) {
                endpoints.endpoints(state, challenges).forEach(e -> mounted.add(new Mounted(PREFIX + id + e.path(), e)));
            }
        });
        return new ConnectorHooks(mounted);
    }

    /** The paths served, e.g. {@code POST /hooks/jamf/scep-challenge}, for the start-up message. */
    public List<String> paths() {
        return mounted.stream().map(m -> m.endpoint().method() + " " + m.path()).toList();
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
        return mounted.stream().anyMatch(m -> m.path().equals(path));
    }

    @Override
    public void register(RoutesConfig routes) {
        for (Mounted m : mounted) {
            switch (m.endpoint().method()) {
                case "POST" -> routes.post(m.path(), ctx -> answer(ctx, m));
                case "GET" -> routes.get(m.path(), ctx -> answer(ctx, m));
                default -> throw new IllegalArgumentException("unsupported hook method " + m.endpoint().method());
            }
        }
    }

    private static void answer(Context ctx, Mounted m) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        InboundResponse response;
        try {
            response = m.endpoint().handler().apply(new InboundRequest(headers, ctx.bodyAsBytes(), ctx.ip()));
        } catch (RuntimeException e) {
            // A connector's failure is the vendor's 502, never a stack trace (its message may name internals, not secrets).
            LOG.warn("hook_failed path={} error={}", m.path(), e.getClass().getSimpleName());
            response = InboundResponse.text(502, "scephub could not answer: " + e.getClass().getSimpleName());
        }
        response.headers().forEach(ctx::header);
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
    }
}
