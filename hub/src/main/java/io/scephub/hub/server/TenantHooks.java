package io.scephub.hub.server;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.ScephubConfig;
import io.scephub.core.model.DesiredState;
import io.scephub.hub.HubSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Each tenant's vendor endpoints ({@link ConnectorHooks}) from a session of its own, opened from scephub.yaml as
 * it is when {@code serve} starts and again when a reload finds the tenant's section or a secret value behind its
 * references changed: a changed credential reference, a rotated secret file, a tenant added or removed takes effect
 * without a restart; one tenant's session failing leaves the others.
 */
public final class TenantHooks implements AutoCloseable {
    private final Function<ScephubConfig, HubSession> open;
    private final Map<String, String> env;
    private final ConnectorHooks hooks = ConnectorHooks.empty();
    private final Map<String, HubSession> sessions = new HashMap<>();
    /** Each tenant's section (connectors with their secret references, enrollments) its endpoints were opened from. */
    private final Map<String, Opened> openedFrom = new HashMap<>();
    /** Digests the secret values a tenant's endpoints were opened with; its key lives in this process's memory only. */
    private final SecretValues secretValues = SecretValues.withRandomKey();

    /** A tenant's section and the keyed digest of the secret values its references resolved to. */
    private record Opened(DesiredState desired, SecretValues.Digest secrets) {
        boolean same(Opened other) {
            return other != null && desired.equals(other.desired) && secrets.sameAs(other.secrets);
        }
    }

    /**
     * {@code env} is the environment the sessions resolve {@code ${env:...}} from ({@code ${file:...}} is relative to
     * scephub.yaml); {@code open} opens a session on a configuration narrowed to one tenant (the serving hub's {@code open}).
     */
    public TenantHooks(Map<String, String> env, Function<ScephubConfig, HubSession> open) {
        this.open = Objects.requireNonNull(open, "open");
        this.env = Map.copyOf(env);
    }

    /** What the server mounts: one extension for every tenant's endpoints, now and after reloads. */
    public ConnectorHooks hooks() {
        return hooks;
    }

    /**
     * Serves {@code tenant}'s endpoints as {@code config} now defines them, from a newly opened session, in place of
     * those it had (their session is closed); a tenant whose section and secret values are unchanged keeps its session.
     * What a session learned is handed to the next (Okta's dynamic-challenge credentials, which exist only in memory,
     * see {@link ConnectorHooks#mount}). When the session does not open, the endpoints it had stay served and the error
     * is thrown (a configuration error names file, line and field, a secret error the reference, never a value).
     * Returns whether a session was opened.
     */
    public synchronized boolean serve(String tenant, ScephubConfig config) {
        ScephubConfig own = config.forTenant(tenant);
        Opened now = new Opened(own.desired(), secretValues.of(own.desired(),
                new EnvFileSecrets(env, own.source().toAbsolutePath().getParent())));
        if (now.same(openedFrom.get(tenant))) {
            return false;
        }
        HubSession session = open.apply(own);
        List<String> paths;
        try {
            paths = hooks.mount(tenant, session.connectors(), session.config().desired());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        openedFrom.put(tenant, now);
        HubSession previous = paths.isEmpty() ? sessions.remove(tenant) : sessions.put(tenant, session);
        if (paths.isEmpty()) {
            // Nothing of this session is served: no reason to keep it open.
            session.close();
        }
        if (previous != null) {
            previous.close();
        }
        return true;
    }

    /** Stops serving {@code tenant}'s endpoints (a tenant removed from scephub.yaml) and closes their session. */
    public synchronized void remove(String tenant) {
        hooks.unmount(tenant);
        openedFrom.remove(tenant);
        HubSession session = sessions.remove(tenant);
        if (session != null) {
            session.close();
        }
    }

    @Override
    public synchronized void close() {
        sessions.values().forEach(HubSession::close);
        sessions.clear();
    }
}
